"""The notebooks: committed clean with a tagged parameters cell and no typed numbers; each runs clean in every
LANG × SCRIPT combination (parallel kernels); hand runs leave the build's charts alone; the build writes every
chart and a standalone HTML page per notebook, identical on rerun; the runner injects parameters, isolates
notebooks that share a kernel and reports failures in one line."""

from __future__ import annotations

import ast
import hashlib
import importlib.util
import itertools
import re
import typing
from pathlib import Path

import nbformat
import pytest
from notebook_outputs import clean_outputs

import wxanalysis as wx
from wxanalysis import build, charts, notebooks, runner
from wxanalysis.report import Script

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = ROOT / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
NAMES = [p.name for p in NOTEBOOKS]
LANGS = charts.LANGS
SCRIPTS = typing.get_args(Script)
#: The parameters cell of the contract: name → (required, allowed values); the first value is the default.
CONTRACT = {"LANG": (True, LANGS), "SCRIPT": (True, ("simplified", "traditional")),
            "FIGURES_DIR": (True, (None,)), "REPORT": (False, (None,))}
DEFAULTS = {"LANG": "zh-Hans", "SCRIPT": "simplified"}
#: The five combinations a hand run may choose besides the defaults, which the build runs.
OTHER_COMBINATIONS = [{"LANG": lang, "SCRIPT": script} for lang, script in itertools.product(LANGS, SCRIPTS)
                      if {"LANG": lang, "SCRIPT": script} != DEFAULTS]


def _digest(paths: list[Path]) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}


