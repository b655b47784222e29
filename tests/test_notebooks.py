"""The five notebooks: committed clean, no typed numbers, each runs top to bottom in a fresh kernel with no error
and at least one chart, the build's runner reports progress and failures, and reruns give identical files."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import nbformat
import pytest

import wxanalysis as wx
from wxanalysis import notebooks, tables

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
NAMES = [p.name for p in NOTEBOOKS]


def _digest(paths: list[Path]) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every notebook executed once, as the build does, into a temporary figures folder."""
    figures = tmp_path_factory.mktemp("figures")
    before = _digest(NOTEBOOKS)
    nbs, written = notebooks.execute_all(NOTEBOOK_DIR, figures, progress=False)
    return {"nbs": dict(zip(NAMES, nbs, strict=True)), "written": written, "figures": figures,
            "before": before}


# --- the committed files -----------------------------------------------------------------------------------


def test_five_numbered_notebooks() -> None:
    assert len(NOTEBOOKS) >= 5
    assert [n[:3] for n in NAMES[:5]] == ["01_", "02_", "03_", "04_", "05_"]
    assert all(re.fullmatch(r"\d\d_[a-z_]+\.ipynb", n) for n in NAMES)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_committed_notebook_is_clean(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert set(nb.metadata) <= {"kernelspec", "language_info"}
    for cell in nb.cells:
        # the only cell metadata allowed: the papermill tag of the parameters cell
        assert not cell.get("metadata") or cell.metadata == {"tags": ["parameters"]}, \
            f"cell metadata {cell.get('metadata')}"
        if cell.cell_type == "code":
            assert cell.outputs == [], "outputs committed"
            assert cell.execution_count is None, "execution count committed"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebook_types_no_number_and_no_path_hack(path: Path) -> None:
    """Numbers come from the tables: no digit anywhere in a cell; the installed package is imported."""
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        assert not re.search(r"[0-9]", cell.source), f"cell {i} types a number: {cell.source[:120]!r}"
        assert "sys.path" not in cell.source
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "import wxanalysis as wx" in code
    assert not re.search(r"^\s*(for|while|def|class)\b", code, flags=re.M), "logic belongs in wxanalysis"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_notebook_opens_with_a_question_and_closes_with_limits(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].cell_type == "markdown" and "**Question.**" in nb.cells[0].source
    assert nb.cells[-1].cell_type == "markdown"
    assert "What the figures can and cannot support" in nb.cells[-1].source
    assert "**Can**" in nb.cells[-1].source and "**Cannot**" in nb.cells[-1].source


# --- execution ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_clean_with_a_chart(name: str, executed: dict) -> None:
    nb = executed["nbs"][name]
    images = 0
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        assert cell.execution_count is not None, f"cell {i} did not run"
        for out in cell.outputs:
            assert out.output_type != "error", f"cell {i}: {out.get('ename')}: {out.get('evalue')}"
            assert not (out.output_type == "stream" and out.name == "stderr"), f"cell {i} stderr: {out.text}"
            images += "image/png" in out.get("data", {})
    assert images >= 1


def test_notebooks_save_every_chart(executed: dict) -> None:
    from wxanalysis import charts

    written = {p.name for p in executed["written"]}
    for name in charts.CHARTS:
        assert {f"{name}.png", f"{name}.svg", f"{name}.csv"} <= written, name
    assert all(p.parent == executed["figures"] for p in executed["written"])


def test_execution_leaves_the_committed_notebooks_unchanged(executed: dict) -> None:
    assert _digest(NOTEBOOKS) == executed["before"]


def test_rerun_gives_byte_identical_files(executed: dict, tmp_path: Path) -> None:
    """A second run (of one notebook, in a new kernel) writes exactly the same bytes as the first."""
    manifest = tmp_path / "manifest.txt"
    notebooks.execute_notebook(NOTEBOOK_DIR / "02_admin_reform.ipynb", tmp_path / "again", manifest=manifest)
    again = sorted({Path(p) for p in manifest.read_text(encoding="utf-8").split()})
    assert len(again) >= 6
    for path in again:
        first = executed["figures"] / path.name
        assert path.read_bytes() == first.read_bytes(), path.name


# --- the runner, on small notebooks ------------------------------------------------------------------------


def _toy(folder: Path, name: str, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    path = folder / name
    nbformat.write(nb, path)
    return path


def test_run_notebooks_reports_progress_and_returns_files(tmp_path: Path, capfd: pytest.CaptureFixture) -> None:
    nb_dir = tmp_path / "nbs"
    nb_dir.mkdir()
    path = _toy(nb_dir, "01_toy.ipynb",
                "import wxanalysis as wx\nfrom wxanalysis import charts, tables\n"
                "t = tables.approval_time(wx.load_report())\n"
                "charts.save(charts.approval_time(t), 'toy', t)")
    before = path.read_bytes()
    written = notebooks.run_notebooks(nb_dir, tmp_path / "figs")
    assert [p.name for p in written] == ["toy.csv", "toy.png", "toy.svg"]
    assert all(p.is_file() for p in written)
    err = capfd.readouterr().err
    assert re.search(r"^\[1/1\] 01_toy\.ipynb \d+\.\d s$", err, flags=re.M), err
    assert path.read_bytes() == before


def test_run_notebooks_names_the_failing_notebook_and_cell(tmp_path: Path) -> None:
    nb_dir = tmp_path / "nbs"
    nb_dir.mkdir()
    _toy(nb_dir, "01_ok.ipynb", "x = 1")
    _toy(nb_dir, "02_bad.ipynb", "y = 2", "raise ValueError('broken on purpose')")
    with pytest.raises(notebooks.NotebookExecutionError, match=r"02_bad\.ipynb: cell 1 .*broken on purpose"):
        notebooks.run_notebooks(nb_dir, tmp_path / "figs", progress=False)


def test_run_notebooks_needs_notebooks(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        notebooks.run_notebooks(tmp_path, tmp_path / "figs", progress=False)


# --- prose helpers -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report() -> wx.Report:
    return wx.load_report(script="simplified")


def test_fill_takes_numbers_quotes_and_members_from_the_tables(report: wx.Report) -> None:
    text = notebooks.fill(report, "{approval_days_before}→{approval_days_after} ({approval_time_cut_pct}); "
                                  "{disputes_mediated}; {dispute_mediation_success_rate}; {quote:legal_advisers}; "
                                  "{members:四办} ({count:四办})")
    # expected values read in the report
    assert text == "60→11 (81.7%); 300+; 95%+; 「县政府法律顾问已增至4名」; 承诺办、网上办、就近办、全程代办 (4)"


def test_fill_refuses_unknown_keys(report: wx.Report) -> None:
    with pytest.raises(KeyError, match="no_such_indicator"):
        notebooks.fill(report, "{no_such_indicator}")
    with pytest.raises(KeyError, match="五办"):
        notebooks.fill(report, "{members:五办}")


def test_values_count_the_report(report: wx.Report) -> None:
    vals = notebooks.values(report)
    assert vals["n_sections"] == "5"
    assert vals["n_figures"] == str(len(report.figures()))
    assert vals["litigation_lost"] == "0"


def test_evidence_and_part_text_trace_to_the_text(report: wx.Report) -> None:
    ev = notebooks.evidence(tables.mediation(report))
    row = ev[ev["indicator"] == "disputes_mediated"].iloc[0]
    assert row["figure"] == "300+起"
    assert report.text[row["start"]:row["end"]] == "300"
    md = notebooks.part_text(report, "problems").data
    assert "败诉率较高" in md and md.startswith("> ")
