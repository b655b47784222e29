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

Speed (about 14 µs a figure): per document the text's code points are read once (numpy), for the fold and
for every figure's clause and sentence bounds; the word lists are tries compiled once, and prefixes and
suffixes are looked up by length after a one-character check.
"""

from __future__ import annotations

import csv
import re
import sys
from functools import lru_cache
from importlib import resources

import numpy as np

from .text import code_points, fold_to_simplified
from .tokens import trie_regex

__all__ = ["describe_figures", "phrase_words", "theme_keywords"]

#: Characters that end a clause (a phrase never crosses them).
_HARD = frozenset("，,。；;：:！？!?\n\r")
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
_YEAR_LEAD = re.compile(r"(?:[12][0-9]{3}|[二〇零○一三四五六七八九]{4})年度?")
_YEAR_FIRST = frozenset("12二〇零○一三四五六七八九")
_NUMBER_START = re.compile(r"[0-9０-９]")
_INNER_SCOPE = ("累计", "共计", "合计", "先后", "全年", "年内", "分别")
_CHANGE_LINK = ("了", "为", "达", "到", "至", "约", "近", "超过", "超", "逾", "同比", "分别", "均")
_SENTENCE = "。；;！？!?\n"
_PAREN_RX = re.compile("[()（）]")
_INNER_SCOPE_RX = re.compile("|".join(_INNER_SCOPE))


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
def _word_sets() -> dict[str, tuple[frozenset[str], frozenset[str], list[tuple[int, frozenset[str]]]]]:
    """Each kind's first characters, last characters and words as (length, set) pairs, longest first: a prefix
    or suffix is looked up, not scanned, and most positions are ruled out by one character."""
    out = {}
    for kind, words in {**phrase_words(), "link": _CHANGE_LINK}.items():
        lengths = sorted({len(w) for w in words}, reverse=True)
        out[kind] = (frozenset(w[0] for w in words), frozenset(w[-1] for w in words),
                     [(n, frozenset(w for w in words if len(w) == n)) for n in lengths])
    return out


def _prefix(f: str, a: int, b: int, kind: str) -> int:
    """Length of the longest word of ``kind`` that ``f[a:b]`` starts with and that leaves something after
    it (0: none)."""
    first, _, by_length = _word_sets()[kind]
    if a + 1 >= b or f[a] not in first:
        return 0
    for n, words in by_length:
        if a + n < b and f[a:a + n] in words:
            return n
    return 0


def _suffix(f: str, a: int, b: int, kind: str, *, whole: bool = False) -> int:
    """Length of the longest word of ``kind`` that ``f[a:b]`` ends with (leaving something before it, unless
    ``whole``); 0 if none."""
    _, last, by_length = _word_sets()[kind]
    if b <= a or f[b - 1] not in last:
        return 0
    for n, words in by_length:
        if (b - n > a or (whole and b - n >= a)) and f[b - n:b] in words:
            return n
    return 0


@lru_cache(maxsize=1)
def theme_keywords() -> dict[str, str]:
    """keyword (simplified) → theme, from ``data/theme_keywords.csv``."""
    path = resources.files("wxanalysis").joinpath("data", "theme_keywords.csv")
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["keyword"]: row["theme"] for row in csv.DictReader(fh)}


@lru_cache(maxsize=1)
def _regexes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    words = phrase_words()

    def alt(ws) -> str:
        return "|".join(re.escape(w) for w in sorted(ws, key=lambda w: (-len(w), w)))

    theme_rx = re.compile(trie_regex(theme_keywords()))
    subject_rx = re.compile(trie_regex(words["subject"]))
    verb_rx = re.compile(trie_regex(words["verb"]))
    stop_rx = re.compile(f"(?P<keep>{alt(words['keep'])})|{alt(words['stop'])}")
    return theme_rx, verb_rx, stop_rx, subject_rx


def _strip_lead(f: str, a: int, b: int) -> int:
    """Move ``a`` past scope words, a year, punctuation and spaces at the front of ``f[a:b]``."""
    while a < b:
        if f[a] in " \t\u3000\xa0、“”\"'（）()》":
            if f[a] in "“" and "”" in f[a:b]:
                break
            a += 1
            continue
        m = _YEAR_LEAD.match(f, a, b) if f[a] in _YEAR_FIRST else None
        if m and m.end() < b:
            a = m.end()
            continue
        n = _prefix(f, a, b, "lead")
        if not n:
            break
        a += n
    return a


def _strip_tail(f: str, a: int, b: int) -> int:
    """Move ``b`` before linking words and spaces at the end of ``f[a:b]`` (达, 均为, 共, 超过 …)."""
    while b > a:
        if f[b - 1] in " \t\u3000\xa0":
            b -= 1
            continue
        n = _suffix(f, a, b, "tail")
        if not n:
            break
        b -= n
    return b


def _before(f: str, lo: int, s: int) -> tuple[int, int] | None:
    """The phrase before the number at ``s``: verb + object, or a rate's name, within ``f[lo:s]``."""
    a = lo
    depth = 0
    i = s - 1 if _PAREN_RX.search(f, lo, s) else lo - 1
    while i >= lo:  # an unclosed parenthesis before the number opens an aside: start after it
        ch = f[i]
        if ch in ")）":
            depth += 1
        elif ch in "(（":
            if depth == 0:
                a = i + 1
                break
            depth -= 1
        i -= 1
    b = _strip_tail(f, a, s)
    _, verb_rx, _, subject_rx = _regexes()
    # ``a`` only moves forward: a word not in f[a:b] now never is
    inner = _INNER_SCOPE_RX.search(f, a, b) is not None
    subject = subject_rx.search(f, a, b) is not None
    for _ in range(4):
        a0 = a
        a = _strip_lead(f, a, b)
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
        if a < b and _prefix(f, a, b, "prep"):
            m = verb_rx.search(f, a + 1, b)
            if m:
                a = m.start()
        else:
            m = verb_rx.search(f, a, b)
            if m and m.start() > a:
                a = m.start()
        if a == a0:
            break
    b = _strip_tail(f, a, b)
    k = f.rfind("等", a, b)  # X、Y等Z: Z is what is counted
    if k >= 0 and k + 1 < b:
        a = k + 1
    return (a, b) if b - a >= 1 and _has_cjk(f, a, b) else None