def _state(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file under ``folder``: its digest and modification time."""
    return {p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()} if folder.is_dir() else {}


def _code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if c.cell_type == "code"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every notebook executed once, as the build does (parallel kernels), into temporary folders."""
    out = tmp_path_factory.mktemp("build")
    before = _digest(NOTEBOOKS)
    run = build.execute_all(NOTEBOOK_DIR, out / "figures", html_dir=out / "html", progress=False)
    return {"run": run, "nbs": dict(zip(NAMES, run.executed, strict=True)), "figures": out / "figures",
            "html": out / "html", "before": before, "charts": _digest(run.charts)}


@pytest.fixture(scope="module")
def hand_runs(built: dict) -> dict:
    """Every notebook in the five other LANG × SCRIPT combinations, run by hand (``FIGURES_DIR = None``) in
    parallel kernels, after the build; the build's charts and the checkout's ``figures/`` are recorded before
    and after. The kernels' ``WXANALYSIS_FIGURES_DIR`` points at the build's charts, so that a notebook saving
    to a default folder would be caught."""
    checkout_figures = ROOT / "figures"
    before = {"build": _state(built["figures"]), "checkout": _state(checkout_figures)}
    jobs = [runner.Job(path, {**combo, "FIGURES_DIR": None}) for path in NOTEBOOKS for combo in OTHER_COMBINATIONS]
    outcomes = runner.run_jobs(jobs, env={"WXANALYSIS_FIGURES_DIR": str(built["figures"])})
    after = {"build": _state(built["figures"]), "checkout": _state(checkout_figures)}
    return {"outcomes": outcomes, "before": before, "after": after}


# --- the committed files -----------------------------------------------------------------------------------


def test_numbered_notebooks() -> None:
    assert len(NOTEBOOKS) >= 5
    assert all(re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", n) for n in NAMES), NAMES
    assert [int(n[:2]) for n in NAMES] == list(range(1, len(NAMES) + 1))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_committed_notebook_is_clean(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    assert set(nb.metadata) <= {"kernelspec", "language_info"}
    first_code = _code_cells(nb)[0]
    for cell in nb.cells:
        allowed = {"tags": [runner.PARAMETERS_TAG]} if cell is first_code else {}
        assert cell.get("metadata", {}) in ({}, allowed), f"cell metadata {cell.get('metadata')}"
        if cell.cell_type == "code":
            assert cell.outputs == [], "outputs committed"
            assert cell.execution_count is None, "execution count committed"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=NAMES)
def test_first_code_cell_is_the_parameters_cell(path: Path) -> None:
    """Tagged ``parameters``, and only assignments of the contract's names to allowed literal defaults."""
    nb = nbformat.read(path, as_version=4)
    cell = _code_cells(nb)[0]
    assert runner.PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []), "first code cell not tagged"
    assert runner.parameters_cell(nb) == nb.cells.index(cell), "another cell is tagged parameters"
    assigned = {}
    for stmt in ast.parse(cell.source).body:
        assert isinstance(stmt, ast.Assign) and len(stmt.targets) == 1, ast.unparse(stmt)
        target = stmt.targets[0]
        assert isinstance(target, ast.Name) and target.id in CONTRACT, ast.unparse(stmt)
        assigned[target.id] = ast.literal_eval(stmt.value)
    assert {name for name, (required, _) in CONTRACT.items() if required} <= set(assigned)
    for name, value in assigned.items():
        assert value == CONTRACT[name][1][0] if name not in DEFAULTS else value == DEFAULTS[name], (name, value)


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


# --- execution: every combination, the build's files --------------------------------------------------------


def _assert_ran_clean(nb: nbformat.NotebookNode, label: str) -> None:
    for i, cell in enumerate(nb.cells):
        assert cell.cell_type != "code" or cell.execution_count is not None, f"{label}: cell {i} did not run"
    images = sum("image/png" in out.get("data", {}) for _i, out in clean_outputs(nb, label))
    assert images >= 1, f"{label}: no chart shown"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_clean_in_every_script_and_language(name: str, built: dict, hand_runs: dict) -> None:
    """The build's run (the defaults) and the five other combinations, each with no error and a chart."""
    _assert_ran_clean(built["nbs"][name], f"{name} (build)")
    mine = [o for o in hand_runs["outcomes"] if o.job.path.name == name]
    assert [dict(o.job.parameters) for o in mine] == [{**c, "FIGURES_DIR": None} for c in OTHER_COMBINATIONS]
    for outcome in mine:
        assert outcome.error is None, outcome.error
        _assert_ran_clean(outcome.notebook, outcome.job.label)


def test_hand_runs_leave_the_builds_charts_byte_identical(built: dict, hand_runs: dict) -> None:
    assert hand_runs["before"]["build"], "the build wrote no chart"
    assert hand_runs["after"]["build"] == hand_runs["before"]["build"]
    assert hand_runs["after"]["checkout"] == hand_runs["before"]["checkout"]


def test_build_saves_every_chart(built: dict) -> None:
    written = {p.name for p in built["run"].charts}
    for name in charts.CHARTS:
        assert {f"{name}.png", f"{name}.svg", f"{name}.csv"} <= written, name
    assert all(p.parent == built["figures"] and p.is_file() for p in built["run"].charts)
    assert sorted(p.name for p in built["figures"].iterdir()) == sorted(written)


def test_build_writes_a_standalone_page_per_notebook(built: dict) -> None:
    assert [p.name for p in built["run"].pages] == [f"{p.stem}.html" for p in NOTEBOOKS]
    for page, name in zip(built["run"].pages, NAMES, strict=True):
        html = page.read_text(encoding="utf-8")
        assert html.startswith("<!DOCTYPE html>")
        assert not re.search(r"""<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=["']?(?:https?:)?//""", html)
        assert not re.search(r"@import|url\(\s*['\"]?(?:https?:)?//", html)
        shown = sum("image/png" in out.get("data", {}) for c in _code_cells(built["nbs"][name]) for out in c.outputs)
        assert html.count('src="data:image/png;base64,') >= shown >= 1
        assert "wxanalysis-charts-" not in html, "the build's temporary folder is shown"


def test_execution_leaves_the_committed_notebooks_unchanged(built: dict, hand_runs: dict) -> None:
    assert _digest(NOTEBOOKS) == built["before"]


def test_rerun_in_a_fresh_kernel_gives_byte_identical_charts(built: dict, tmp_path: Path) -> None:
    """The build shares kernels between notebooks; one notebook rerun alone in a fresh kernel writes exactly
    the same bytes."""
    runner.execute_notebook(NOTEBOOK_DIR / "02_admin_reform.ipynb", {"FIGURES_DIR": str(tmp_path)})
    again = _digest(sorted(tmp_path.iterdir()))
    assert len(again) >= 6
    assert again == {name: built["charts"][name] for name in again}


# --- the runner, on small notebooks ------------------------------------------------------------------------


def _toy(folder: Path, name: str, *sources: str, parameters: str | None = None) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    nb.cells = [nbformat.v4.new_markdown_cell("# toy")]
    if parameters is not None:
        nb.cells.append(nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}))
    nb.cells += [nbformat.v4.new_code_cell(s) for s in sources]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    nbformat.write(nb, path)
    return path


