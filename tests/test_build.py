"""The main job's tables: CSV + Parquet + datapackage.json, byte-identical on rerun."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from wxanalysis.build import build_tables


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    a = tmp_path_factory.mktemp("a")
    b = tmp_path_factory.mktemp("b")
    return a, build_tables(a, progress=False), b, build_tables(b, progress=False)


def test_rerun_is_byte_identical(built):
    a, files_a, b, files_b = built
    assert [p.name for p in files_a] == [p.name for p in files_b]
    for pa_, pb_ in zip(files_a, files_b, strict=True):
        assert pa_.read_bytes() == pb_.read_bytes(), pa_.name


def test_every_table_in_both_formats_and_described(built):
    a, files, _, _ = built
    pkg = json.loads((a / "datapackage.json").read_text(encoding="utf-8"))
    assert pkg["profile"] == "tabular-data-package"
    names = {p.stem for p in files if p.suffix == ".csv"}
    assert names == {p.stem for p in files if p.suffix == ".parquet"}
    assert {"figures", "sections", "formulas", "quality", "checks", "derived_indicators"} <= names
    assert {r["path"] for r in pkg["resources"]} == {f"{n}.csv" for n in names}
    for res in pkg["resources"]:
        path = a / res["path"]
        with path.open(encoding="utf-8", newline="") as fh:
            header = next(csv.reader(fh))
        fields = res["schema"]["fields"]
        assert header == [f["name"] for f in fields], res["name"]
        assert all(f["type"] in {"string", "number", "integer", "boolean"} for f in fields)
        assert all(f.get("description") for f in fields), res["name"]
        parquet = pd.read_parquet(path.with_suffix(".parquet"))
        assert list(parquet.columns) == header
        assert len(parquet) == len(pd.read_csv(path))


def test_figures_csv_round_trip(built):
    a, _, _, _ = built
    f = pd.read_csv(a / "figures.csv", dtype={"unit": "string"})
    assert len(f) == 43
    assert f.loc[f["indicator"] == "approval_days_before", "value"].item() == 60
    fields = {fl["name"]: fl for fl in json.loads((a / "datapackage.json").read_text())["resources"][1]
              ["schema"]["fields"]}
    assert fields["value"]["type"] == "number" and fields["start"]["type"] == "integer"


def test_cli_help_and_tables_only(tmp_path):
    out = subprocess.run([sys.executable, "-m", "wxanalysis", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "build" in out.stdout and "extract" in out.stdout
    out = subprocess.run([sys.executable, "-m", "wxanalysis", "build", "--tables-only", "--out", str(tmp_path)],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "figures.csv").is_file() and "[1/" in out.stderr


def test_build_outside_a_checkout_says_what_to_do(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("WXANALYSIS_")}
    out = subprocess.run([sys.executable, "-m", "wxanalysis", "build"], capture_output=True, text=True,
                         cwd=tmp_path, env=env)
    assert out.returncode == 2
    assert "WXANALYSIS_PROCESSED_DIR" in out.stderr and "Traceback" not in out.stderr


def test_build_names_a_broken_notebook_in_one_line(tmp_path):
    """A notebook that is not JSON stops the build with one line naming it, no traceback, no chart written."""
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    (nbs / "01_broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "wxanalysis", "build", "-q", "--out", str(tmp_path / "tables"),
                          "--figures", str(tmp_path / "figures"), "--notebooks", str(nbs)],
                         capture_output=True, text=True)
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: 01_broken.ipynb: not valid JSON ("), out.stderr
    assert not (tmp_path / "figures").exists()
