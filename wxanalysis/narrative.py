"""The notebooks' prose helpers: sentences and evidence tables whose numbers come from the report's tables.

The notebooks type no number: ``narrate(report, template)`` fills a Markdown template from the tables
(``fill``, ``values``); ``evidence(table, lang)`` shows what stands behind a chart; ``part_text`` quotes one
part of the report. Keys typed in either script find what they name in a report of either script (四办 finds
四辦), and a template's own Chinese words are written in the report's script.
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from .charts import Lang, format_value, label_column
from .text import convert_script


def _fold(text: str) -> str:
    return convert_script(text, "simplified")


def _in_script(text: str, script: str) -> str:
    return convert_script(text, "traditional") if script == "traditional" else text


def values(report: Any) -> dict[str, str]:
    """Every curated figure and derived indicator of ``report``, formatted for prose, by indicator key.

    Values carry their qualifier ("300+", "95%+") and % sign, not their measure word. A few counts about the
    report itself are added: ``n_figures`` (rows of ``report.figures()``), ``n_parts``, ``n_sections``,
    ``n_formulas``, ``n_defects`` and ``n_<kind>`` for each kind of defect (``n_conversion_error`` …).
    """
    from . import tables

    out: dict[str, str] = {}
    figures = report.figures()
    for frame in (figures, tables.derived_indicators(report)):
        for row in frame.itertuples(index=False):
            if isinstance(row.indicator, str):
                out[row.indicator] = format_value(float(row.value), str(row.unit), str(row.qualifier))
    sections = report.sections
    quality = report.quality()
    out["n_figures"] = str(len(figures))
    out["n_parts"] = str(len(sections))
    out["n_sections"] = str(int(sections["kind"].eq("section").sum()))
    out["n_formulas"] = str(len(report.formulas()))
    out["n_defects"] = str(len(quality))
    for kind, n in quality["kind"].value_counts().items():
        out[f"n_{kind}"] = str(n)
    return out


_FIELD = re.compile(r"\{(?:(quote|members|count):)?([^{}:\s]+)\}")


def _formula(report: Any, key: str) -> pd.Series:
    formulas = report.formulas()
    rows = formulas[formulas["formula"].map(_fold).eq(_fold(key))]
    if rows.empty:
        raise KeyError(f"no formula {key!r} in this report")
    return rows.iloc[0]


def fill(report: Any, template: str) -> str:
    """``template`` with its fields filled from the report's tables, in the report's script.

    ``{indicator}`` → the value (see ``values``); ``{quote:indicator}`` → the clause that states it, verbatim,
    in 「」; ``{members:formula}`` / ``{count:formula}`` → the members (joined by 、) or the count of a
    numbered formula (提法) of ``report.formulas()``, the formula typed in either script. The template's own
    Chinese is converted to the report's script. An unknown key raises ``KeyError`` naming it.
    """
    vals = values(report)
    figures = report.figures()

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
        row = _formula(report, key)
        if kind == "count":
            return "" if pd.isna(row["count"]) else str(int(row["count"]))
        return "、".join(row["members"])

    return _FIELD.sub(one, _in_script(template, report.script))


def narrate(report: Any, template: str) -> Any:
    """``fill(report, template)`` as Markdown for a notebook's output."""
    from IPython.display import Markdown

    return Markdown(fill(report, template))


def evidence(table: pd.DataFrame, lang: Lang = "en") -> pd.DataFrame:
    """A themed table as the evidence behind a chart: label and figure (with qualifier and unit) in ``lang``,
    derived or not, the clause quoted (in the report's script) and its span in ``report.text``."""
    figure = [format_value(float(v), str(u), str(q), with_unit=True, lang=lang)
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
    quoted = "\n> ".join(report.text[start:end].strip().splitlines())
    return Markdown(f"> {quoted}\n\n<small>report.text[{start}:{end}]</small>")