def _after(f: str, ue: int, hi: int) -> tuple[int, int] | None:
    """The noun after the measure word ending at ``ue`` (up to a stop word or the clause end)."""
    a = ue
    while a < hi and f[a] in " \t\u3000\xa0":
        a += 1
    if a >= hi or _NUMBER_START.match(f, a) or f[a] in _HARD or f[a] in "、":
        return None
    if _stop_start_rx().match(f, a):
        return None
    depth = 0
    b = _plain_run().match(f, a, min(hi, a + _MAX_AFTER)).end()  # what the loop below would step over
    while b < hi and b - a < _MAX_AFTER:
        ch = f[b]
        if ch in _HARD or ch in " \t\u3000\xa0" or ch.isdigit():
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
    _, _, stop_rx, _ = _regexes()
    a = _strip_lead(f, a, b)
    for m in stop_rx.finditer(f, a, b):
        if m.group("keep") is None and m.start() > a:
            b = m.start()
            break
    return (a, b) if b > a and _has_cjk(f, a, b) else None


_CJK_RX = re.compile("[\u3400-\u9fff]")


@lru_cache(maxsize=1)
def _plain_run() -> re.Pattern[str]:
    """A run of CJK characters that are no digit (in practice all of them): none ends a noun."""
    chars = [chr(i) for i in range(0x3400, 0xA000)]
    if not any(c.isdigit() for c in chars):
        return re.compile("[\u3400-\u9fff]*")
    return re.compile(f"[{''.join(c for c in chars if not c.isdigit())}]*")


def _has_cjk(f: str, a: int, b: int) -> bool:
    return _CJK_RX.search(f, a, b) is not None


@lru_cache(maxsize=1)
def _stop_start_rx() -> re.Pattern[str]:
    """Stop words that, right after the measure word, mean no noun follows (的, 和 … and every longer one)."""
    words = [w for w in phrase_words()["stop"] if len(w) > 1 or w in "的和及与等或"]
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))))


@lru_cache(maxsize=1)
def _boundary_codes() -> np.ndarray:
    """Code point → 1 if it ends a clause (``_HARD``), + 2 if it ends a sentence (``_SENTENCE``)."""
    out = np.zeros(sys.maxunicode + 1, dtype=np.uint8)
    out[[ord(c) for c in _HARD]] |= 1
    out[[ord(c) for c in _SENTENCE]] |= 2
    return out


