"""The figure extractor: every figure a 法治政府建设报告 states, with its exact span — for any report text.

``extract_figures(text)`` returns one row per figure (a number with its unit, or a rate), sorted by span;
``extract_figures(text, explain=True)`` also returns every number-like token it did *not* report, with the
rule that declined it, so nothing is silently dropped.

Design (data flows in this order)
--------------------------------
1. ``text.PINYIN_GLOSS_RE``: stray pinyin glosses of a mirror site (``習(xí)近平``, ``300餘(yú)起``) are cut
   out before the scan and offsets mapped back, so a gloss between a number and its unit changes nothing.
2. ``tokens``: one compiled regular expression finds every number-like token with what follows it, and
   ``tokens.Token`` reads it (values with ``numerals``, the package's one number reader).
3. ``rules``: one ordered table of named predicates declines what is not a figure (the ``rule`` of the
   declined table) and reads the qualifier.
4. here: ranges and stated changes are linked, quotes cut at clause boundaries (found once with numpy), the
   figure's section and heading theme looked up in the outline built once (``sections.locate``), its phrase,
   theme and direction added (``describe.describe_figures``), and one DataFrame built from plain lists with
   the columns and dtypes of ``schema.FIGURE_SCHEMA``. Linear in the length of the text.

Conventions (decided once, applied everywhere)
----------------------------------------------
* ``value`` is the number as written with ``万``/``亿`` multiplied out, computed with ``Decimal`` then
  converted to float: ``57.95万件`` → 579500.0 unit ``件``; ``两万余人次`` → 20000.0 ``人次`` at_least.
* ``unit`` is as written, in the text's script, without qualifier and multiplier. Compound units stay
  whole when they are units of measure: ``个工作日``, ``个百分点``, ``个月``, ``人次``, ``家次``. A measure word
  before the noun counted stays alone (``三个方面`` → 3 ``个``; the noun is the ``indicator_phrase``), as the
  devset2 annotations have it; a noun used as the measure word is the unit (``10方面`` → ``方面``).
  Percent signs (``%``, ``％``) and ``百分之…`` give ``%``; ``千分之…`` gives ``‰``; other fractions
  (``十分之一``) give value 0.1 and unit ``""``.
* ``start``/``end`` span the number itself: the digits (with decimal point and ``,`` thousands separators),
  or the Chinese numeral. For ``百分之九十五`` and ``十分之一`` the span is the whole written fraction.
* ``qualifier``: ``at_least`` for 余/餘, 多 (before the unit, or inside it: 3个多月), 以上, 超过/超過, 超,
  逾, 至少, 突破, 不少于, 不低于, and 强/強 after a rate or fraction; ``at_most`` for 以内/以內, 以下, 不到,
  不足, 不超过, 少于, 低于, 最多, 前N; ``about`` for 约/約, 近, 将近, 接近, 左右; otherwise ``exact``.
* Real formatting: one space may stand between the number and its 余/multiplier/unit/以上 (``受理法律援助案件
  537 件``, ``1.3 万件``, ``240 余人次``) and before it after a qualifier (``约 300 家``); Chinese-numeral
  decimals are read (三点二亿元 → 3.2e8); multipliers may be compound (3千万元 → 3e7, 5千人 → 5000).
* ``relation``: ``from``/``to`` for a change stated as 由/从 A … 至/到/为 B in one sentence (same unit),
  ``range_low``/``range_high`` for ``3—5个``/``三至五个`` (two rows); otherwise ``<NA>``.
* ``quote`` is the clause stating the figure: the text between the nearest clause boundaries
  ``，,。；;：:！？!?`` or a line break (``、`` is not a boundary), verbatim, cut at 80 characters either
  side of the number (only text without punctuation has longer clauses).
* **Ordinals are declined** (rule ``ordinal``): ``第二批``, ``排名第一``, ``第六届`` are ranks, not amounts;
  so is every number before 届 (terms: ``十九届``, ``三届``), whatever follows.
  The devset marks them optional; we decline them all, consistently.
* **A bare ``一`` before a measure word is declined** (rule ``indefinite_one``): ``一次性``, ``一件事``,
  ``上一年度``, ``一日办结率`` use 一 as an article or in a fixed word; reports write counts of one as ``1个``.
* Not figures (each with its rule in the declined table): dates, years and year ranges, also a range
  whose dash was lost (20212025年) (``date``, ``year``, ``time``), document numbers (``document_number``),
  index/phone/hotline numbers (``phone_or_index``), list ordinals (``list_ordinal``), numbered meetings,
  terms and plans (``meeting_or_plan``: 十九届四中全会, 十一届三次全会, 五年规划), numbered slogans and
  formulas (``slogan_or_formula``: anything in quotation marks written in Chinese numerals, ``六位一体``,
  ``1+4+X``), ``十分`` meaning "very" (``adverb``), 数十/几十/三四个/一两年 (``vague``), a Chinese
  run without a digit (``no_digit``: 千家万户, 上千人; but 千余人, 百余家, 万余件 are figures: 1000, 100,
  10000 at_least), and numbers with no unit (``no_unit``). ``explain=True`` also lists Chinese list
  ordinals (一是, 二、, (三));
  the plain scan skips them (they are never figures), which changes no figure.
* Nouns serve as measure words after digits (在3市8县 → 3 市, 8 县; 约17万村民 → 170000 村民), not after a
  Chinese numeral without a multiplier (两区建设, 三县联动 are not figures).

Known limits: only ``,`` (ASCII) is a thousands separator (``，`` ends a clause); ``X/Y`` is taken for a
date; 翻一番 (doubling) is not a figure.
"""

