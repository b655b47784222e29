"""Defects of the source text itself, each with its span and a note.

Found by rules that would find the same kind of damage in any report:

* ``missing_heading_numeral`` — a section heading that lost its numeral (a bare "、") or its numeral and
  "、" both (recovered by ``sections.outline``);
* ``missing_character`` — 我 opening a clause without the 县/市/区 that names the government (我法治政府建设);
* ``missing_punctuation`` — a list ordinal (一是, 二是…) glued to the previous sentence with no stop;
* ``mixed_script`` — in a traditional text, runs of simplified-only characters (header fields left
  unconverted), or the reverse;
* ``conversion_error`` — in a text received in traditional script, a wrong variant chosen by the conversion
  from simplified (換髮新證 for 換發新證), found with OpenCC's dictionaries (``wxanalysis.conversion``).

Damage that only a reader can see (a lost phrase, a lost character inside a word) is kept as reviewed data in
``data/source_findings.csv`` (anchor phrase in simplified script, note), joined to the text like the indicator
labels: an anchor must occur exactly once (``CurationError`` otherwise). Spans are ``str`` offsets.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import pandas as pd

from .bundled import BUNDLED_SHA256
from .catalog import anchor_spans
from .errors import CurationError
from .numerals import CN_ORDER, chinese_int

COLUMNS = ["kind", "start", "end", "excerpt", "note", "found_by"]

_GOV = "县市区省州旗盟镇乡街村们国党委局院厅部办处司校"
_BARE_WO = re.compile(rf"(?:^|(?<=[,，。；;：:\n]))[ \u3000]*(我)(?![{_GOV}])(\w{{1,6}})", re.M)
_ORDINALS = CN_ORDER  # 一是, 二是 … in order
_GLUED_ORDINAL = re.compile(rf"(?<=[\u4e00-\u9fff])([{_ORDINALS}])是(?=[\u4e00-\u9fff“])")


@lru_cache(maxsize=1)
def load_findings() -> pd.DataFrame:
    """The reviewed findings file (kind, anchor, note) as strings."""
    path = resources.files("wxanalysis").joinpath("data", "source_findings.csv")
    with path.open(encoding="utf-8") as fh:
        df = pd.read_csv(fh, dtype="string", keep_default_na=False)
    if list(df.columns) != ["kind", "anchor", "note"]:
        raise CurationError(f"source_findings.csv columns {list(df.columns)} != ['kind', 'anchor', 'note']")
    return df


def _heading_defects(text: str) -> list[dict]:
    from .sections import outline

    out = []
    for h in outline(text):
        if h.level != 1 or not h.recovered:
            continue
        if h.recovered == "numeral":
            note = (f"section {h.number}: the heading numeral before 、 is lost; the number is recovered from "
                    "the order of the headings")
        else:
            note = (f"section {h.number}: the heading lost its numeral and 、; recognised as a heading by its "
                    "shape (a short two-phrase first sentence, like the other section headings)")
        out.append({"kind": "missing_heading_numeral", "start": h.start, "end": h.title_end,
                    "excerpt": text[h.start:h.title_end], "note": note, "found_by": "rule"})
    return out


def _bare_wo(text: str, simp: str) -> list[dict]:
    out = []
    for m in _BARE_WO.finditer(simp):
        s, e = m.start(1), m.end(2)
        out.append({"kind": "missing_character", "start": s, "end": e, "excerpt": text[s:e],
                    "note": "我 without the 县/市/区 that names the government (read 我县); a character is lost",
                    "found_by": "rule"})
    return out


def _glued_ordinals(text: str, simp: str) -> list[dict]:
    out = []
    for m in _GLUED_ORDINAL.finditer(simp):
        n = chinese_int(m.group(1)) - 1  # position in _ORDINALS
        para_start = simp.rfind("\n", 0, m.start()) + 1
        para_end = simp.find("\n", m.end())
        para = simp[para_start: para_end if para_end >= 0 else len(simp)]
        sibling = (_ORDINALS[n + 1] + "是") if n == 0 else (_ORDINALS[n - 1] + "是")
        if sibling not in para:
            continue
        s, e = m.start() - 1, m.end()
        out.append({"kind": "missing_punctuation", "start": s, "end": e, "excerpt": text[s:e],
                    "note": f"the list item {text[m.start():m.end()]} follows the previous sentence with no "
                            "full stop; a punctuation mark is lost", "found_by": "rule"})
    return out


def _mixed_script(text: str, script: str) -> list[dict]:
    from .text import mixed_script_runs

    if script == "mixed":
        return []
    other = "simplified" if script == "traditional" else "traditional"
    runs = [(s, e) for s, e, sc in mixed_script_runs(text) if sc == other]
    # merge runs within one field (no whitespace between them): one finding per field
    merged: list[list[int]] = []
    for s, e in runs:
        if merged and not any(ch.isspace() for ch in text[merged[-1][1]:s]):
            merged[-1][1] = e
        else:
            merged.append([s, e])
    out = []
    for s, e in merged:
        # widen to the whole field (up to the surrounding run of spaces)
        while s > 0 and not text[s - 1].isspace():
            s -= 1
        while e < len(text) and not text[e].isspace():
            e += 1
        out.append({"kind": "mixed_script", "start": s, "end": e, "excerpt": text[s:e],
                    "note": f"{other}-script characters in a {script} text: this part was left unconverted",
                    "found_by": "rule"})
    return out


def _reviewed(text: str, simp: str) -> list[dict]:
    out, problems = [], []
    for f in load_findings().itertuples(index=False):
        spans = anchor_spans(simp, f.anchor)
        if len(spans) != 1:
            problems.append(f"{f.kind}: anchor {f.anchor!r} occurs {len(spans)} times (need 1)")
            continue
        s, e = spans[0]
        out.append({"kind": f.kind, "start": s, "end": e, "excerpt": text[s:e], "note": f.note,
                    "found_by": "reviewed"})
    if problems:
        raise CurationError("reviewed source findings do not match the report:\n  " + "\n  ".join(problems))
    return out


def _conversion_errors(source_text: str, source_script: str, simp: str) -> list[dict]:
    from .conversion import conversion_errors

    if source_script != "traditional":
        return []
    return [{"kind": "conversion_error", "start": e.start, "end": e.end, "excerpt": source_text[e.start:e.end],
             "note": e.note, "found_by": "rule"} for e in conversion_errors(source_text, simp)]


def find_defects(text: str, script: str, *, source_text: str | None = None, source_script: str | None = None,
                 sha256: str | None = None) -> pd.DataFrame:
    """Defects of a report's ``text`` (in ``script``): ``kind``, ``start``/``end`` (int64), ``excerpt``
    (= text[start:end]), ``note``, ``found_by`` ("rule" or "reviewed").

    ``source_text``/``source_script`` are the text as received and its script, before any conversion (same
    length): mixed script and conversion errors are properties of the source. Reviewed findings apply to the
    bundled report only (``sha256`` equal to its checksum).
    """
    from .text import convert_script

    simp = text if script == "simplified" else convert_script(text, "simplified")
    rows = _heading_defects(text) + _bare_wo(text, simp) + _glued_ordinals(text, simp)
    # conversion is character for character, so the spans of the source are the same in ``text``
    source = source_text if source_text is not None else text
    if len(source) != len(text):
        raise ValueError("source_text must have the same length as text (conversion is character for character)")
    source_script = source_script or script
    for row in _mixed_script(source, source_script) + _conversion_errors(source, source_script, simp):
        row["excerpt"] = text[row["start"]:row["end"]]
        rows.append(row)
    if sha256 == BUNDLED_SHA256:
        rows += _reviewed(text, simp)
    df = pd.DataFrame(rows, columns=COLUMNS).sort_values(["start", "kind"], kind="stable")
    return df.reset_index(drop=True).astype({"kind": "string", "start": "int64", "end": "int64",
                                             "excerpt": "string", "note": "string", "found_by": "string"})
