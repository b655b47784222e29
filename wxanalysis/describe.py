"""What each figure counts, its theme and its direction: plain lists in, plain lists out.

``describe_figures`` is called once per document by the extractor with the figures it found. For each
figure it returns:

* ``indicator_phrase`` with its span: the report's own words for what is counted. The noun after the
  measure word when there is one (建成13个 **乡(镇)公共法律服务工作站**), otherwise the verb + object or the
  rate's name before the number (**受理法律援助案件** 537件, **政务服务事项网上可办率** 94.3%). Subjects,
  prepositional phrases and scope or manner words are dropped (全县, 全年, 累计, 共 …), and a phrase never
  reaches back across a comma, a semicolon or a 顿号 into an item with its own number.
* ``theme``: the theme of the keyword nearest the number in its clause, else in its sentence, else the
  theme of its heading, else "other".
* ``direction``: "up"/"down" when the number is the size of a change (增长12%, 下降3.5个百分点) or the end
  point of a stated change (由60个工作日压减至11个工作日: "down" on the 11), else None.

The word lists are data: ``data/phrase_words.csv`` (kind, word) and ``data/theme_keywords.csv`` (theme,
keyword), both in simplified script; texts are folded to simplified character by character, so offsets do
not change and both scripts give the same answers. Work per figure is bounded (windows of a few dozen
characters); no pandas.

Speed (about 8.5 µs a figure, per-document work included; the theme keyword search is a fifth of it and
the rest mostly Python per figure). Per document: the text's code points are read once (numpy), for the
fold and for every figure's clause and sentence bounds; the theme keywords are found once per stretch of
text that the figures' clause (then sentence) windows cover, windows that overlap or nearly touch being
merged, and each figure's nearest keyword is then looked up by bisection (a window that cuts one of its
stretch's keywords in two is searched itself; a window whose keywords share one theme needs no distances).
Per figure, each step that peels words off a phrase (scope words and a year from the front, linking words
from the end, linking words then the change word before a number) is one match of a compiled regex, most
often ruled out by one character first: the word lists are tries (longest word first, as the word-by-word
rules were; atomic groups keep a step from giving back part of a word), and the steps that work backwards
from the number run forwards on the reversed text, where a suffix is a prefix. The regexes are built once
(``_patterns``). The common phrase window (no parenthesis, scope or subject word: nine in ten) takes a
written-out path in ``_before`` with no further calls. Python-level per-call costs count here (a numpy call
on a small array costs 1–3 µs, a function call or an ``lru_cache`` hit about 0.1 µs), so the figure loop
walks its inputs with ``zip`` and keeps the previous figure in locals.
"""

from __future__ import annotations

import csv
import re
import sys
from bisect import bisect_left, bisect_right
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

import numpy as np

from .text import code_points, fold_to_simplified
from .tokens import trie_regex

__all__ = ["describe_figures", "phrase_words", "theme_keywords"]

#: Characters that end a clause (a phrase never crosses them).
_HARD = "，,。；;：:！？!?\n\r"
#: Units after which no noun follows as "what is counted": rates, money, durations, multiples.
_NO_NOUN_AFTER = ("%", "％", "‰", "元", "倍", "个百分点", "個百分點", "百分点", "个工作日", "個工作日",
                  "个自然日", "個自然日", "工作日", "天", "日", "小时", "小時", "个小时", "個小時", "分钟",
                  "分鐘", "秒", "年", "个月", "個月", "月", "周", "週", "个星期", "個星期", "季度", "个季度",
                  "個季度", "岁", "歲", "公里", "千米", "米", "平方米", "平方公里", "亩", "畝", "公顷", "公頃",
                  "吨", "噸")