def _stdout(nb: nbformat.NotebookNode) -> str:
    return "".join(o.get("text", "") for c in _code_cells(nb) for o in c.outputs if o.output_type == "stream")


def test_inject_parameters_follows_papermill(tmp_path: Path) -> None:
    nb = nbformat.read(_toy(tmp_path, "t.ipynb", "print(LANG)", parameters='LANG = "zh-Hans"'), as_version=4)
    out = runner.inject_parameters(nb, {"LANG": "en", "FIGURES_DIR": Path("/x"), "N": 3, "REPORT": None})
    assert [c.source for c in out.cells[1:3]] == ['LANG = "zh-Hans"',
                                                  "LANG = 'en'\nFIGURES_DIR = '/x'\nN = 3\nREPORT = None"]
    assert out.cells[2].metadata["tags"] == [runner.INJECTED_TAG]
    assert len(nb.cells) == 3, "the notebook given is not modified"
    again = runner.inject_parameters(out, {"LANG": "zh-Hant"})
    assert [c.source for c in again.cells].count("LANG = 'zh-Hant'") == 1 and len(again.cells) == 4
    nbformat.validate(again)
    bare = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = LANG")])
    assert runner.inject_parameters(bare, {"LANG": "en"}).cells[0].source == "LANG = 'en'"
    with pytest.raises(TypeError):
        runner.inject_parameters(nb, {"LANG": ["en"]})
    with pytest.raises(ValueError):
        runner.inject_parameters(nb, {"not a name": 1})


def test_run_notebooks_injects_reports_progress_and_returns_files(tmp_path: Path,
                                                                  capfd: pytest.CaptureFixture) -> None:
    nb_dir = tmp_path / "nbs"
    path = _toy(nb_dir, "01_toy.ipynb",
                "import wxanalysis as wx\nfrom wxanalysis import charts, tables\n"
                "t = tables.approval_time(wx.load_report())\n"
                "paths = charts.save(charts.approval_time(t, lang=LANG), 'toy', t, figures_dir=FIGURES_DIR)",
                parameters='LANG = "zh-Hans"\nFIGURES_DIR = None')
    before = path.read_bytes()
    written = notebooks.run_notebooks(nb_dir, tmp_path / "figs")
    assert [p.relative_to(tmp_path / "figs").as_posix() for p in written] == [
        "html/01_toy.html", "toy.csv", "toy.png", "toy.svg"]
    assert all(p.is_file() for p in written)
    err = capfd.readouterr().err
    assert re.search(r"^\[1/1\] 01_toy\.ipynb \d+\.\d s$", err, flags=re.M), err
    assert path.read_bytes() == before