from __future__ import annotations

import bisect
import math
import re
from functools import lru_cache
from typing import overload

import numpy as np
import pandas as pd
import pyarrow as pa

from .describe import describe_figures
from .errors import ReportTypeError
from .rules import declining_rule, qualifier
from .schema import DECLINED_COLUMNS, FIGURE_COLUMNS, declined_frame, figures_frame
from .sections import locate
from .text import PINYIN_GLOSS_RE
from .tokens import TOKEN_RX, TOKEN_RX_EXPLAIN, UNITS, Token, multiplier

__all__ = ["DECLINED_COLUMNS", "FIGURE_COLUMNS", "UNITS", "extract_figures"]

_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_FROM_RX = re.compile(r"[由从從]")
_TO_RX = re.compile(r"(?:至|到|为|為)")
_CLAUSE_BOUNDARY = "，,。；;：:！？!?\n\r"
#: A quote extends at most this many characters either side of its number (text without punctuation would
#: otherwise make every quote the whole line, and the output quadratic in size).
MAX_QUOTE_SIDE = 80
_QUOTE_CHUNK = 1 << 16


@lru_cache(maxsize=1)
def _boundary_table() -> np.ndarray:
    table = np.zeros(0x110000, dtype=bool)
    for ch in _CLAUSE_BOUNDARY:
        table[ord(ch)] = True
    return table


