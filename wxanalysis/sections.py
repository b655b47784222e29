"""Split a report into its parts: preamble, numbered sections, problems, plans, closing.

Works on any 法治政府建设报告: numbered headings (一、 / （一） / 1.) give the outline. Two kinds of damage seen
in the Wei County copy are recovered by rule, not by position-specific code:

* a heading whose numeral was lost but whose "、" survived (a paragraph starting with a bare "、");
* a heading that lost numeral and "、" both: in a report whose numbered sections are single paragraphs with the
  heading as their first sentence, a following paragraph that has the same shape (a short first sentence of
  two comma-separated phrases, no digits) is the next section.

Numbers of recovered headings continue the sequence (previous number + 1). Every span is a pair of Python
``str`` offsets into the text (end exclusive) with surrounding whitespace trimmed.

``locate`` (called once per document by ``extract.extract_figures``) reads only what the parts need, in a few
passes of compiled regular expressions over the text: one finds every numbered heading at a line start with
its title (``_sections_scan``: start, number and title of level-1 headings, start and theme of sub-headings;
``outline`` uses the fuller ``_numbered_headings``), and the other lines are read only where a rule needs
them (recovered headings; problems/plans paragraphs after the last section, the one that ended the search for
recovered headings not read twice; the signature block, read backwards with blank stretches stepped over in
slices). The parts stay plain tuples (shared with ``parts_of``). Positions in order are matched to the
stretches of equal answers as these are made (``_look_up_sorted``): a binary search only where a stretch
holds positions, none once all are placed; positions in any other order take one binary search each.

Keywords are matched in either script without folding the text: each pattern, written in simplified script,
is compiled once (on first use) with every character standing for all the characters that
``text.fold_to_simplified`` maps to it (``_either_script``), and each word list as every spelling of its
words (``_words_rx``), so the regular-expression engine can skip to the characters that start one.
"""


from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from itertools import product
from operator import itemgetter
from typing import NamedTuple

import pandas as pd

from .numerals import chinese_int
from .text import fold_table

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
_TITLE_END_CHARS = "。；;：:！!？?"
_TITLE_END = re.compile(f"[{_TITLE_END_CHARS}]")
_COMMA = re.compile(r"[,，]")
_DIGIT = re.compile(r"[0-9０-９]")
_TWO_PHRASES = re.compile(r"[^,，、]{2,16}[,，][^,，、]{2,20}")
#: First characters (the same in both scripts) of the paragraphs _PARAGRAPH_START can match.
_PART_OPENERS = frozenset("下今2二")

# Patterns and word lists for the text's simplified fold, compiled for either script when first used
# (``_either_script``, ``_words_rx``).
#: The start of a paragraph that opens a plans part (group 1), or that opens with a year: then the rest of its
#: first sentence (up to 。；;).
_PARAGRAPH_START = (r"[ \t\u3000]*(?:(下一步|今后|20\d\d年(?:度)?工作(?:计划|打算|安排))"
                    r"|(?:20\d\d|二[〇零○]\S\S)年(?:度)?[,，][^。；;]*)")
_WE = "我"
_PROBLEM_WORDS = ("差距", "不足", "问题", "短板", "薄弱")
_PLAN_WORDS = ("将", "下一步", "今后", "计划", "打算", "继续")
#: Words of the heading title of a problems / plans part (存在的?(?:问题|不足), 工作(?:计划|…), …).
_PROBLEM_HEAD = ("存在问题", "存在的问题", "存在不足", "存在的不足", "问题和不足", "不足之处", "差距和不足")
_PLAN_HEAD = ("下一步", "工作计划", "工作打算", "工作安排", "工作思路", "今后")
#: The theme keywords in ``THEMES`` order, and the theme of each.
_KEYWORDS = tuple(w for words in THEME_KEYWORDS.values() for w in words)
_KEYWORD_THEME = {w: theme for theme, words in THEME_KEYWORDS.items() for w in words}
#: What each word a level-1 heading title is searched for tells: the part is "problems" or "plans", or the
#: section's theme. No character is in words of two of the three lists (checked in ``_patterns``), so one
#: search for all the words finds each list's words where a search for that list alone would.
_TITLE_WORD_TAG = {**{w: t for t in THEMES for w in THEME_KEYWORDS[t]}, **dict.fromkeys(_PLAN_HEAD, "plans"),
                   **dict.fromkeys(_PROBLEM_HEAD, "problems")}

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


