"""describe's fast paths give what its plain word-by-word rules give.

``describe`` peels words off phrases with one regex match per step (the steps that work backwards run on the
reversed text) and finds theme keywords once per stretch of text rather than once per figure. Here each fast
step is checked against the plain rule it replaces (written out below, one word at a time), at random
windows of the bundled report and of dense runs of the word lists themselves (where words overlap, windows
cut words in two, and years, quotes and spaces abound).
"""

from __future__ import annotations

import random
import re
from bisect import bisect_left

import pytest

import wxanalysis as wx
from wxanalysis import describe as d
from wxanalysis.text import fold_to_simplified

SPACE = " \t\u3000\xa0"
YEAR = re.compile(r"(?:[12][0-9]{3}|[二〇零○一三四五六七八九]{4})年度?")


def _longest(words, f: str, a: int, b: int, *, at_end: bool, whole: bool) -> int:
    """Length of the longest word that ``f[a:b]`` starts (or ends) with, leaving something (unless whole)."""
    for w in sorted(words, key=len, reverse=True):
        n = len(w)
        fits = b - a > n or (whole and b - a >= n)
        if fits and (f.endswith(w, a, b) if at_end else f.startswith(w, a, b)):
            return n
    return 0


def plain_strip_lead(f: str, a: int, b: int) -> int:
    words = d.phrase_words()["lead"]
    while a < b:
        if f[a] in SPACE + "、“”\"'（）()》":
            if f[a] == "“" and "”" in f[a:b]:
                break
            a += 1
            continue
        m = YEAR.match(f, a, b)
        if m and m.end() < b:
            a = m.end()
            continue
        n = _longest(words, f, a, b, at_end=False, whole=False)
        if not n:
            break
        a += n
    return a


def plain_strip_tail(f: str, a: int, b: int) -> int:
    words = d.phrase_words()["tail"]
    while b > a:
        if f[b - 1] in SPACE:
            b -= 1
            continue
        n = _longest(words, f, a, b, at_end=True, whole=False)
        if not n:
            break
        b -= n
    return b


def plain_direction(f: str, lo: int, s: int) -> str | None:
    words = d.phrase_words()
    b = s
    for _ in range(4):
        while b > lo and f[b - 1] in SPACE:
            b -= 1
        n = _longest(d._CHANGE_LINK, f, lo, b, at_end=True, whole=True)
        if not n:
            break
        b -= n
    if f.endswith("新增", lo, b):
        return None
    for kind in ("up", "down"):
        if _longest(words[kind], f, lo, b, at_end=True, whole=True):
            return kind
    return None


def plain_nearest_theme(f: str, lo: int, hi: int, s: int, e: int, specific: bool) -> str | None:
    """The keywords a search of the window alone finds, the nearest one's theme."""
    kw = d.theme_keywords()
    found = [(m.start(), m.end(), kw[m.group()]) for m in d._patterns().theme.finditer(f, lo, hi)]
    return d._nearest([a for a, _, _ in found], [b for _, b, _ in found], [t for _, _, t in found], 0,
                      len(found), s, e, specific)


@pytest.fixture(scope="module")
def texts() -> list[tuple[str, list[int]]]:
    """(folded text, positions where its pieces meet): the report, and dense runs of words and punctuation."""
    rnd = random.Random(11)
    words = [w for ws in d.phrase_words().values() for w in ws] + list(d.theme_keywords())
    bits = [*words, "，", "。", "、", " ", "\u3000", "(", ")", "（", "）", "“", "”", "2019年", "二〇一九年度",
            "12", "新增"]
    out = []
    for pieces in ([fold_to_simplified(wx.load_report().text)], [rnd.choice(bits) for _ in range(3000)],
                   [rnd.choice([*d.theme_keywords(), "法", "治", "政"]) for _ in range(1500)]):
        joins = [0]
        for piece in pieces:
            joins.append(joins[-1] + len(piece))
        out.append(("".join(pieces), joins))
    return out


def _windows(text: str, joins: list[int], rnd: random.Random, k: int):
    """Random windows, one edge or both where pieces meet (a word starts or ends) two times in three."""
    for _ in range(k):
        a = rnd.choice(joins) if rnd.random() < 0.6 else rnd.randrange(len(text))
        b = min(len(text), a + rnd.randrange(0, 60))
        if rnd.random() < 0.6:
            b = max(a, min(len(text), joins[min(len(joins) - 1, bisect_left(joins, b))]))
        yield a, b
    if len(joins) > 2:  # every piece alone, and every two pieces in a row
        yield from zip(joins, joins[1:], strict=False)
        yield from zip(joins, joins[2:], strict=False)


def test_peeling_steps_match_the_word_by_word_rules(texts):
    p = d._patterns()
    rnd = random.Random(5)
    for f, joins in texts:
        r = f[::-1]
        for a, b in _windows(f, joins, rnd, 3000):
            assert d._strip_lead(p, f, a, b) == plain_strip_lead(f, a, b), (f[a:b], a, b)
            assert d._strip_tail(p, r, a, b) == plain_strip_tail(f, a, b), (f[a:b], a, b)
            got = d._direction(p, r, a, b) if a < b and f[b - 1] in p.direction_last else None
            assert got == plain_direction(f, a, b), (f[a:b], a, b)


def test_a_stripped_tail_stays_stripped_when_the_front_moves(texts):
    """``_before`` strips the end once: moving the start forward never lets another word go."""
    p = d._patterns()
    rnd = random.Random(6)
    for f, joins in texts:
        r = f[::-1]
        for a, b in _windows(f, joins, rnd, 800):
            end = d._strip_tail(p, r, a, b)
            for a2 in range(a, end + 1):
                assert d._strip_tail(p, r, a2, end) == end


@pytest.mark.parametrize("specific", [True, False])
def test_keywords_found_once_per_stretch_match_a_search_of_each_window(texts, specific):
    """Windows that overlap, share edges, or cut a keyword in two (the search of the window itself then)."""
    p = d._patterns()
    rnd = random.Random(7)
    for f, _joins in texts:
        for _ in range(60):
            starts = sorted(rnd.sample(range(40, len(f) - 40), 12))
            ends = [s + rnd.randrange(1, 3) for s in starts]
            los = [max(0, s - rnd.choice((0, 1, 5, 30, 80))) for s in starts]
            los = [max(los[: k + 1]) for k in range(len(los))]  # sorted, as the figures' windows are
            his = [min(len(f), e + rnd.choice((0, 1, 5, 30, 80))) for e in ends]
            got = d._nearest_themes(p, f, starts, ends, los, his, specific)
            want = [plain_nearest_theme(f, lo, hi, s, e, specific)
                    for s, e, lo, hi in zip(starts, ends, los, his, strict=True)]
            assert got == want