def _boundaries(text: str) -> np.ndarray:
    """Positions of clause-boundary characters in ``text`` (sorted int64 array)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return np.flatnonzero(_boundary_table()[codes])


def _strip_glosses(text: str) -> tuple[str, tuple[np.ndarray, np.ndarray] | None]:
    """``text`` without pinyin glosses, and how to map offsets back (None: nothing stripped).

    The map is ``(where, removed)``: the stripped-text positions at which glosses were cut out, and the
    total length cut out up to and including each of them (see ``_to_original``)."""
    spans = [m.span() for m in PINYIN_GLOSS_RE.finditer(text)]
    if not spans:
        return text, None
    se = np.asarray(spans, dtype=np.int64)
    lengths = se[:, 1] - se[:, 0]
    removed = np.cumsum(lengths)
    where = se[:, 0] - (removed - lengths)
    bounds = [0, *se.ravel().tolist(), len(text)]
    stripped = "".join([text[bounds[k]:bounds[k + 1]] for k in range(0, len(bounds), 2)])
    return stripped, (where, removed)


def _to_original(starts: list[int], ends: list[int],
                 gloss_map: tuple[np.ndarray, np.ndarray] | None) -> tuple[list[int], list[int]]:
    """Map spans of the gloss-stripped text back to the original text (end stays exclusive)."""
    if gloss_map is None or not starts:
        return starts, ends
    where, removed = gloss_map
    cum = np.concatenate([[0], removed])

    def shift(p: np.ndarray) -> np.ndarray:
        return p + cum[np.searchsorted(where, p, side="right")]

    s = np.asarray(starts, dtype=np.int64)
    e = np.asarray(ends, dtype=np.int64)
    return shift(s).tolist(), (shift(e - 1) + 1).tolist()


class _Rows:
    """The figures found so far, one plain list per field (gloss-stripped coordinates)."""

    __slots__ = ("value", "unit", "qual", "start", "end", "mend", "rel")

    def __init__(self) -> None:
        self.value: list[float] = []
        self.unit: list[str] = []
        self.qual: list[str] = []
        self.start: list[int] = []
        self.end: list[int] = []
        self.mend: list[int] = []
        self.rel: list[str | None] = []

    def add(self, value: float, unit: str, qual: str, start: int, end: int, mend: int, rel: str | None) -> None:
        self.value.append(value)
        self.unit.append(unit)
        self.qual.append(qual)
        self.start.append(start)
        self.end.append(end)
        self.mend.append(mend)
        self.rel.append(rel)


def _scan(t: str, rx: re.Pattern[str]) -> tuple[_Rows, list[tuple[int, int, str]]]:
    """Find, read and classify every number-like token of ``t``: (figure rows, declined (start, end, rule))."""
    rows = _Rows()
    declined: list[tuple[int, int, str]] = []
    decline = declined.append
    for m in rx.finditer(t):
        k = Token(t, m)
        rule = declining_rule(k) or _add_figure(k, rows)
        if rule is not None:
            decline((k.s, k.de, rule))
    return rows, declined


def _add_figure(k: Token, rows: _Rows) -> str | None:
    """Add ``k``'s row (two for a range); the rule name if its value is out of range instead."""
    if k.fraction:
        fv = float(k.value)
        if not math.isfinite(fv):
            return "out_of_range"
        rows.add(fv, k.unit, qualifier(k, k.unit), k.s, k.e, k.mend, None)
        return None
    unit = "%" if k.unit == "％" else k.unit
    qual = qualifier(k, unit)
    value, high = k.value, k.high
    if k.mult:
        factor = multiplier(k.mult)
        value = value * factor
        if high is not None:
            high = high * factor
    if k.high_txt is None:
        fv = float(value)
        if fv == math.inf:
            return "out_of_range"
        rows.add(fv, unit, qual, k.s, k.e, k.mend, None)
        return None
    flo, fhi = float(value), float(high)
    if flo == math.inf or fhi == math.inf:
        return "out_of_range"
    rows.add(flo, unit, qual, k.s, k.s + len(k.low), k.mend, "range_low")
    rows.add(fhi, unit, qual, k.e - len(k.high_txt), k.e, k.mend, "range_high")
    return None


def _link_changes(t: str, rows: _Rows) -> list[str | None]:
    """Relations of the rows: their own (ranges), plus "from"/"to" for a change 由/从 A … 至/到/为 B: A is the
    first figure after the marker (within 40 characters), B the next one (within 40 characters of A, with a
    至/到/为 between them), all in one sentence, with the same unit (or one unit a prefix of the other)."""
    rel = list(rows.rel)
    starts, mends, units = rows.start, rows.mend, rows.unit
    if len(starts) < 2:
        return rel
    last = len(starts) - 1
    for mk in _FROM_RX.finditer(t):
        p = mk.end()
        i = bisect.bisect_left(starts, p)
        if i >= last:
            break
        j = i + 1
        if starts[i] - p > 40 or starts[j] - mends[i] > 40 or rel[i] is not None or rel[j] is not None:
            continue
        ua, ub = units[i], units[j]
        if not ua or not ub or not (ua.startswith(ub) or ub.startswith(ua)):
            continue
        if _SENTENCE_END.search(t, p, starts[j]):
            continue
        if _TO_RX.search(t, mends[i], starts[j]):
            rel[i] = "from"
            rel[j] = "to"
    return rel