#: A heading as the outline is built: the fields of ``Heading``, in order, as a plain tuple (level, number,
#: title, start, title_start, title_end, line_end, recovered); line_end may be None (not looked for yet).
_Head = tuple[int, int | None, str, int, int, int, int, str | None]
#: A part as ``locate`` uses it (the fields of ``Part``).
_PartRow = tuple[int | None, str, str | None, str | None, int, int]


@lru_cache(maxsize=1)
def _fold_sources() -> dict[str, str]:
    """For each character that ``fold_to_simplified`` produces from another: all the characters that fold
    to it, itself first (复 → 复復複). A character that folding changes maps to "" (folded text never has it)."""
    table = fold_table()
    sources: dict[str, str] = {chr(code): "" for code in table}
    for code, simp in table.items():
        sources[simp] = sources.get(simp, "" if ord(simp) in table else simp) + chr(code)
    return sources


def _either_script(pattern: str) -> re.Pattern[str]:
    """``pattern`` (written for simplified text) compiled to find, in text of either script, what it finds
    in the text's ``fold_to_simplified``.

    Folding maps one character to one and keeps offsets, so it is enough that each literal character ``c`` of
    the pattern, inside a set or not, stands for every character that folds to ``c`` (复 for 复, 復 and 複).
    Folding touches CJK characters only, so escapes (``\\d``, ``\\s``, ``\\S``) keep their meaning. Patterns
    here have no ``]`` at the start of a set.
    """
    sources = _fold_sources()
    out: list[str] = []
    in_set = False
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        chars = sources.get(c, c)
        if not chars:
            raise ValueError(f"{c!r} in {pattern!r} is not in simplified script")
        if in_set:
            in_set = c != "]"
            out.append(chars)
        elif c == "[":
            in_set = True
            out.append(c)
        else:
            out.append(f"[{chars}]" if len(chars) > 1 else c)
        i += 1
    return re.compile("".join(out))


def _spellings(word: str) -> list[str]:
    """Every string whose ``fold_to_simplified`` is ``word`` (复议 → 复议, 复議, 復议, 復議, 複议, 複議)."""
    sources = _fold_sources()
    return ["".join(chars) for chars in product(*(sources.get(c, c) for c in word))]


def _words_rx(words: Iterable[str]) -> re.Pattern[str]:
    """Any of ``words`` (simplified script; earlier words first where two start at one place), in text of
    either script: it finds in the text what ``"|".join(words)`` finds in the text's fold.

    One alternative per spelling of each word: every alternative then starts with a plain character, and
    the regular-expression engine skips straight to the characters that can start one.
    """
    return re.compile("|".join(re.escape(s) for w in words for s in _spellings(w)))


class _Patterns(NamedTuple):
    """The patterns and word lists above, compiled for either script."""

    paragraph_start: re.Pattern[str]
    we: re.Pattern[str]
    problem_words: re.Pattern[str]
    plan_words: re.Pattern[str]
    keywords: re.Pattern[str]
    title_words: re.Pattern[str]  # the words of _TITLE_WORD_TAG
    tag: dict[str, str]  # the _TITLE_WORD_TAG tag of every spelling of every word


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    """The compiled patterns (built on first use: the fold table is read then)."""
    lists = (_PROBLEM_HEAD, _PLAN_HEAD, _KEYWORDS)
    chars = [{c for w in words for s in _spellings(w) for c in s} for words in lists]
    if chars[0] & chars[1] or chars[0] & chars[2] or chars[1] & chars[2]:
        raise ValueError("a character is in words of two lists of _TITLE_WORD_TAG")
    return _Patterns(
        *map(_either_script, (_PARAGRAPH_START, _WE)),
        *map(_words_rx, (_PROBLEM_WORDS, _PLAN_WORDS, _KEYWORDS, _TITLE_WORD_TAG)),
        {s: tag for w, tag in _TITLE_WORD_TAG.items() for s in _spellings(w)},
    )


def _best_theme(tags: list[str]) -> str | None:
    """The theme named most often in ``tags`` (ties: the earlier in ``THEMES``), or ``None``."""
    if not tags or tags.count(tags[0]) == len(tags):  # no theme, or one
        return tags[0] if tags else None
    counts = [tags.count(t) for t in THEMES]
    return THEMES[counts.index(max(counts))]


