"""The notebooks' helpers, and their headless execution as the build does (``python -m wxanalysis build``).

Helpers for prose with numbers read from the tables (the notebooks type no number): ``values(report)``,
``narrate(report, template)``, ``evidence(table)``, ``part_text(report, kind)``.

Each notebook runs top to bottom in a fresh kernel (nbclient, kernel ``python3``) with the notebook's folder
as working directory, ``WXANALYSIS_FIGURES_DIR`` pointing at the figures folder (where ``charts.save``
writes) and ``PYTHONHASHSEED=0``. The executed notebooks stay in memory: outputs are never written back
into the committed files.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from .charts import Lang, format_value, label_column

if TYPE_CHECKING:
    import nbformat

#: Environment variable ``charts.save`` appends every file it writes to (one path per line), when set.
MANIFEST_ENV = "WXANALYSIS_FIGURES_MANIFEST"
KERNEL_NAME = "python3"


class NotebookExecutionError(RuntimeError):
    """A notebook cell failed; the message names the notebook, the cell and the error."""


# --- prose with numbers from the tables --------------------------------------------------------------------


def values(report: Any) -> dict[str, str]:
    """Every curated figure and derived indicator of ``report``, formatted for prose, by indicator key.

    Values carry their qualifier ("300+", "95%+") and % sign, not their measure word. A few counts about the
    report itself are added: ``n_figures`` (rows of ``report.figures()``), ``n_parts``, ``n_sections``,
    ``n_formulas`` and ``n_defects``.
    """
    from . import tables

    out: dict[str, str] = {}
    figures = report.figures()
    for frame in (figures, tables.derived_indicators(report)):
        for row in frame.itertuples(index=False):
            if isinstance(row.indicator, str):
                out[row.indicator] = format_value(float(row.value), str(row.unit), str(row.qualifier))
    sections = report.sections
    out["n_figures"] = str(len(figures))
    out["n_parts"] = str(len(sections))
    out["n_sections"] = str(int(sections["kind"].eq("section").sum()))
    out["n_formulas"] = str(len(report.formulas()))
    out["n_defects"] = str(len(report.quality()))
    return out


_FIELD = re.compile(r"\{(?:(quote|members|count):)?([^{}:\s]+)\}")


def fill(report: Any, template: str) -> str:
    """``template`` with its fields filled from the report's tables.

    ``{indicator}`` → the value (see ``values``); ``{quote:indicator}`` → the clause that states it, verbatim,
    in 「」; ``{members:formula}`` / ``{count:formula}`` → the members (joined by 、) or the count of a
    numbered formula (提法) of ``report.formulas()``. An unknown key raises ``KeyError`` naming it.
    """
    vals = values(report)
    figures = report.figures()
    formulas = report.formulas()

    def one(match: re.Match[str]) -> str:
        kind, key = match.group(1), match.group(2)
        if kind is None:
            if key not in vals:
                raise KeyError(f"no figure or derived indicator {key!r} in this report")
            return vals[key]
        if kind == "quote":
            rows = figures[figures["indicator"].astype("string").eq(key).fillna(False).astype(bool)]
            if rows.empty:
                raise KeyError(f"no figure {key!r} to quote")
            return f"「{rows['quote'].iloc[0]}」"
        rows = formulas[formulas["formula"].eq(key)]
        if rows.empty:
            raise KeyError(f"no formula {key!r} in this report")
        row = rows.iloc[0]
        if kind == "count":
            return "" if pd.isna(row["count"]) else str(int(row["count"]))
        return "、".join(row["members"])

    return _FIELD.sub(one, template)


def narrate(report: Any, template: str) -> Any:
    """``fill(report, template)`` as Markdown for a notebook's output."""
    from IPython.display import Markdown

    return Markdown(fill(report, template))


def evidence(table: pd.DataFrame, lang: Lang = "en") -> pd.DataFrame:
    """A themed table as the evidence behind a chart: label (in ``lang``), figure (with qualifier and the
    unit as written), derived or not, the clause quoted and its span in ``report.text``."""
    figure = [format_value(float(v), str(u), str(q)) + ("" if u == "%" else str(u))
              for v, u, q in zip(table["value"], table["unit"], table["qualifier"], strict=True)]
    return pd.DataFrame({
        "indicator": table["indicator"],
        "label": label_column(table, lang),
        "figure": pd.array(figure, dtype="string"),
        "derived": table["derived"],
        "quote": table["quote"],
        "start": table["start"],
        "end": table["end"],
    })


