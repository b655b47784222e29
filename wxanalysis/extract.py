"""Figure extractor (INTERIM minimal version; the full extractor replaces the internals, same contract)."""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd

COLUMNS = ["value", "unit", "qualifier", "start", "end", "quote", "section", "theme", "indicator",
           "label_zh", "label_en", "quote_start", "quote_end", "relation"]
_UNITS = "個工作日|个工作日|個百分點|个百分点|個方面|个方面|個月|个月|人次|小時|小时|[個个項项件名次份起%％]"
_RX = re.compile(r"(?<![0-9.])([0-9]+(?:\.[0-9]+)?)([餘余多])?(" + _UNITS + r")(以上|以內|以内|以下)?")
_BOUND = re.compile(r"[，,。；;：:！？!?\n]")


def _frame(rows: list[dict]) -> pd.DataFrame:
    cols = {c: [r.get(c) for r in rows] for c in COLUMNS}
    return pd.DataFrame({
        "value": pd.array(cols["value"], dtype="float64"),
        **{c: pd.array(cols[c], dtype="string") for c in ("unit", "qualifier")},
        "start": pd.array(cols["start"], dtype="int64"), "end": pd.array(cols["end"], dtype="int64"),
        "quote": pd.array(cols["quote"], dtype="string"), "section": pd.array(cols["section"], dtype="Int64"),
        **{c: pd.array(cols[c], dtype="string") for c in ("theme", "indicator", "label_zh", "label_en")},
        "quote_start": pd.array(cols["quote_start"], dtype="int64"),
        "quote_end": pd.array(cols["quote_end"], dtype="int64"),
        "relation": pd.array(cols["relation"], dtype="string"),
    })


def extract_figures(text: str, *, explain: bool = False):
    """Figures stated in ``text`` (interim): value, unit, qualifier, number span, clause quote."""
    rows = []
    for m in _RX.finditer(text):
        s, e = m.span(1)
        if text[max(0, s - 1):s] in ("第",) or text[e:e + 1] in ("年", "月", "日"):
            continue
        qs = max((b.end() for b in _BOUND.finditer(text, max(0, s - 200), s)), default=max(0, s - 200))
        nb = _BOUND.search(text, m.end())
        qe = nb.start() if nb else len(text)
        unit = "%" if m.group(3) in "%％" else m.group(3)
        qual = "at_least" if (m.group(2) or m.group(4) == "以上") else (
            "at_most" if m.group(4) in ("以內", "以内", "以下") else "exact")
        rows.append(dict(value=float(Decimal(m.group(1))), unit=unit, qualifier=qual, start=s, end=e,
                         quote=text[qs:qe], quote_start=qs, quote_end=qe))
    df = _frame(rows)
    if explain:
        return df, pd.DataFrame({"token": pd.array([], dtype="string"), "start": pd.array([], dtype="int64"),
                                 "end": pd.array([], dtype="int64"), "rule": pd.array([], dtype="string"),
                                 "context": pd.array([], dtype="string")})
    return df