def theme_of(title: str) -> str | None:
    """The theme whose keywords occur most often in ``title`` (any script), or ``None``; ties go to the
    earlier theme of ``THEMES``."""
    rx = _patterns()
    words = rx.keywords.findall(title)
    return _best_theme(list(map(rx.tag.__getitem__, words))) if words else None


def _title_kind(title: str) -> tuple[str, str | None]:
    """(part kind, theme) a level-1 heading title names: ("problems", None), ("plans", None) or
    ("section", the title's ``theme_of``)."""
    rx = _patterns()
    words = rx.title_words.findall(title)
    return _kind_of_tags(list(map(rx.tag.__getitem__, words))) if words else ("section", None)


def _kind_of_tags(tags: list[str]) -> tuple[str, str | None]:
    """``_title_kind`` from the tags (``_TITLE_WORD_TAG``) of the words found in the title."""
    if "problems" in tags:
        return "problems", None
    if "plans" in tags:
        return "plans", None
    return "section", _best_theme(tags)


#: Leading whitespace of a text.
_SPACE = re.compile(r"\s*")


def _line_end(text: str, s: int) -> int:
    """End of the trimmed line whose first (non-space) character is at ``s``."""
    e = text.find("\n", s)
    if e < 0:
        e = len(text)
    while text[e - 1].isspace():  # stops at s at the latest
        e -= 1
    return e


def _next_line(text: str, s: int) -> int:
    """Start of the next non-blank line (trimmed) after the line of ``s``; ``len(text)`` if none."""
    nl = text.find("\n", s)
    return len(text) if nl < 0 else _SPACE.match(text, nl).end()


