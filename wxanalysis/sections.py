"""Split a report into its parts: preamble, numbered sections, problems, plans, closing.

Works on any 法治政府建设报告: numbered headings (一、 / （一） / 1.) give the outline. Two kinds of damage seen
in the Wei County copy are recovered by rule, not by position-specific code:

* a heading whose numeral was lost but whose "、" survived (a paragraph starting with a bare "、");
* a heading that lost numeral and "、" both: in a report whose numbered sections are single paragraphs with the
  heading as their first sentence, a following paragraph that has the same shape (a short first sentence of
  two comma-separated phrases, no digits) is the next section.

Numbers of recovered headings continue the sequence (previous number + 1). Every span is a pair of Python
``str`` offsets into the text (end exclusive) with surrounding whitespace trimmed.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from .numerals import chinese_int
from .text import fold_to_simplified

#: Themes of the five numbered sections of a 法治政府建设报告, with the keywords (simplified script) that
#: identify them in a heading. Order matters only for ties (earlier wins).
THEME_KEYWORDS: dict[str, tuple[str, ...]] = {
    "admin_reform": ("放管服", "改革", "职能", "营商环境", "审批", "简政放权"),
    "decision_making": ("决策",),
    "law_enforcement": ("执法",),
    "dispute_resolution": ("矛盾", "纠纷", "化解", "复议", "调解"),
    "oversight": ("监督", "制约"),
}
THEMES: tuple[str, ...] = tuple(THEME_KEYWORDS)

_CN = "一二三四五六七八九十"
_TITLE_END = re.compile(r"[。；;：:！!？?]")
_YEAR_START = re.compile(r"[ \t\u3000]*(?:20\d\d|二[〇零○]\S\S)年(?:度)?[,，]")
_PROBLEM_WORDS = ("差距", "不足", "问题", "短板", "薄弱")
_PLAN_WORDS = ("将", "下一步", "今后", "计划", "打算", "继续")
_PLAN_START = re.compile(r"[ \t\u3000]*(?:下一步|今后|20\d\d年(?:度)?工作(?:计划|打算|安排))")
#: First characters (the same in both scripts) of the paragraphs _PLAN_START and _YEAR_START can match.
_PART_OPENERS = frozenset("下今2二")
_PROBLEM_HEAD = re.compile(r"存在的?(?:问题|不足)|问题和不足|不足之处|差距和不足")
_PLAN_HEAD = re.compile(r"下一步|工作(?:计划|打算|安排|思路)|今后")

SECTION_COLUMNS = ["number", "kind", "theme", "title", "start", "end"]


@dataclass
class Heading:
    """One heading of the outline (internal)."""

    level: int
    number: int | None
    title: str
    start: int  # start of the heading line (trimmed)
    title_start: int
    title_end: int
    line_end: int
    recovered: str | None = None  # None, "numeral" (bare 、) or "numeral_and_mark"


_KEYWORD_RE = re.compile("|".join(w for words in THEME_KEYWORDS.values() for w in words))
_KEYWORD_THEME = {w: theme for theme, words in THEME_KEYWORDS.items() for w in words}


def _theme_of_simplified(simp: str) -> str | None:
    hits: dict[str, int] = {}
    for w in _KEYWORD_RE.findall(simp):
        theme = _KEYWORD_THEME[w]
        hits[theme] = hits.get(theme, 0) + 1
    if not hits:
        return None
    best = max(hits.values())
    return next(t for t in THEMES if hits.get(t) == best)


def theme_of(title: str) -> str | None:
    """The theme whose keywords occur most often in ``title`` (any script), or ``None``; ties go to the
    earlier theme of ``THEMES``."""
    return _theme_of_simplified(fold_to_simplified(title))


_LINE = re.compile(r"[^\S\n]*([^\s](?:[^\n]*[^\s])?)")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, trimmed of surrounding whitespace."""
    return [m.span(1) for m in _LINE.finditer(text)]


