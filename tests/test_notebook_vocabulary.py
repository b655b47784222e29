"""Notebook 08 (vocabulary): committed clean with a tagged parameters cell, and runs clean, with its charts, in
every LANG × SCRIPT combination (a parameters cell injected after the tagged one, as papermill does)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import nbformat
import pytest
from notebook_outputs import clean_outputs

from wxanalysis import runner

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "08_vocabulary.ipynb"
COMBOS = [(lang, script) for lang in ("zh-Hans", "zh-Hant", "en") for script in ("simplified", "traditional")]


def _read() -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOK, as_version=4)


def test_parameters_cell_is_first_tagged_and_holds_only_parameters() -> None:
    nb = _read()
    code = [c for c in nb.cells if c.cell_type == "code"]
    first = code[0]
    assert first.metadata == {"tags": ["parameters"]}
    names = re.findall(r"^(\w+)\s*=", first.source, flags=re.M)
    assert names == ["LANG", "SCRIPT", "FIGURES_DIR"]
    assert len([line for line in first.source.splitlines() if line.strip()]) == 3
    assert all(not c.metadata for c in code[1:])


def test_committed_without_outputs_or_digits_in_code() -> None:
    nb = _read()
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None
            assert not re.search(r"[0-9]", cell.source), cell.source
            assert "sys.path" not in cell.source and "savefig" not in cell.source
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "import wxanalysis as wx" in code
    assert "word cloud" not in code.lower() and "wordcloud" not in code.lower()


def _with_parameters(nb: nbformat.NotebookNode, lang: str, script: str) -> nbformat.NotebookNode:
    index = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    injected = nbformat.v4.new_code_cell(f"LANG = {lang!r}\nSCRIPT = {script!r}\nFIGURES_DIR = None")
    injected.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(index + 1, injected)
    return nb


# every LANG x SCRIPT combination runs in tests/test_notebooks.py; here two of them, with the outputs checked
RUNS = [("zh-Hans", "simplified"), ("en", "traditional")]


@pytest.mark.parametrize(("lang", "script"), RUNS, ids=[f"{lang}-{script}" for lang, script in RUNS])
def test_notebook_runs_clean(lang: str, script: str, tmp_path: Path) -> None:
    from nbclient import NotebookClient

    nb = _with_parameters(_read(), lang, script)
    client = NotebookClient(nb, timeout=300, kernel_name=runner.KERNEL_NAME, allow_errors=False,
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        client.execute(env=runner.kernel_env())
    images = 0
    tables = 0
    for _i, out in clean_outputs(nb):
        data = out.get("data", {})
        images += "image/png" in data
        tables += "text/html" in data and "<table" in data["text/html"]
    assert images == 4
    assert tables == 4  # distinctive terms and three KWIC tables