def _title_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The heading title: up to the first sentence end, or the whole line when it is short."""
    m = _TITLE_END.search(text, start, end)
    if m and m.start() - start <= 60:
        return start, m.start()
    if end - start <= 60:
        return start, end
    m = _COMMA.search(text, start + 1, end)
    return start, (m.start() if m else min(end, start + 40))


def _heading_title_end(text: str, start: int, end: int) -> int | None:
    """For a paragraph (trimmed line ``text[start:end]``) whose first sentence looks like a section heading
    (short, two phrases, no digits), the end of that sentence, which is then its heading title (the first
    rule of ``_title_span``: a sentence end within 60 characters); None for any other paragraph."""
    m = _TITLE_END.search(text, start, end)
    if not m or m.group() != "。":
        return None
    te = m.start()
    first = text[start:te]
    if not 6 <= len(first) <= 30 or _DIGIT.search(first) or end - te <= 41 or not _TWO_PHRASES.fullmatch(first):
        return None
    return te


#: A numbered heading: group 1, the numeral and its marks (groups 2–5: the numeral of each kind); then for the
#: first rule of ``_title_span``, group 6, up to 60 characters of the line before a sentence end, and group 7,
#: that sentence end if any.
_HEAD_BODY = (
    rf"((?:([{_CN}]{{1,3}})[ \t\u3000]*、|(、)"
    rf"|[（(][ \t\u3000]*([{_CN}]{{1,3}})[ \t\u3000]*[）)]|([0-9]{{1,2}})[ \t\u3000]*[.．、](?![0-9])))"
    rf"([^\n{_TITLE_END_CHARS}]{{0,60}})([{_TITLE_END_CHARS}])?"
)
#: A numbered heading on the first line of the text, and on any later line (after its newline: a literal
#: first character lets the regular-expression engine skip to the newlines).
_HEAD_FIRST_LINE = re.compile(rf"[^\S\n]*{_HEAD_BODY}")
_HEAD_LINE = re.compile(rf"\n[^\S\n]*(?=[{_CN}、（(0-9]){_HEAD_BODY}")  # the look-ahead fails other lines fast


@cache
def _heading_number(numeral: str) -> int | None:
    """``chinese_int`` of a heading numeral (at most three characters)."""
    return chinese_int(numeral)


def _numbered_headings(text: str) -> tuple[list[_Head], list[_Head], list[tuple[int, str]]]:
    """The numbered headings in text order: those of level 1, those of levels 2–3 (a 1. heading before any
    other heading is not one), and (start, theme) of the sub-headings whose title names a theme."""
    rx = _patterns()
    level1: list[_Head] = []
    subs: list[_Head] = []
    themed: list[tuple[int, str]] = []
    first = _HEAD_FIRST_LINE.match(text)
    for m in [first, *_HEAD_LINE.finditer(text)] if first else _HEAD_LINE.finditer(text):
        _, l1, bare, l2, l3, title, stop = m.groups()
        s, ts = m.span(1)
        if stop:  # the first rule of _title_span, applied by the regular expression
            te, e = m.start(7), None  # the line's end is found when needed (_line_end)
        elif (end := m.end(6)) == len(text) or text[end] == "\n":  # the second: a short line
            title = title.rstrip()
            te = e = ts + len(title)
        else:
            e = _line_end(text, s)
            te = e if e - ts <= 60 else _title_span(text, ts, e)[1]
            title = text[ts:te]
        if l1 or bare:
            number = _heading_number(l1) if l1 else None
            level1.append((1, number, title, s, ts, te, e, None if number else "numeral"))
            continue
        if l2:
            subs.append((2, _heading_number(l2), title, s, ts, te, e, None))
        elif level1 or subs:
            subs.append((3, int(l3), title, s, ts, te, e, None))
        else:
            continue
        words = rx.keywords.findall(title)  # theme_of, inlined: most titles have no keyword
        if words and (theme := _best_theme(list(map(rx.tag.__getitem__, words)))):
            themed.append((s, theme))
    return level1, subs, themed


def _recovered_headings(text: str, starts: list[int], stop: int
                        ) -> tuple[list[tuple[int, int, int]], tuple[int, str] | None]:
    """Level-1 headings that lost numeral and 、, among the numbered ones (their ``starts``, in order), as
    (start, title end, line end); and (start, kind) of the problems/plans paragraph that ended the search, if
    one did (``_closing_parts`` then need not read it again).

    Looked for only while every level-1 section so far is a single paragraph (heading and body on one line):
    from the first level-1 heading on, each unnumbered line must look like a heading (``_heading_title_end``,
    not a problems/plans paragraph); the first that does not, or ``stop`` (the first sub-heading after the
    first level-1 heading), ends the search.
    """
    found: list[tuple[int, int, int]] = []
    s = _next_line(text, starts[0])
    if s >= stop:  # a sub-heading follows the first heading: the common shape, nothing to look at
        return found, None
    numbered = set(starts)
    while s < stop:
        if s not in numbered:
            e = _line_end(text, s)
            kind = _part_kind_of_paragraph(text, s, e)
            if kind is not None:
                return found, (s, kind)
            te = _heading_title_end(text, s, e)
            if te is None:
                break
            found.append((s, te, e))
        s = _next_line(text, s)
    return found, None


def _headings(text: str) -> tuple[list[_Head], list[_Head], list[tuple[int, str]]]:
    """The outline as plain tuples (``_Head``): the level-1 headings (recovered ones included, all
    numbered), the sub-headings, and (start, theme) of the sub-headings that name a theme."""
    level1, subs, themed = _numbered_headings(text)
    if level1:
        first = level1[0][3]
        stop = next((h[3] for h in subs if h[3] > first), len(text))  # the first sub-heading after it
        found, _ = _recovered_headings(text, list(map(itemgetter(3), level1)), stop)
        if found:
            level1 += [(1, None, text[s:te], s, s, te, e, "numeral_and_mark") for s, te, e in found]
            level1.sort(key=itemgetter(3))  # by start
    prev = 0  # numbers of headings that lost their numeral continue the sequence
    for i, h in enumerate(level1):
        if h[1] is None:
            level1[i] = h = (1, prev + 1, *h[2:])
        prev = h[1]
    return level1, subs, themed


#: A level-1 heading as ``locate`` and ``parts_of`` use it: (start, number or None, title); a None number (the
#: numeral was lost) continues the sequence (``_parts`` numbers it).
_Level1 = tuple[int, int | None, str]


def _sections_scan(text: str) -> tuple[list[_Level1], list[tuple[int, str]], tuple[int, str] | None]:
    """What ``locate`` and ``parts_of`` need of the outline, in the one regular-expression pass of
    ``_numbered_headings`` without its other work (no ``_Head`` tuples, no levels of sub-headings): the level-1
    headings (``_Level1``, recovered ones included, in text order), (start, theme) of the sub-headings whose
    title names a theme, and the paragraph that ended the search for recovered headings (see
    ``_recovered_headings``).

    A 1. heading before any other heading, which ``_numbered_headings`` drops, may be among the themed
    sub-headings here: it lies before every section, so no position takes its theme.
    """
    rx = _patterns()
    keywords, tag = rx.keywords.findall, rx.tag
    level1: list[_Level1] = []
    starts: list[int] = []
    themed: list[tuple[int, str]] = []
    stop = None  # the first sub-heading after the first level-1 heading
    first = _HEAD_FIRST_LINE.match(text)
    n = len(text)
    for m in [first, *_HEAD_LINE.finditer(text)] if first else _HEAD_LINE.finditer(text):
        _, l1, bare, _, _, title, end_mark = m.groups()
        # the title as _numbered_headings cuts it (a sub-heading's only for its keywords: not trimmed)
        if end_mark or (end := m.end(6)) == n or text[end] == "\n":
            if l1 or bare:
                s = m.start(1)
                level1.append((s, _heading_number(l1) if l1 else None, title if end_mark else title.rstrip()))
                starts.append(s)
                continue
            s = m.start(1)
        else:
            s, ts = m.span(1)
            e = _line_end(text, s)
            title = text[ts:e if e - ts <= 60 else _title_span(text, ts, e)[1]]
            if l1 or bare:
                level1.append((s, _heading_number(l1) if l1 else None, title))
                starts.append(s)
                continue
        if stop is None and starts:
            stop = s
        words = keywords(title)  # theme_of, inlined: most titles have no keyword
        if words:
            themed.append((s, tag[words[0]] if len(words) == 1 else _best_theme(list(map(tag.__getitem__, words)))))
    if not starts:
        return level1, themed, None
    found, stopped = _recovered_headings(text, starts, len(text) if stop is None else stop)
    if found:
        level1 += [(s, None, text[s:te]) for s, te, _ in found]
        level1.sort()  # by start (starts differ)
    return level1, themed, stopped


def outline(text: str) -> list[Heading]:
    """Every numbered heading (levels 1–3) and recovered level-1 heading, in text order.

    One regular-expression pass finds the numbered headings; unnumbered paragraphs are looked at only while
    every level-1 section so far is a single paragraph (the shape in which a heading that lost its numeral
    and 、 can still be recognised).
    """
    level1, subs, _ = _headings(text)
    return [Heading(*h[:6], _line_end(text, h[3]) if h[6] is None else h[6], h[7])
            for h in sorted(level1 + subs, key=itemgetter(3))]


def _part_kind_of_paragraph(text: str, s: int, e: int) -> str | None:
    """"problems" or "plans" for an unnumbered paragraph (trimmed line ``text[s:e]``) that opens such a
    part, else None. Reads the paragraph's first 80 characters."""
    if text[s] not in _PART_OPENERS:  # neither 下一步/今后 nor a year
        return None
    rx = _patterns()
    m = rx.paragraph_start.match(text, s, min(e, s + 80))
    if m is None:
        return None
    if m.group(1):
        return "plans"
    sentence_end = m.end()  # a year opens it: what does its first sentence say?
    if rx.we.search(text, s, min(sentence_end, s + 20)):
        if rx.problem_words.search(text, s, sentence_end):
            return "problems"
        if rx.plan_words.search(text, s, min(sentence_end, s + 30)):
            return "plans"
    return None