def _quotes(text: str, starts: list[int], ends: list[int]) -> tuple[np.ndarray, np.ndarray, pa.ChunkedArray]:
    """The clause around each number: (quote_start, quote_end, quote), at most ``MAX_QUOTE_SIDE`` characters
    either side of the number. The quotes go to Arrow a chunk at a time, so that text dense with figures
    never holds them all as Python strings."""
    if not starts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, pa.chunked_array([], type=pa.large_string())
    s = np.asarray(starts, dtype=np.int64)
    e = np.asarray(ends, dtype=np.int64)
    bounds = _boundaries(text)
    if len(bounds):
        i = np.searchsorted(bounds, s, side="right") - 1
        qs = np.where(i >= 0, bounds[np.maximum(i, 0)] + 1, 0)
        j = np.searchsorted(bounds, e, side="left")
        qe = np.where(j < len(bounds), bounds[np.minimum(j, len(bounds) - 1)], len(text))
    else:
        qs, qe = np.zeros_like(s), np.full_like(e, len(text))
    qs = np.maximum(qs, s - MAX_QUOTE_SIDE)
    qe = np.minimum(qe, e + MAX_QUOTE_SIDE)
    chunks = [pa.array([text[a:b] for a, b in zip(qs[i:i + _QUOTE_CHUNK].tolist(), qe[i:i + _QUOTE_CHUNK].tolist(),
                                                   strict=True)], type=pa.large_string())
              for i in range(0, len(qs), _QUOTE_CHUNK)]
    return qs, qe, pa.chunked_array(chunks, type=pa.large_string())


@overload
def extract_figures(text: str) -> pd.DataFrame: ...
@overload
def extract_figures(text: str, *, explain: bool) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]: ...


def extract_figures(text: str, *, explain: bool = False) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Every figure stated in ``text``, one row each, sorted by (start, end).

    Columns (``schema.FIGURE_SCHEMA``; see the module docstring for the conventions): ``value`` (float64,
    万/亿 multiplied out), ``unit`` (as written, in the text's script; ``%`` for rates), ``qualifier``
    ("exact", "at_least", "at_most", "about"), ``start``/``end`` (int64 ``str`` offsets of the number itself,
    end exclusive, so ``text[start:end]`` is the number as written), ``quote`` (the clause stating it,
    verbatim), ``section`` (Int64), ``theme`` (``describe.describe_figures`` from the figure's clause and its
    heading; ``<NA>`` where it cannot tell), ``indicator``, ``label_zh``, ``label_en`` (always ``<NA>`` here:
    curated labels are added by ``Report.figures()``), ``indicator_phrase``, ``phrase_start``,
    ``phrase_end``, ``direction`` (from ``describe.describe_figures``), ``quote_start``/``quote_end`` (the
    quote's span), ``relation`` ("from"/"to" for a stated change, "range_low"/"range_high" for a range, else
    ``<NA>``), then ``part`` (the kind of part of the report the figure sits in).

    With ``explain=True`` returns ``(figures, declined)``; ``declined`` has one row per number-like token
    that is not a figure: ``token``, ``start``, ``end``, ``rule`` (the name of the rule of ``rules.RULES``
    that declined it: "date", "year", "ordinal", "list_ordinal", "no_unit", …) and ``context`` (the token
    with up to 10 characters either side). Never raises on a ``str``; runs in time linear in ``len(text)``.
    """
    if not isinstance(text, str):
        raise ReportTypeError(f"extract_figures expects text (str), not {type(text).__name__}")
    t, gloss_map = _strip_glosses(text)
    rows, declined = _scan(t, TOKEN_RX_EXPLAIN if explain else TOKEN_RX)
    relation = _link_changes(t, rows)
    starts, ends = _to_original(rows.start, rows.end, gloss_map)
    _, unit_ends = _to_original(rows.start, rows.mend, gloss_map)
    qs, qe, quotes = _quotes(text, starts, ends)
    sections, heading_themes, parts = locate(text, starts)
    phrase, phrase_start, phrase_end, theme, direction = describe_figures(
        text, starts, ends, rows.unit, unit_ends, relation, heading_themes)
    figures = figures_frame({
        "value": rows.value, "unit": rows.unit, "qualifier": rows.qual, "start": starts, "end": ends,
        "quote": quotes, "section": sections, "theme": theme, "indicator_phrase": phrase,
        "phrase_start": phrase_start, "phrase_end": phrase_end, "direction": direction,
        "quote_start": qs, "quote_end": qe, "relation": relation, "part": parts,
    }, len(starts))
    if not explain:
        return figures
    ds, de = _to_original([d[0] for d in declined], [d[1] for d in declined], gloss_map)
    return figures, declined_frame({
        "token": [text[a:b] for a, b in zip(ds, de, strict=True)], "start": ds, "end": de,
        "rule": [d[2] for d in declined],
        "context": [text[max(0, a - 10):b + 10] for a, b in zip(ds, de, strict=True)],
    }, len(ds))
