"""Set-up: pyproject's ranges admit the exact pins of environment.yml and requirements.lock, which agree;
the bundled data ships in a wheel."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile

import pytest

_RANGE = re.compile(r"([A-Za-z0-9_.-]+)>=([0-9.]+),<([0-9.]+)")


def _pyproject_ranges(root):
    data = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    deps = list(data["project"]["dependencies"])
    for extra in data["project"]["optional-dependencies"].values():
        deps += extra
    ranges = {}
    for d in deps:
        m = _RANGE.fullmatch(d)
        assert m, f"{d!r} is not a 'name>=low,<high' range"
        ranges[m[1]] = (m[2], m[3])
    return ranges


def _pyproject_pins(root):
    """The lower bound of each range: the version that environment.yml and requirements.lock pin."""
    return {name: low for name, (low, _high) in _pyproject_ranges(root).items()}


def _version(v):
    return tuple(int(x) for x in v.split("."))


def test_every_dependency_is_a_bounded_range(root):
    for name, (low, high) in _pyproject_ranges(root).items():
        assert _version(low) < _version(high), name


def test_environment_yml_agrees_with_pyproject(root):
    env = (root / "environment.yml").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\s*-\s*([A-Za-z0-9_.-]+)==([^\s#]+)\s*$", env, flags=re.M))
    assert listed == _pyproject_pins(root)
    assert re.search(r"^\s*-\s*python=3\.11\s*$", env, flags=re.M)


def test_lock_file_contains_the_direct_pins(root):
    lock = dict(line.split("==") for line in (root / "requirements.lock").read_text().split()
                if "==" in line)
    norm = {k.lower().replace("_", "-"): v for k, v in lock.items()}
    for name, version in _pyproject_pins(root).items():
        assert norm.get(name.lower().replace("_", "-")) == version, name


@pytest.fixture(scope="module")
def wheel(root, tmp_path_factory):
    # build from a copy of the sources, so that the checkout gets no build/ or egg-info folders
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(root / name, src / name)
    shutil.copytree(root / "wxanalysis", src / "wxanalysis", ignore=shutil.ignore_patterns("__pycache__"))
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
         str(src)],
        capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stderr
    (whl,) = out.glob("wxanalysis-*.whl")
    return whl


def test_wheel_ships_the_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for f in ("weixian_2019_report.txt", "indicators.csv", "source_findings.csv"):
        assert f"wxanalysis/data/{f}" in names


def test_non_editable_install_loads_the_bundled_report(wheel, tmp_path):
    target = tmp_path / "site"
    proc = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                           str(wheel)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    code = ("import wxanalysis as wx, pathlib; r = wx.load_report(); "
            f"assert pathlib.Path(wx.__file__).is_relative_to(pathlib.Path(r'{target}')); "
            "print(len(r.figures()), r.sha256)")
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert proc.returncode == 0, proc.stderr
    n, sha = proc.stdout.split()
    assert int(n) == 43 and sha.startswith("3cef1914")