def _clauses(is_end: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> tuple[list[int], list[int]]:
    """The clause (or sentence) around each ``[start, end)``: from after the nearest boundary character
    (``is_end``, one flag per character) before the start to the nearest one at or after the end (or the text's
    ends)."""
    pos = np.append(np.flatnonzero(is_end), len(is_end))
    i = np.searchsorted(pos, starts)
    lo = np.where(i > 0, pos[i - 1] + 1, 0)
    hi = pos[np.searchsorted(pos, ends)]
    return lo.tolist(), hi.tolist()


def _nearest_theme(f: str, lo: int, hi: int, s: int, e: int, specific: bool) -> str | None:
    """The theme of the keyword nearest the number in ``f[lo:hi]``; with ``specific`` (within a clause) a
    keyword of one of the five themes wins over one of "other" (study of law, training … there are often
    the setting, not the subject)."""
    kw = theme_keywords()
    near: tuple[int, str] | None = None  # nearest keyword of one of the five themes
    near_other: tuple[int, str] | None = None  # nearest keyword of "other"
    for m in _regexes()[0].finditer(f, lo, hi):
        a, b = m.span()
        d = s - b if b <= s else (a - e if a >= e else 0)
        theme = kw[m.group()]
        if theme != "other":
            if near is None or d < near[0]:
                near = (d, theme)
        elif near_other is None or d < near_other[0]:
            near_other = (d, theme)
    if near is None:
        return None if near_other is None else near_other[1]
    if specific or near_other is None:
        return near[1]
    return min(near, near_other)[1]


@lru_cache(maxsize=1)
def _change_ends() -> frozenset[str]:
    """The last characters of the words of a change (up, down)."""
    sets = _word_sets()
    return sets["up"][1] | sets["down"][1]


def _direction(f: str, lo: int, s: int) -> str | None:
    b = s
    for _ in range(4):
        while b > lo and f[b - 1] in " \t\u3000\xa0":
            b -= 1
        n = _suffix(f, lo, b, "link", whole=True)
        if not n:
            break
        b -= n
    if b <= lo or f[b - 1] not in _change_ends():
        return None
    if f.endswith("新增", lo, b):
        return None
    for kind in ("up", "down"):
        if _suffix(f, lo, b, kind, whole=True):
            return kind
    return None


def _number(text: str, s: int, e: int) -> float | None:
    try:
        return float(text[s:e].replace(",", ""))
    except ValueError:
        return None


@lru_cache(maxsize=256)
def _noun_may_follow(unit: str | None) -> bool:
    """Whether what is counted may follow the unit (建成13个 **工作站**), not for rates, money, durations …"""
    return bool(unit) and not unit.startswith(_NO_NOUN_AFTER)


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
    codes = code_points(text)
    f = fold_to_simplified(text, codes)
    kinds = np.take(_boundary_codes(), codes)
    s_arr, e_arr = np.asarray(starts), np.asarray(ends)
    hard_lo, hard_hi = _clauses((kinds & 1).view(np.bool_), s_arr, e_arr)
    sent_lo, sent_hi = _clauses((kinds >> 1).view(np.bool_), s_arr, e_arr)
    phrases: list[str | None] = [None] * n
    p_start: list[int | None] = [None] * n
    p_end: list[int | None] = [None] * n
    themes: list[str] = ["other"] * n
    dirs: list[str | None] = [None] * n
    prev_end = 0  # nothing of a previous figure (number, unit, phrase after it) is part of the next phrase
    for k in range(n):
        s, e, ue = starts[k], ends[k], max(unit_ends[k], ends[k])
        rel = relations[k]
        clo, chi = max(hard_lo[k], s - _MAX_BEFORE), min(hard_hi[k], e + _MAX_BEFORE)
        clo = max(clo, min(prev_end, s))
        span = None
        if rel in ("range_high", "to") and k and p_start[k - 1] is not None:
            span = (p_start[k - 1], p_end[k - 1])
        if span is None and _noun_may_follow(units[k]):
            after_hi = min(chi, starts[k + 1]) if k + 1 < n else chi
            span = _after(f, ue, after_hi)
            if span and rel == "range_low":
                span = None
        if span is None:
            span = _before(f, clo, s)
        if span is None and k and p_start[k - 1] is not None and f[max(ends[k - 1], unit_ends[k - 1]):s].strip(
                " \t\u3000、") == "":
            span = (p_start[k - 1], p_end[k - 1])  # 学法9次、10部: items sharing one phrase
        if span is not None:
            p_start[k], p_end[k] = span
            phrases[k] = text[span[0]:span[1]]
        prev_end = max(ue, span[1] if span and span[1] > s else ue)
        slo, shi = max(hard_lo[k], s - _MAX_THEME_CLAUSE), min(hard_hi[k], e + _MAX_THEME_CLAUSE)
        theme = _nearest_theme(f, slo, shi, s, e, True)
        if theme is None:
            slo, shi = max(sent_lo[k], s - _MAX_THEME_SENTENCE), min(sent_hi[k], e + _MAX_THEME_SENTENCE)
            theme = _nearest_theme(f, slo, shi, s, e, False)
        themes[k] = theme or heading_themes[k] or "other"
        dirs[k] = _direction(f, clo, s)
        if dirs[k] is None and rel == "to" and k:
            a, b = _number(f, starts[k - 1], ends[k - 1]), _number(f, s, e)
            if a is not None and b is not None and a != b:
                dirs[k] = "down" if b < a else "up"
    return phrases, p_start, p_end, themes, dirs