def _title_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The heading title: up to the first sentence end, or the whole line when it is short."""
    m = _TITLE_END.search(text, start, end)
    if m and m.start() - start <= 60:
        return start, m.start()
    if end - start <= 60:
        return start, end
    m = re.compile(r"[,，]").search(text, start + 1, end)
    return start, (m.start() if m else min(end, start + 40))


def _heading_like(text: str, start: int, end: int) -> bool:
    """A paragraph whose first sentence looks like a section heading: short, two phrases, no digits."""
    m = _TITLE_END.search(text, start, end)
    if not m or m.group() != "。":
        return False
    first = text[start : m.start()]
    if not 6 <= len(first) <= 30 or re.search(r"[0-9０-９]", first):
        return False
    return bool(re.fullmatch(r"[^,，、]{2,16}[,，][^,，、]{2,20}", first)) and end - m.end() > 40


#: A numbered heading at the start of a (trimmed) line, and the characters such a line can start with.
_HEAD_LINE = re.compile(
    rf"(?P<body>(?:(?P<l1>[{_CN}]{{1,3}})[ \t\u3000]*、|(?P<bare>、)"
    rf"|[（(][ \t\u3000]*(?P<l2>[{_CN}]{{1,3}})[ \t\u3000]*[）)]|(?P<l3>[0-9]{{1,2}})[ \t\u3000]*[.．、](?![0-9])))"
)
_HEAD_FIRST = frozenset(_CN + "、（(0123456789")


def outline(text: str, lines: list[tuple[int, int]] | None = None) -> list[Heading]:
    """Every numbered heading (levels 1–3) and recovered level-1 heading, in text order.

    ``lines`` are the text's trimmed non-blank lines (``_lines(text)``), when the caller has them already.
    One regular-expression pass finds the numbered headings; unnumbered paragraphs are looked at only while
    every level-1 section so far is a single paragraph (the shape in which a heading that lost its numeral
    and 、 can still be recognised).
    """
    heads: list[Heading] = []
    if lines is None:
        lines = _lines(text)
    line_starts = [ls for ls, _ in lines]
    n_level1 = 0  # level-1 sections so far
    single = True  # every level-1 section so far is one paragraph (heading + body on one line)
    in_level1 = False  # the lines being read continue a level-1 section

    def unnumbered(lo: int, hi: int) -> None:
        """Lines lines[lo:hi] carry no numbered heading."""
        nonlocal single, n_level1
        for k in range(lo, hi):
            if not (single and in_level1):
                return
            s, e = lines[k]
            if heads[-1].level == 1 and _part_kind_of_paragraph(text, s, e) is None and _heading_like(text, s, e):
                ts, te = _title_span(text, s, e)
                heads.append(Heading(1, None, text[ts:te], s, ts, te, e, "numeral_and_mark"))
                n_level1 += 1
                continue
            single = False  # a second paragraph in this level-1 section

    done = 0  # lines before this index are processed
    candidates = [k for k, ls in enumerate(line_starts) if text[ls] in _HEAD_FIRST]
    for k in candidates:
        s = line_starts[k]
        m = _HEAD_LINE.match(text, s)
        if m is None:
            continue
        unnumbered(done, k)
        done = k + 1
        e = lines[k][1]
        if m.group("l1") or m.group("bare"):
            number = chinese_int(m.group("l1")) if m.group("l1") else None
            ts, te = _title_span(text, m.end(), e)
            heads.append(Heading(1, number, text[ts:te], s, ts, te, e, None if number else "numeral"))
            n_level1 += 1
            in_level1 = True
            continue
        if m.group("l3") and not heads:
            unnumbered(k, k + 1)
            continue
        single = single and not in_level1
        ts, te = _title_span(text, m.end(), e)
        level, number = (2, chinese_int(m.group("l2"))) if m.group("l2") else (3, int(m.group("l3")))
        heads.append(Heading(level, number, text[ts:te], s, ts, te, e))
    unnumbered(done, len(lines))
    # numbers of recovered level-1 headings continue the sequence
    prev = 0
    for h in heads:
        if h.level != 1:
            continue
        if h.number is None:
            h.number = prev + 1
        prev = h.number
    return heads


def _part_kind_of_paragraph(text: str, s: int, e: int) -> str | None:
    """"problems" or "plans" for an unnumbered paragraph that opens such a part, else None."""
    if text[s] not in _PART_OPENERS:  # neither 下一步/今后 nor a year: no need to fold the paragraph
        return None
    first = text[s : min(e, s + 80)]
    simp = fold_to_simplified(first)
    if _PLAN_START.match(simp):
        return "plans"
    if _YEAR_START.match(simp):
        sentence = re.split(r"[。；;]", simp, maxsplit=1)[0]
        if "我" in sentence[:20]:
            if any(w in sentence for w in _PROBLEM_WORDS):
                return "problems"
            if any(w in sentence[:30] for w in _PLAN_WORDS):
                return "plans"
    return None


def _closing_start(text: str, lines: list[tuple[int, int]], after: int) -> int | None:
    """Start of the trailing signature block (short lines after the last paragraph), if any."""
    start = None
    for s, e in reversed(lines):
        if s < after:
            break
        if e - s <= 30 and not text[s:e].endswith(("。", ":", "：")):
            start = s
        else:
            break
    return start


class Part(NamedTuple):
    """One part of the report (a row of ``split_sections``)."""

    number: int | None
    kind: str
    theme: str | None
    title: str | None
    start: int
    end: int


def parts_of(text: str, heads: list[Heading] | None = None,
             lines: list[tuple[int, int]] | None = None) -> list[Part]:
    """The parts of ``text`` in order, as plain tuples (no pandas): what ``split_sections`` tabulates.

    ``heads`` and ``lines`` are the outline and trimmed lines of ``text`` when the caller has them."""
    if lines is None:
        lines = _lines(text)
    if heads is None:
        heads = outline(text, lines)
    level1 = [h for h in heads if h.level == 1]
    parts: list[Part] = []
    # unnumbered problems/plans paragraphs after the last numbered section
    extra: list[tuple[int, str]] = []
    if level1:
        for s, e in lines:
            if s <= level1[-1].start:
                continue
            kind = _part_kind_of_paragraph(text, s, e)
            if kind and not any(k == kind for _, k in extra):
                extra.append((s, kind))
    starts: list[tuple[int, str, Heading | None]] = [(h.start, "section", h) for h in level1]
    starts += [(s, k, None) for s, k in extra]
    starts.sort(key=lambda x: x[0])
    body_end = lines[-1][1] if lines else 0
    closing = _closing_start(text, lines, max((s for s, _, _ in starts), default=0) + 1) if starts else None
    if starts and lines and lines[0][0] < starts[0][0]:
        parts.append(Part(None, "preamble", None, None, lines[0][0], starts[0][0]))
    elif not starts and lines:
        parts.append(Part(None, "preamble", None, None, lines[0][0], body_end))
    for i, (s, kind, h) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else (closing if closing is not None else body_end)
        if h is not None:
            simp_title = fold_to_simplified(h.title)
            if _PROBLEM_HEAD.search(simp_title):
                kind = "problems"
            elif _PLAN_HEAD.search(simp_title):
                kind = "plans"
            theme = _theme_of_simplified(simp_title) if kind == "section" else None
            parts.append(Part(h.number, kind, theme, h.title, s, end))
        else:
            parts.append(Part(None, kind, None, None, s, end))
    if closing is not None and starts:
        parts.append(Part(None, "closing", None, None, closing, body_end))
    out = []
    for p in parts:  # trim trailing whitespace of each span
        e = p.end
        while e > p.start and text[e - 1].isspace():
            e -= 1
        out.append(p._replace(end=e))
    return out


def split_sections(text: str) -> pd.DataFrame:
    """One row per part of the report.

    Columns: ``number`` (Int64; 1, 2, … for numbered sections, recovered where the numeral was lost; <NA>
    otherwise), ``kind`` ("preamble", "section", "problems", "plans", "closing"), ``theme`` (one of
    ``THEMES`` for sections whose heading names one, else <NA>), ``title`` (heading text in the report's
    script; <NA> for preamble/closing), ``start``/``end`` (int64 span of the whole part, trimmed).
    """
    df = pd.DataFrame(parts_of(text), columns=SECTION_COLUMNS)
    return df.astype({"number": "Int64", "kind": "string", "theme": "string", "title": "string",
                      "start": "int64", "end": "int64"})


def locate(text: str, positions: list[int]) -> tuple[list[int | None], list[str | None], list[str | None]]:
    """For each position (sorted or not) in ``text``: (section number, heading theme, part kind).

    ``section`` is the number of the numbered section the position sits in (None in preamble, problems,
    plans or closing, or outside every part); the heading theme is that section's theme, or, in reports
    whose top-level sections have no theme, the theme of the innermost sub-heading ((一), 1.) inside the
    section that names one; the part kind is "preamble", "section", … (None outside every part). The
    outline is built once, as plain lists; each lookup is a binary search.
    """
    k = len(positions)
    if not k:
        return [], [], []
    lines = _lines(text)
    heads = outline(text, lines)
    parts = parts_of(text, heads, lines)
    part_starts = [p.start for p in parts]
    # themed sub-headings inside sections that have no theme of their own
    subs: list[tuple[int, str]] = []
    for h in heads:
        if h.level > 1:
            i = bisect.bisect_right(part_starts, h.start) - 1
            if i >= 0 and parts[i].kind == "section" and parts[i].theme is None:
                th = theme_of(h.title)
                if th:
                    subs.append((h.start, th))
    sub_starts = [st for st, _ in subs]
    sections: list[int | None] = [None] * k
    themes: list[str | None] = [None] * k
    kinds: list[str | None] = [None] * k
    for n, pos in enumerate(positions):
        i = bisect.bisect_right(part_starts, pos) - 1
        if i < 0 or pos >= parts[i].end:
            continue
        p = parts[i]
        kinds[n] = p.kind
        if p.kind != "section":
            continue
        sections[n] = p.number
        theme = p.theme
        if theme is None and subs:
            j = bisect.bisect_right(sub_starts, pos) - 1
            if j >= 0 and sub_starts[j] >= p.start:
                theme = subs[j][1]
        themes[n] = theme
    return sections, themes, kinds