#: A line (after its newline and indentation) whose first character can open a problems/plans paragraph.
_OPENER_LINE = re.compile(rf"\n[^\S\n]*(?=[{''.join(sorted(_PART_OPENERS))}])")


def _closing_parts(text: str, after: int, known: tuple[int, str] | None = None) -> list[tuple[int, str]]:
    """(start, kind) of the first unnumbered problems and plans paragraphs on the lines after ``after``.

    ``known`` is (start, kind) of a paragraph already read (``_recovered_headings``); when it lies after
    ``after`` it is the first line after it (every line from the first heading to it is a level-1 heading),
    so the search goes on from it."""
    found: list[tuple[int, str]] = []
    if known is not None and known[0] > after:
        found.append(known)
        after = known[0]
    for m in _OPENER_LINE.finditer(text, after):
        s = m.end()
        kind = _part_kind_of_paragraph(text, s, _line_end(text, s))
        if kind and all(k != kind for _, k in found):
            found.append((s, kind))
            if len(found) == 2:
                break
    return found


def _closing_start(text: str, body_end: int, after: int) -> int | None:
    """Start of the trailing signature block (short lines after the last paragraph, from ``after`` on).

    Reads the trimmed non-blank lines last first; the blank stretches between them, often lines of no-break
    spaces, are stepped over 16 characters at a time (``str.rstrip`` of a slice), not one by one."""
    start = None
    e = body_end
    while e > 0:
        nl = text.rfind("\n", 0, e)
        s = nl + 1
        while text[s].isspace():  # stops at e - 1 at the latest
            s += 1
        if s < after or e - s > 30 or text.endswith(("。", ":", "："), s, e):
            break
        start = s
        while nl > 0:  # e: the end of the previous non-blank line (0: none)
            lo = nl - 16 if nl > 16 else 0
            e = lo + len(text[lo:nl].rstrip())
            if e > lo:
                break
            nl = lo
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


