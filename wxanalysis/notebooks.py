"""The notebooks' helpers; the runner of the build is re-exported here for the command line.

Helpers for prose with numbers read from the tables (the notebooks type no number): ``values(report)``,
``narrate(report, template)``, ``evidence(table)``, ``part_text(report, kind)``.

Running notebooks headlessly (parameters injected, parallel kernels) is ``wxanalysis.runner``; the build's
notebook step (charts into ``figures/``, HTML pages into ``figures/html/``) is ``wxanalysis.build``.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from .charts import Lang, format_value, label_column

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


# --- running the notebooks: ``runner`` (kernels, parameters), ``build`` (charts and pages) -----------------

from .build import NotebookRun, execute_all, run_notebooks  # noqa: E402  (the command line imports them here)
from .runner import (  # noqa: E402
    NotebookExecutionError,
    execute_notebook,
    inject_parameters,
    kernel_env,
    notebook_paths,
)

__all__ = ["NotebookExecutionError", "NotebookRun", "evidence", "execute_all", "execute_notebook", "fill",
           "inject_parameters", "kernel_env", "narrate", "notebook_paths", "part_text", "run_notebooks", "values"]