_MAX_BEFORE = 40
_MAX_AFTER = 24
_MAX_THEME_CLAUSE = 80
_MAX_THEME_SENTENCE = 200
#: Windows closer than this are searched for theme keywords as one stretch (a search costs as much as
#: reading a few characters: clause windows are often one punctuation mark apart).
_STRETCH_GAP = 8
#: A year at the front of a phrase (dropped, unless nothing would be left after it).
_YEAR_LEAD = r"(?:[12][0-9]{3}|[二〇零○一三四五六七八九]{4})年度?"
_YEAR_FIRST = "12二〇零○一三四五六七八九"
_INNER_SCOPE = ("累计", "共计", "合计", "先后", "全年", "年内", "分别")
_CHANGE_LINK = ("了", "为", "达", "到", "至", "约", "近", "超过", "超", "逾", "同比", "分别", "均")
_SENTENCE = "。；;！？!?\n"
#: Spaces (skipped around words); characters dropped from the front of a phrase (“ only when unclosed).
_SPACE = " \t\u3000\xa0"
_LEAD_CHARS = _SPACE + "、“”\"'（）()》"
_PAREN_RX = re.compile("[()（）]")
_INNER_SCOPE_RX = re.compile("|".join(_INNER_SCOPE))
_CJK_RX = re.compile("[\u3400-\u9fff]")


def _cls(chars: str) -> str:
    """A regex character class of ``chars``."""
    return "[" + "".join(re.escape(c) for c in chars) + "]"