def _trim_end(text: str, start: int, end: int) -> int:
    """``end`` moved back over the whitespace that ends ``text[start:end]``."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _parts(text: str, level1: list[_Level1], stopped: tuple[int, str] | None = None) -> list[_PartRow]:
    """``parts_of`` from the level-1 headings (``_Level1``, in order; a None number continues the sequence),
    as plain tuples. ``stopped``: the paragraph that ended the search for recovered headings, if any."""
    # the level-1 sections, then unnumbered problems/plans paragraphs after the last one (already in order)
    extras = _closing_parts(text, level1[-1][0], stopped) if level1 else []
    body_end = len(text.rstrip())  # end of the last non-blank line (0: none)
    if not body_end:
        return []
    first = _SPACE.match(text).end()  # start of the first non-blank line
    if not level1:
        return [(None, "preamble", None, None, first, body_end)]
    starts = list(map(itemgetter(0), level1))
    starts += map(itemgetter(0), extras)
    closing = _closing_start(text, body_end, starts[-1] + 1)
    ends = starts[1:]
    ends.append(closing if closing is not None else body_end)
    parts: list[_PartRow] = []
    if first < starts[0]:
        parts.append((None, "preamble", None, None, first, _trim_end(text, first, starts[0])))
    # each part starts at a non-blank character: trimming its end stops there at the latest
    rx = _patterns()
    title_words, tag = rx.title_words.findall, rx.tag
    prev = 0  # numbers of headings that lost their numeral continue the sequence
    for (s, number, title), end in zip(level1, ends, strict=False):
        if number is None:
            number = prev + 1
        prev = number
        while text[end - 1].isspace():
            end -= 1
        words = title_words(title)  # _title_kind, inlined: most titles name one theme (maybe twice) or none
        if not words:
            parts.append((number, "section", None, title, s, end))
        elif (tags := list(map(tag.__getitem__, words))).count(theme := tags[0]) == len(tags) \
                and theme in THEME_KEYWORDS:
            parts.append((number, "section", theme, title, s, end))
        else:
            parts.append((number, *_kind_of_tags(tags), title, s, end))
    for (s, kind), end in zip(extras, ends[len(level1):], strict=True):
        while text[end - 1].isspace():
            end -= 1
        parts.append((None, kind, None, None, s, end))
    if closing is not None:
        parts.append((None, "closing", None, None, closing, body_end))
    return parts


def parts_of(text: str, heads: list[Heading] | None = None) -> list[Part]:
    """The parts of ``text`` in order, as plain tuples (no pandas): what ``split_sections`` tabulates.

    ``heads`` is the outline of ``text`` when the caller has it."""
    if heads is None:
        level1, _, stopped = _sections_scan(text)
        rows = _parts(text, level1, stopped)
    else:
        rows = _parts(text, [(h.start, h.number, h.title) for h in heads if h.level == 1])
    return [Part(*row) for row in rows]


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


_OUTSIDE = (None, None, None)  # (section, heading theme, part kind) outside every part


def _stretches(parts: list[_PartRow], themed: list[tuple[int, str]]) -> tuple[list[int], list[tuple]]:
    """The text cut where (section number, heading theme, part kind) changes: ``bounds`` (sorted starts)
    and ``values``, where ``values[i]`` holds from ``bounds[i - 1]`` to ``bounds[i]`` (``values[0]`` before
    the first part).

    A section without a theme of its own takes, from each sub-heading ((一), 1.) that names one (``themed``:
    start, theme), that sub-heading's theme.
    """
    themed_starts = list(map(itemgetter(0), themed))
    bounds: list[int] = []
    values: list[tuple] = [_OUTSIDE]
    for number, kind, theme, _, start, end in parts:
        bounds.append(start)
        if kind != "section":
            values.append((None, None, kind))
        else:
            values.append((number, theme, kind))
            if theme is None and themed:
                for s, sub_theme in themed[bisect.bisect_left(themed_starts, start):
                                           bisect.bisect_left(themed_starts, end)]:
                    if sub_theme != theme:  # (the same theme again: no new stretch)
                        theme = sub_theme
                        bounds.append(s)
                        values.append((number, theme, kind))
        bounds.append(end)
        values.append(_OUTSIDE)
    return bounds, values


def locate(text: str, positions: list[int]) -> tuple[list[int | None], list[str | None], list[str | None]]:
    """For each position (sorted or not) in ``text``: (section number, heading theme, part kind).

    ``section`` is the number of the numbered section the position sits in (None in preamble, problems,
    plans or closing, or outside every part); the heading theme is that section's theme, or, in reports
    whose top-level sections have no theme, the theme of the innermost sub-heading ((一), 1.) inside the
    section that names one; the part kind is "preamble", "section", … (None outside every part).

    The outline is read once (``_sections_scan``: only what the parts need) and cut into stretches of equal
    answers; positions in order (as ``extract_figures`` gives them) are matched to the stretches as these are
    made, one binary search per stretch (``_look_up_sorted``), others one binary search each (``_look_up``).
    """
    if not len(positions):
        return [], [], []
    level1, themed, stopped = _sections_scan(text)
    parts = _parts(text, level1, stopped)
    if isinstance(positions, list) and positions == sorted(positions):
        return _look_up_sorted(parts, themed, positions)
    return _look_up(*_stretches(parts, themed), positions)


def _look_up(bounds: list[int], values: list[tuple], positions: list[int]) -> tuple[list, list, list]:
    """``values[bisect_right(bounds, p)]`` for each position ``p``, as three lists (its three fields)."""
    found = map(values.__getitem__, map(partial(bisect.bisect_right, bounds), positions))
    sections, themes, kinds = map(list, zip(*found, strict=True))
    return sections, themes, kinds


def _look_up_sorted(parts: list[_PartRow], themed: list[tuple[int, str]], positions: list[int]
                    ) -> tuple[list, list, list]:
    """``_look_up(*_stretches(parts, themed), positions)`` for positions in order, without the stretches'
    lists: as each stretch is made, the positions before its end get its value (one binary search, from the
    first position not yet placed, and only when that one lies before the end: most stretches between parts
    hold none), and once all are placed the rest of the parts is not looked at."""
    find = bisect.bisect_left
    sections: list[int | None] = []
    themes: list[str | None] = []
    kinds: list[str | None] = []

    def fill(count: int, number: int | None, theme: str | None, kind: str | None) -> None:
        sections.extend([number] * count)
        themes.extend([theme] * count)
        kinds.extend([kind] * count)

    n = len(positions)
    done = 0  # positions placed
    for number, kind, theme, _, start, end in parts:
        if positions[done] < start:  # positions before the part: outside
            k = find(positions, start, done + 1)
            fill(k - done, None, None, None)
            if k == n:
                return sections, themes, kinds
            done = k
        if kind != "section":
            number = None
        elif theme is None and themed:
            i = bisect.bisect_left(themed, (start,))
            while i < len(themed) and (sub := themed[i])[0] < end:
                i += 1
                if sub[1] != theme:  # (the same theme again: the stretch goes on)
                    if positions[done] < sub[0]:
                        k = find(positions, sub[0], done + 1)
                        fill(k - done, number, theme, kind)
                        if k == n:
                            return sections, themes, kinds
                        done = k
                    theme = sub[1]
        if positions[done] < end:
            k = find(positions, end, done + 1)
            fill(k - done, number, theme, kind)
            if k == n:
                return sections, themes, kinds
            done = k
    fill(n - done, None, None, None)
    return sections, themes, kinds
