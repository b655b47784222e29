"""Notebooks 06 (your report) and 07 (across reports): a tagged parameters cell first, and 06 runs clean on
other places' reports, with ``REPORT`` set by a cell injected after the parameters cell (papermill style)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from notebook_outputs import clean_outputs

from wxanalysis import notebooks

ROOT = Path(__file__).resolve().parents[1]
NB06 = ROOT / "notebooks" / "06_your_report.ipynb"
NB07 = ROOT / "notebooks" / "07_across_reports.ipynb"
CORPUS = ROOT / "data" / "corpus"


def _first_code(nb):
    return next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")


@pytest.mark.parametrize(("path", "names"), [(NB06, ["REPORT", "LANG", "SCRIPT", "FIGURES_DIR"]),
                                             (NB07, ["LANG", "SCRIPT", "FIGURES_DIR"])])
def test_first_code_cell_holds_only_the_tagged_parameters(path: Path, names: list[str]) -> None:
    nb = nbformat.read(path, as_version=4)
    cell = nb.cells[_first_code(nb)]
    assert cell.metadata == {"tags": ["parameters"]}
    scope: dict = {}
    exec(cell.source, {}, scope)  # noqa: S102 - the committed cell of our own notebook
    assert list(scope) == names
    assert scope["LANG"] == "zh-Hans" and scope["SCRIPT"] == "simplified" and scope["FIGURES_DIR"] is None
    assert scope.get("REPORT", None) is None
    others = [c for c in nb.cells if c.get("metadata", {}).get("tags")]
    assert len(others) == 1


def _run_clean(path: Path, **parameters) -> nbformat.NotebookNode:
    """``path`` executed with ``parameters`` injected after its parameters cell (papermill style)."""
    nb = notebooks.execute_notebook(path, parameters)
    images = html = 0
    for _i, out in clean_outputs(nb):
        images += "image/png" in out.get("data", {})
        html += "<mark" in out.get("data", {}).get("text/html", "")
    assert images >= 1 and html >= 1
    return nb


@pytest.mark.parametrize("excerpt", ["devset2/texts/03.txt", "devset2/texts/05.txt", "devset/texts/07.txt"])
def test_06_runs_clean_on_other_reports(excerpt: str) -> None:
    """03: spaces around numbers; 05: traditional script with pinyin glosses; devset 07: another year."""
    report = CORPUS / excerpt
    nb = _run_clean(NB06, REPORT=str(report), LANG="en", SCRIPT="traditional", FIGURES_DIR=None)
    text = "".join(o.get("data", {}).get("text/plain", "") for c in nb.cells if c.cell_type == "code"
                   for o in c.outputs)
    assert excerpt.split("/")[-1] in text, "the report shown is the one asked for"