def part_text(report: Any, kind: str, number: int | None = None) -> Any:
    """The text of one part of the report (``report.sections`` ``kind``, and ``number`` for sections), as a
    Markdown block quote with its span."""
    from IPython.display import Markdown

    sections = report.sections
    rows = sections[sections["kind"].eq(kind)]
    if number is not None:
        rows = rows[rows["number"].eq(number).fillna(False).astype(bool)]
    if len(rows) != 1:
        raise KeyError(f"no single part kind={kind!r} number={number!r} in this report")
    start, end = int(rows["start"].iloc[0]), int(rows["end"].iloc[0])
    return Markdown(f"> {report.text[start:end].strip()}\n\n<small>report.text[{start}:{end}]</small>")


def notebook_paths(notebook_dir: str | Path) -> list[Path]:
    """The notebooks of ``notebook_dir`` in name order (checkpoints excluded)."""
    folder = Path(notebook_dir)
    if not folder.is_dir():
        raise FileNotFoundError(f"no notebook folder {folder}")
    return sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))


def kernel_env(figures_dir: str | Path, manifest: str | Path | None = None) -> dict[str, str]:
    """The environment a notebook kernel runs in: this process's, plus the figures folder and a fixed hash
    seed (and the manifest file ``charts.save`` records its files in, if given)."""
    env = dict(os.environ)
    env["WXANALYSIS_FIGURES_DIR"] = str(Path(figures_dir).resolve())
    env["PYTHONHASHSEED"] = "0"
    if manifest is not None:
        env[MANIFEST_ENV] = str(manifest)
    else:
        env.pop(MANIFEST_ENV, None)
    return env


def execute_notebook(
    path: str | Path,
    figures_dir: str | Path,
    *,
    timeout: int = 600,
    manifest: str | Path | None = None,
) -> nbformat.NotebookNode:
    """Run one notebook in a fresh kernel and return the executed copy (the file is not modified).

    Raises ``NotebookExecutionError`` naming the notebook and cell when a cell fails.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNEL_NAME,
        allow_errors=False,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    current = {"index": -1}

    def on_cell_start(cell: Any, cell_index: int) -> None:
        current["index"] = cell_index

    client.on_cell_start = on_cell_start
    # The kernel process's own stderr (not the cells' output, which nbclient collects) goes to a temporary
    # file, shown only when something fails.
    with tempfile.TemporaryFile() as kernel_stderr:
        try:
            client.execute(env=kernel_env(figures_dir, manifest), stderr=kernel_stderr)
        except CellExecutionError as exc:
            index = current["index"]
            source = nb.cells[index].source.strip().splitlines() if 0 <= index < len(nb.cells) else []
            first = source[0] if source else ""
            raise NotebookExecutionError(
                f"{path.name}: cell {index} ({first!r}) failed with {exc.ename}: {exc.evalue}\n{exc}"
            ) from None
        except Exception as exc:
            kernel_stderr.seek(0)
            log = kernel_stderr.read().decode("utf-8", errors="replace")[-3000:]
            raise NotebookExecutionError(f"{path.name}: execution failed: {exc!r}\nkernel stderr:\n{log}") from exc
    return nb


def execute_all(
    notebook_dir: str | Path, figures_dir: str | Path, *, progress: bool = True
) -> tuple[list[nbformat.NotebookNode], list[Path]]:
    """Execute every notebook of ``notebook_dir``; return the executed copies and the chart files written.

    See ``run_notebooks``.
    """
    notebooks = notebook_paths(notebook_dir)
    if not notebooks:
        raise FileNotFoundError(f"no notebooks in {notebook_dir}")
    figures = Path(figures_dir)
    figures.mkdir(parents=True, exist_ok=True)
    if progress:
        print(f"executing {len(notebooks)} notebooks in {notebook_dir} (charts to {figures})",
              file=sys.stderr, flush=True)
    executed = []
    fd, manifest = tempfile.mkstemp(prefix="wxanalysis-figures-", suffix=".txt")
    os.close(fd)
    try:
        for i, nb_path in enumerate(notebooks, start=1):
            t0 = time.perf_counter()
            executed.append(execute_notebook(nb_path, figures, manifest=manifest))
            if progress:
                print(f"[{i}/{len(notebooks)}] {nb_path.name} {time.perf_counter() - t0:.1f} s",
                      file=sys.stderr, flush=True)
        written = Path(manifest).read_text(encoding="utf-8").splitlines()
    finally:
        os.unlink(manifest)
    return executed, sorted({Path(p) for p in written if p})


def run_notebooks(notebook_dir: str | Path, figures_dir: str | Path, *, progress: bool = True) -> list[Path]:
    """Execute every notebook of ``notebook_dir`` headlessly, in name order; their charts go to ``figures_dir``.

    Each runs in a fresh kernel (see the module docstring); the notebook files are not modified. Shows
    progress on stderr ("[2/5] 02_admin_reform.ipynb 6.1 s"). Raises ``NotebookExecutionError`` naming the
    notebook and cell on the first failing cell. Returns the chart files the notebooks wrote, sorted.
    """
    return execute_all(notebook_dir, figures_dir, progress=progress)[1]