def test_kernels_run_in_parallel_share_no_variables_and_keep_job_order(tmp_path: Path) -> None:
    """Two kernels for four notebooks; a kernel running a second notebook has reset its namespace but kept its
    modules; the first job finishes last and still comes first."""
    nb_dir = tmp_path / "nbs"
    probe = ("import os, sys, time\ntime.sleep(DELAY)\nprint(os.getpid(), 'leftover' in dir(), "
             "'wxanalysis' in sys.modules)\nimport wxanalysis\nleftover = True")
    paths = [_toy(nb_dir, f"0{i}_p.ipynb", probe, parameters="DELAY = 0") for i in range(1, 5)]
    delays = [3, 0, 0, 0]
    jobs = [runner.Job(p, {"DELAY": d}) for p, d in zip(paths, delays, strict=True)]
    out = runner.execute(jobs, workers=2)
    rows = [_stdout(nb).split() for nb in out]
    assert [nb.cells[2].source for nb in out] == [f"DELAY = {d}" for d in delays]
    assert len({pid for pid, _, _ in rows}) == 2, rows
    assert all(leftover == "False" for _, leftover, _ in rows), rows
    assert rows[0][2] == "False" and rows[-1][2] == "True", rows  # the fourth ran in a kernel already used


def test_failures_are_one_line_each_and_write_nothing(tmp_path: Path) -> None:
    nb_dir = tmp_path / "nbs"
    _toy(nb_dir, "01_ok.ipynb", "x = 1")
    _toy(nb_dir, "02_bad.ipynb", "y = 2", "raise ValueError('broken\\non purpose')", parameters="A = 1")
    _toy(nb_dir, "03_dies.ipynb", "import os\nos._exit(1)")
    _toy(nb_dir, "04_ok.ipynb", "z = 3")
    with pytest.raises(notebooks.NotebookExecutionError) as info:
        notebooks.run_notebooks(nb_dir, tmp_path / "figs", progress=False)
    lines = str(info.value).splitlines()
    assert len(lines) == 2, lines
    assert re.fullmatch(r"02_bad\.ipynb: cell 3 \(\"raise ValueError.*\"\) failed with ValueError: broken on purpose",
                        lines[0]), lines[0]
    assert lines[1].startswith("03_dies.ipynb: execution failed: "), lines[1]
    assert "Traceback" in info.value.details or "ValueError" in info.value.details
    assert isinstance(info.value, wx.ReportError)
    assert not (tmp_path / "figs").exists() or not any((tmp_path / "figs").rglob("*.*"))


def test_a_notebook_that_is_not_json_is_named_before_anything_runs(tmp_path: Path) -> None:
    nb_dir = tmp_path / "nbs"
    _toy(nb_dir, "01_ok.ipynb", "open('ran', 'w').close()")
    (nb_dir / "02_broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    (nb_dir / "03_not_a_notebook.ipynb").write_text('{"cells": 3}', encoding="utf-8")
    with pytest.raises(notebooks.NotebookExecutionError) as info:
        notebooks.run_notebooks(nb_dir, tmp_path / "figs", progress=False)
    lines = str(info.value).splitlines()
    assert len(lines) == 2 and lines[0].startswith("02_broken.ipynb: not valid JSON (") and \
        lines[1].startswith("03_not_a_notebook.ipynb: not a valid notebook ("), lines
    assert not (nb_dir / "ran").exists()


def test_run_notebooks_needs_notebooks(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        notebooks.run_notebooks(tmp_path, tmp_path / "figs", progress=False)


# --- tasks.py lab -------------------------------------------------------------------------------------------


def _tasks():
    spec = importlib.util.spec_from_file_location("wx_tasks", ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lab_runs_as_root_and_opens_no_browser_on_a_headless_machine() -> None:
    tasks = _tasks()
    root_headless = tasks.lab_command([], environ={}, is_root=True, platform="linux")
    assert "--allow-root" in root_headless and "--no-browser" in root_headless
    user_desktop = tasks.lab_command([], environ={"DISPLAY": ":0"}, is_root=False, platform="linux")
    assert "--allow-root" not in user_desktop and "--no-browser" not in user_desktop
    assert "--no-browser" not in tasks.lab_command([], environ={}, is_root=False, platform="darwin")
    assert tasks.lab_command(["--port", "9999"], environ={}, is_root=False, platform="linux")[-2:] == [
        "--port", "9999"]
