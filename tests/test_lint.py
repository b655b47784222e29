"""The code is ruff-clean (pyproject.toml's configuration) and the repo holds no generated files."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def test_ruff_is_clean(root):
    ruff = shutil.which("ruff") or str(Path(sys.executable).with_name("ruff"))
    proc = subprocess.run([ruff, "check", "wxanalysis", "tests", "bench", "tasks.py"], cwd=root,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_no_generated_or_cache_files_are_tracked(root):
    proc = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.skip("not a git checkout (e.g. an unpacked sdist): no tracked files to check")
    tracked = proc.stdout.split()
    bad = [f for f in tracked if "__pycache__" in f or ".ipynb_checkpoints" in f
           or (f.startswith(("data/processed/", "figures/")) and not f.endswith(".gitkeep"))]
    assert not bad, bad