def _alt(words) -> str:
    """A regex alternation of ``words``, longest first."""
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def phrase_words() -> dict[str, tuple[str, ...]]:
    """The word lists of ``data/phrase_words.csv`` by kind (lead, tail, prep, verb, stop, up, down),
    longest word first."""
    out: dict[str, list[str]] = {}
    path = resources.files("wxanalysis").joinpath("data", "phrase_words.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["kind"], []).append(row["word"])
    return {k: tuple(sorted(set(v), key=lambda w: (-len(w), w))) for k, v in out.items()}


@lru_cache(maxsize=1)
def theme_keywords() -> dict[str, str]:
    """keyword (simplified) → theme, from ``data/theme_keywords.csv``."""
    path = resources.files("wxanalysis").joinpath("data", "theme_keywords.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["keyword"]: row["theme"] for row in csv.DictReader(fh)}


class _Patterns(NamedTuple):
    """The compiled regexes (``_patterns``). ``*_rev`` ones run on the reversed folded text."""

    theme: re.Pattern[str]  # any theme keyword (longest at a position)
    verb: re.Pattern[str]  # a verb that may open a phrase
    subject: re.Pattern[str]  # a body that ends a subject (常务会议 …)
    stop: re.Pattern[str]  # a word that ends the noun after a measure word, or one that does not (a "keep" group)
    prep: re.Pattern[str]  # a preposition, with something after it
    prep_first: frozenset[str]  # the first characters of the prepositions
    paren_scope_or_subject: re.Pattern[str]  # a parenthesis, a scope word (``_INNER_SCOPE``) or a subject word
    lead: re.Pattern[str]  # everything ``_strip_lead`` drops from the front, in one match
    lead_first: frozenset[str]  # the characters ``lead`` can start with (any other: nothing to drop)
    no_noun: re.Pattern[str]  # what, right after the measure word, means no noun follows
    plain_run: re.Pattern[str]  # CJK characters that are no digit
    tail_rev: re.Pattern[str]  # everything ``_strip_tail`` drops from the end, in one match
    tail_last: frozenset[str]  # the characters ``tail_rev`` can start with (spaces, last characters)
    direction_rev: re.Pattern[str]  # the linking words before a number, then the change word (groups up/down)
    direction_last: frozenset[str]  # the characters ``direction_rev`` can start with (spaces, last characters)


def _rev_trie(words) -> str:
    """A trie regex of ``words`` written backwards: on the reversed text it finds the longest word that ends
    at a position."""
    return trie_regex([w[::-1] for w in words])


def _keep_or_stop(keep, stop) -> str:
    """Keep words, else stop words, each longest first, at a position (as ``(?P<keep>K…)|S…``), written by
    first character (``X(?:(?P<keep_n>…)|…)``) so that a search skips to a possible first character; a keep
    word sets a group (``Match.lastgroup``)."""
    alts = []
    for i, ch in enumerate(sorted({w[0] for w in (*keep, *stop)})):
        keep_rests = [w[1:] for w in keep if w[0] == ch]
        stop_rests = [w[1:] for w in stop if w[0] == ch]
        rests = [f"(?P<keep_{i}>{_alt(keep_rests)})"] if keep_rests else []
        if stop_rests:
            rests.append(_alt(stop_rests))
        alts.append(f"{re.escape(ch)}(?:{'|'.join(rests)})")
    return "|".join(alts)


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    """Compile the regexes once. Each ``(?>…)`` is atomic: like the word-by-word rules they replace, a step
    takes the longest word that fits and never gives part of it back when a later step fails."""
    words = phrase_words()
    space = _cls(_SPACE)
    any_ = r"[\s\S]"  # "something is left" (``endpos`` bounds the window)
    lead_words = trie_regex([w for w in words["lead"] if w[0] not in _LEAD_CHARS])
    lead = (f"(?:{_cls(_LEAD_CHARS.replace('“', ''))}|“(?![^”]*”)|(?>{_YEAR_LEAD})(?={any_})"
            f"|(?>{lead_words}(?={any_})))*+")
    tail_rev = f"(?:{space}|(?>{_rev_trie(words['tail'])}(?={any_})))*+"
    link = f"{space}*+(?>{_rev_trie(_CHANGE_LINK)})"
    direction_rev = (f"(?>(?:{link}){{4}}|(?:{link}){{0,3}}+{space}*+)"
                     f"(?:(?P<new>{re.escape('新增'[::-1])})|(?P<up>{_rev_trie(words['up'])})"
                     f"|(?P<down>{_rev_trie(words['down'])}))?")
    stop_start = [w for w in words["stop"] if len(w) > 1 or w in "的和及与等或"]
    chars = [chr(i) for i in range(0x3400, 0xA000)]
    plain = "[\u3400-\u9fff]*" if not any(c.isdigit() for c in chars) else \
        f"[{''.join(c for c in chars if not c.isdigit())}]*"
    return _Patterns(
        theme=re.compile(trie_regex(theme_keywords())),
        verb=re.compile(trie_regex(words["verb"])),
        subject=re.compile(trie_regex(words["subject"])),
        stop=re.compile(_keep_or_stop(words["keep"], words["stop"])),
        prep=re.compile(f"{trie_regex(words['prep'])}(?={any_})"),
        prep_first=frozenset(w[0] for w in words["prep"]),
        paren_scope_or_subject=re.compile(trie_regex(["(", ")", "（", "）", *_INNER_SCOPE, *words["subject"]])),
        lead=re.compile(lead),
        lead_first=frozenset(_LEAD_CHARS + _YEAR_FIRST + "".join(w[0] for w in words["lead"])),
        no_noun=re.compile(f"[0-9０-９、{re.escape(_HARD)}]|{_alt(stop_start)}"),
        plain_run=re.compile(plain),
        tail_rev=re.compile(tail_rev),
        tail_last=frozenset(_SPACE + "".join(w[-1] for w in words["tail"])),
        direction_rev=re.compile(direction_rev),
        direction_last=frozenset(_SPACE).union(*(w[-1] for w in (*_CHANGE_LINK, *words["up"], *words["down"]))),
    )


def _strip_lead(p: _Patterns, f: str, a: int, b: int) -> int:
    """Move ``a`` past scope words, a year, punctuation and spaces at the front of ``f[a:b]`` (an opening “
    stays when its ” follows; a year or a word stays when nothing would be left after it)."""
    if a < b and f[a] in p.lead_first:
        return p.lead.match(f, a, b).end()
    return a


def _strip_tail(p: _Patterns, r: str, a: int, b: int) -> int:
    """Move ``b`` before linking words and spaces at the end of ``f[a:b]`` (达, 均为, 共, 超过 …); ``r`` is
    ``f`` reversed. A word goes only when something is left before it, so once stripped, ``f[a:b]`` stays
    stripped when ``a`` moves forward."""
    n = len(r)
    if b > a and r[n - b] in p.tail_last:
        return n - p.tail_rev.match(r, n - b, n - a).end()
    return b


def _has_cjk(f: str, a: int, b: int) -> bool:
    """Whether ``f[a:b]`` (not empty) has a CJK character (the first one, most often)."""
    return "\u3400" <= f[a] <= "\u9fff" or _CJK_RX.search(f, a, b) is not None


def _aside_start(f: str, lo: int, s: int) -> int:
    """After an unclosed parenthesis in ``f[lo:s]`` (an aside the number is in), else ``lo``."""
    if not _PAREN_RX.search(f, lo, s):
        return lo
    depth = 0
    for i in range(s - 1, lo - 1, -1):
        ch = f[i]
        if ch in ")）":
            depth += 1
        elif ch in "(（":
            if depth == 0:
                return i + 1
            depth -= 1
    return lo


def _counted(f: str, a: int, b: int) -> tuple[int, int] | None:
    """The last step of ``_before``: after X、Y等 only what follows 等 is counted; a phrase needs a CJK
    character (None otherwise)."""
    k = f.rfind("等", a, b)  # X、Y等Z: Z is what is counted
    if k >= 0 and k + 1 < b:
        a = k + 1
    return (a, b) if b > a and ("\u3400" <= f[a] <= "\u9fff" or _has_cjk(f, a, b)) else None


def _before(p: _Patterns, f: str, r: str, lo: int, s: int) -> tuple[int, int] | None:
    """The phrase before the number at ``s``: verb + object, or a rate's name, within ``f[lo:s]``.

    Most windows have no parenthesis, scope word or subject word (``_before_full`` takes those): then only a
    lead, a preposition and a verb move the start, and the steps are written out here (no calls)."""
    if p.paren_scope_or_subject.search(f, lo, s):
        return _before_full(p, f, r, lo, s)
    b = s
    if s > lo and f[s - 1] in p.tail_last:  # (most often nothing to strip: ``_strip_tail``)
        n = len(r)
        b = n - p.tail_rev.match(r, n - s, n - lo).end()
    a = lo
    verb_at = -1  # where a verb was found (``b`` stays: a search from there finds it again)
    lead_first, prep_first, verb_search = p.lead_first, p.prep_first, p.verb.search
    for _ in range(4):
        if a >= b:
            break
        a0 = a
        if f[a] in lead_first:  # (most often nothing to strip: ``_strip_lead``)
            a = p.lead.match(f, a, b).end()
            if a >= b:
                break
        if f[a] in prep_first and p.prep.match(f, a, b):
            m = verb_search(f, a + 1, b)
            if m:
                a = m.start()
        elif a != verb_at:
            m = verb_search(f, a, b)
            if m:
                a = verb_at = m.start()
        if a == a0:
            break
    return _counted(f, a, b)


def _before_full(p: _Patterns, f: str, r: str, lo: int, s: int) -> tuple[int, int] | None:
    """``_before`` for a window with a parenthesis, a scope word (``_INNER_SCOPE``) or a subject word."""
    verb_rx, subject_rx, prep_rx, prep_first, lead_first = p.verb, p.subject, p.prep, p.prep_first, p.lead_first
    a = _aside_start(f, lo, s)
    b = _strip_tail(p, r, a, s)  # stays stripped as ``a`` moves on
    # ``a`` only moves forward: a word not in f[a:b] now never is
    inner = _INNER_SCOPE_RX.search(f, a, b) is not None  # a scope word or a subject word in the phrase
    subject = subject_rx.search(f, a, b) is not None
    for _ in range(4):
        a0 = a
        if a < b and f[a] in lead_first:  # (most often nothing to strip)
            a = _strip_lead(p, f, a, b)
        if inner and _INNER_SCOPE_RX.search(f, a, b):
            for w in _INNER_SCOPE:  # a scope word inside ends the subject: 两级政府常务会累计学法 → 学法
                k = f.rfind(w, a, b)
                if k >= 0 and k + len(w) < b:
                    a = k + len(w)
        # a body before its action: 区政府常务会议会前学法 → 会前学法
        if subject and subject_rx.search(f, a, b):
            ends_ = [m.end() for m in subject_rx.finditer(f, a, b)]
            if ends_[-1] < b - 1:
                a = ends_[-1]
        if a < b and f[a] in prep_first and prep_rx.match(f, a, b):
            m = verb_rx.search(f, a + 1, b)
            if m:
                a = m.start()
        else:
            m = verb_rx.search(f, a, b)
            if m and m.start() > a:
                a = m.start()
        if a == a0:
            break
    return _counted(f, a, b)


def _after(p: _Patterns, f: str, ue: int, hi: int) -> tuple[int, int] | None:
    """The noun after the measure word ending at ``ue`` (up to a stop word or the clause end)."""
    a = ue
    while a < hi and f[a] in _SPACE:
        a += 1
    # a number, a clause end, a 顿号 or a stop word (的, 和 … and every longer one) next: no noun follows
    if a >= hi or p.no_noun.match(f, a):
        return None
    depth = 0
    end = a + _MAX_AFTER
    if end > hi:
        end = hi
    b = p.plain_run.match(f, a, end).end()  # what the loop below would step over
    while b < end:
        ch = f[b]
        if ch in _HARD or ch in _SPACE or ch.isdigit():
            break
        if ch in "(（":
            if f.startswith("其中", b + 1):
                break
            depth += 1
        elif ch in ")）":
            if depth == 0:
                break
            depth -= 1
        elif ch == "、" and depth == 0:
            break
        elif ch in "“「" and b > a:
            break
        b += 1
    if f[a] in p.lead_first:  # (most often nothing to strip)
        a = _strip_lead(p, f, a, b)
    search = p.stop.search  # (as ``finditer``, without making an iterator: most often nothing is found)
    m = search(f, a, b)
    while m is not None:
        if m.lastgroup is None and m.start() > a:  # a stop word, not at the front
            b = m.start()
            break
        m = search(f, m.end(), b)
    return (a, b) if b > a and ("\u3400" <= f[a] <= "\u9fff" or _has_cjk(f, a, b)) else None


def _direction(p: _Patterns, r: str, lo: int, s: int) -> str | None:
    """"up"/"down" when a change word ends ``f[lo:s]`` (before up to four linking words and spaces: 同比增长了,
    下降到), else None; 新增 (newly added) is no change. ``r`` is ``f`` reversed."""
    n = len(r)
    m = p.direction_rev.match(r, n - s, n - lo)
    if m is None:
        return None
    kind = m.lastgroup
    return kind if kind == "up" or kind == "down" else None


@lru_cache(maxsize=1)
def _boundary_tables() -> tuple[np.ndarray, np.ndarray]:
    """Code point → whether it ends a clause (``_HARD``), and whether it ends a sentence (``_SENTENCE``)."""
    hard = np.zeros(sys.maxunicode + 1, dtype=np.bool_)
    hard[[ord(c) for c in _HARD]] = True
    sentence = np.zeros(sys.maxunicode + 1, dtype=np.bool_)
    sentence[[ord(c) for c in _SENTENCE]] = True
    return hard, sentence


class _Windows(NamedTuple):
    """Per figure, the windows its phrase, direction and theme are looked for in (lists, one int a figure)."""

    lo: list[int]  # start of the phrase window: clause start, at most _MAX_BEFORE before the number
    hi: list[int]  # end of the phrase window: clause end, at most _MAX_BEFORE after the number
    clause_lo: list[int]  # the theme's clause window (at most _MAX_THEME_CLAUSE either side)
    clause_hi: list[int]
    sentence_lo: list[int]  # the theme's sentence window (at most _MAX_THEME_SENTENCE either side)
    sentence_hi: list[int]


def _windows(text: str, starts: list[int], ends: list[int]) -> tuple[str, _Windows]:
    """The folded text and each figure's windows: from after the nearest clause (or sentence) end before
    the number to the nearest one at or after its end (or the text's ends), cut to a number of characters
    either side. The text's code points are read once, for the fold and for the bounds."""
    codes = code_points(text).astype(np.intp)  # (indices: each lookup below would convert them)
    f = fold_to_simplified(text, codes)
    hard_table, sentence_table = _boundary_tables()
    hard = np.flatnonzero(np.take(hard_table, codes))
    sentence = hard[np.take(sentence_table, codes[hard])]  # every sentence end ends a clause
    n = len(starts)
    s, e = np.fromiter(starts, np.intp, n), np.fromiter(ends, np.intp, n)  # (``np.array`` of a list: 2x slower)
    edges = [len(text)]
    out = []
    for pos, sides in ((hard, (_MAX_BEFORE, _MAX_THEME_CLAUSE)), (sentence, (_MAX_THEME_SENTENCE,))):
        pos = np.concatenate(([-1], pos, edges))
        lo = pos[pos.searchsorted(s) - 1] + 1
        hi = pos[pos.searchsorted(e)]
        for side in sides:
            out += [np.maximum(lo, s - side).tolist(), np.minimum(hi, e + side).tolist()]
    return f, _Windows(*out)


class _Keywords(NamedTuple):
    """Theme keywords found in some stretches of the folded text, in text order."""

    starts: list[int]
    ends: list[int]
    themes: list[str]


def _find_keywords(p: _Patterns, f: str, los: list[int], his: list[int]) -> _Keywords:
    """The theme keywords of the windows ``[los[k], his[k])``: each run of windows that overlap or lie less
    than ``_STRETCH_GAP`` characters apart (a stretch) is searched once."""
    if los != sorted(los):  # figures come sorted, so their windows do (a sorted list is sorted fast)
        los, his = map(list, zip(*sorted(zip(los, his, strict=True)), strict=True))
    found: list[re.Match[str]] = []
    finditer = p.theme.finditer
    k, n = 0, len(los)
    while k < n:
        lo, hi = los[k], his[k]
        k += 1
        while k < n and los[k] <= hi + _STRETCH_GAP:
            if his[k] > hi:
                hi = his[k]
            k += 1
        found.extend(finditer(f, lo, hi))
    return _Keywords(list(map(re.Match.start, found)), list(map(re.Match.end, found)),
                     list(map(theme_keywords().__getitem__, map(re.Match.group, found))))


def _nearest_themes(p: _Patterns, f: str, starts: list[int], ends: list[int], los: list[int], his: list[int],
                    specific: bool) -> list[str | None]:
    """For each number ``f[starts[k]:ends[k]]``, the theme of the keyword nearest it in ``f[los[k]:his[k]]``
    (None if none; ``_nearest``).

    The keywords are found once in the windows' stretches (``_find_keywords``). A search of a window alone
    finds those of its stretch that lie inside it, unless one of the stretch's keywords straddles an edge of
    the window (a search of the window would start or stop inside it and might find a shorter or an
    overlapping one): then the window is searched itself."""
    ms, me, mt = _find_keywords(p, f, los, his)
    m = len(ms)
    out: list[str | None] = []
    append = out.append
    for s, e, lo, hi in zip(starts, ends, los, his, strict=True):
        i = bisect_left(ms, lo)
        j = bisect_right(me, hi, i)
        if (i and me[i - 1] > lo) or (j < m and ms[j] < hi):
            own = _find_keywords(p, f, [lo], [hi])
            append(_nearest(*own, 0, len(own.starts), s, e, specific))
        elif i == j:
            append(None)
        else:
            theme = mt[i]
            if theme == mt[j - 1] and (j - i <= 2 or mt[i:j].count(theme) == j - i):  # one theme (most often)
                append(theme)
            else:
                append(_nearest(ms, me, mt, i, j, s, e, specific))
    return out


def _nearest(starts: list[int], ends: list[int], themes: list[str], i: int, j: int, s: int, e: int,
             specific: bool) -> str | None:
    """The theme of the keyword nearest ``[s, e)`` among keywords ``i`` to ``j - 1`` (in text order); with
    ``specific`` (within a clause) a keyword of one of the five themes wins over one of "other" (study of law,
    training … there are often the setting, not the subject). Distance ties go to the keyword further left.
    """
    near = near_other = None  # theme of the nearest keyword of one of the five themes, of "other"
    d_near = d_other = 0  # their distances
    for k in range(i, j):
        b = ends[k]
        if b <= s:
            d = s - b
        else:
            d = starts[k] - e
            if d < 0:
                d = 0
        theme = themes[k]
        if theme != "other":
            if near is None or d < d_near:
                near, d_near = theme, d
        elif near_other is None or d < d_other:
            near_other, d_other = theme, d
    if near is None:
        return near_other
    if specific or near_other is None:
        return near
    return min((d_near, near), (d_other, near_other))[1]


def _themes(p: _Patterns, f: str, starts: list[int], ends: list[int], win: _Windows,
            heading_themes: list[str | None]) -> list[str]:
    """The theme of each figure: nearest keyword in its clause, else in its sentence, else its heading's."""
    out = _nearest_themes(p, f, starts, ends, win.clause_lo, win.clause_hi, True)
    rest = [k for k, theme in enumerate(out) if theme is None]
    if rest:
        found = _nearest_themes(p, f, *(list(map(values.__getitem__, rest))
                                        for values in (starts, ends, win.sentence_lo, win.sentence_hi)), False)
        for k, theme in zip(rest, found, strict=True):
            out[k] = theme
    return [t or h or "other" for t, h in zip(out, heading_themes, strict=True)]


def _number(text: str, s: int, e: int) -> float | None:
    try:
        return float(text[s:e].replace(",", ""))
    except ValueError:
        return None


def _noun_may_follow(unit: str | None) -> bool:
    """Whether what is counted may follow the unit (建成13个 **工作站**), not for rates, money, durations …"""
    return bool(unit) and not unit.startswith(_NO_NOUN_AFTER)


#: ``_noun_may_follow`` by unit, filled as units are met (a dict lookup costs a sixth of an ``lru_cache`` call).
_NOUN_MAY_FOLLOW: dict[str | None, bool] = {}


def _nouns_may_follow(units: list[str | None]) -> list[bool]:
    """``_noun_may_follow`` of each unit (units are few: the scan's unit words)."""
    known = _NOUN_MAY_FOLLOW
    try:
        return list(map(known.__getitem__, units))
    except KeyError:
        if len(known) > 4096:  # (never with the scan's units; a bound all the same)
            known.clear()
        for unit in units:
            if unit not in known:
                known[unit] = _noun_may_follow(unit)
        return list(map(known.__getitem__, units))


def describe_figures(text: str, starts: list[int], ends: list[int], units: list[str], unit_ends: list[int],
                     relations: list[str | None], heading_themes: list[str | None]
                     ) -> tuple[list[str | None], list[int | None], list[int | None], list[str], list[str | None]]:
    """Per figure: (indicator_phrase, phrase_start, phrase_end, theme, direction).

    ``starts``/``ends`` span each number in ``text`` (sorted by start), ``units`` its unit, ``unit_ends``
    where its token ends after the unit or qualifier, ``relations`` the extractor's relation ("from", "to",
    "range_low", "range_high" or None), ``heading_themes`` the theme of its section or sub-heading (or None).
    ``text[phrase_start:phrase_end] == indicator_phrase``; a phrase is None where the text names nothing.
    """
    n = len(starts)
    if not n:
        return [], [], [], [], []
    p = _patterns()
    f, win = _windows(text, starts, ends)
    r = f[::-1]
    themes = _themes(p, f, starts, ends, win, heading_themes)
    phrases: list[str | None] = [None] * n
    p_start: list[int | None] = [None] * n
    p_end: list[int | None] = [None] * n
    dirs: list[str | None] = [None] * n
    prev_end = 0  # nothing of a previous figure (number, unit, phrase after it) is part of the next phrase
    prev_span = None  # the previous figure's phrase span
    prev_s = prev_e = prev_ue = 0  # the previous figure's number and token end
    direction_last = p.direction_last
    next_starts = starts[1:]
    next_starts.append(len(text))  # (no window reaches past the text)
    for k, (s, e, ue, rel, clo, after_hi, noun_may_follow, next_start) in enumerate(zip(
            starts, ends, unit_ends, relations, win.lo, win.hi, _nouns_may_follow(units), next_starts, strict=True)):
        if ue < e:
            ue = e
        if prev_end > clo:
            clo = prev_end if prev_end < s else s
        span = None
        if (rel == "range_high" or rel == "to") and prev_span is not None:
            span = prev_span
        elif noun_may_follow and rel != "range_low":  # a noun after the first number of a range is no phrase
            if next_start < after_hi:
                after_hi = next_start
            if ue < after_hi:
                span = _after(p, f, ue, after_hi)
        if span is None:
            span = _before(p, f, r, clo, s)
            if span is None and prev_span is not None and f[prev_ue:s].strip(" \t\u3000、") == "":
                span = prev_span  # 学法9次、10部: items sharing one phrase
        if span is None:
            prev_end = ue
        else:
            a, b = span
            p_start[k], p_end[k] = span
            phrases[k] = text[a:b]
            prev_end = b if b > ue else ue
        direction = None
        if s > clo and f[s - 1] in direction_last:
            direction = dirs[k] = _direction(p, r, clo, s)
        if rel == "to" and k and direction is None:
            a, b = _number(f, prev_s, prev_e), _number(f, s, e)
            if a is not None and b is not None and a != b:
                dirs[k] = "down" if b < a else "up"
        prev_span, prev_s, prev_e, prev_ue = span, s, e, ue
    return phrases, p_start, p_end, themes, dirs
