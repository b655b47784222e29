"""describe's shortcuts of the third speed round give what the longer paths give.

* ``_before`` writes out the common case (no parenthesis, scope word or subject word in the window) and hands
  the rest to ``_before_full``, which handles any window: both must agree everywhere.
* ``_after`` looks for the first stop word with repeated ``search`` calls instead of ``finditer``.
* ``_nouns_may_follow`` caches ``_noun_may_follow`` in a dict.
* ``_windows`` reads the bounds with numpy; here they are found character by character.
* ``describe_figures`` walks its inputs with ``zip``, the previous figure in locals; here index by index.
* ``_find_keywords`` checks the windows' order with ``sorted``.
"""

from __future__ import annotations

import random
import re

import pytest
from test_describe_speedsafe import plain_direction

import wxanalysis as wx
from wxanalysis import describe as d
from wxanalysis.text import fold_to_simplified


@pytest.fixture(scope="module")
def texts() -> list[str]:
    """The bundled report (folded), and dense runs of the word lists, punctuation, digits and spaces."""
    rnd = random.Random(21)
    words = [w for ws in d.phrase_words().values() for w in ws] + list(d.theme_keywords())
    bits = [*words, "，", "。", "、", "；", " ", "\u3000", "(", ")", "（", "）", "“", "”", "2019年", "二〇一九年度",
            "12", "3.5", "新增", "等", "其中", "\n"]
    return [fold_to_simplified(wx.load_report().text), "".join(rnd.choice(bits) for _ in range(4000)),
            "".join(rnd.choice(bits[-24:] + words[:40]) for _ in range(4000))]


def _spans(f: str, rnd: random.Random, k: int, longest: int):
    for _ in range(k):
        a = rnd.randrange(len(f))
        yield a, min(len(f), a + rnd.randrange(0, longest))


def test_before_common_case_equals_the_full_rules(texts):
    p = d._patterns()
    rnd = random.Random(3)
    for f in texts:
        r = f[::-1]
        for lo, s in _spans(f, rnd, 6000, 45):
            assert d._before(p, f, r, lo, s) == d._before_full(p, f, r, lo, s), (f[lo:s], lo, s)


def plain_after(p, f: str, ue: int, hi: int):
    """``_after`` as it was: the stop words by ``finditer``."""
    a = ue
    while a < hi and f[a] in d._SPACE:
        a += 1
    if a >= hi or p.no_noun.match(f, a):
        return None
    depth = 0
    b = a
    while b < hi and b - a < d._MAX_AFTER:
        ch = f[b]
        if ch in d._HARD or ch in d._SPACE or ch.isdigit():
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
    a = d._strip_lead(p, f, a, b)
    for m in p.stop.finditer(f, a, b):
        if m.lastgroup is None and m.start() > a:
            b = m.start()
            break
    return (a, b) if b > a and d._has_cjk(f, a, b) else None


def test_after_equals_the_finditer_rules(texts):
    p = d._patterns()
    rnd = random.Random(4)
    for f in texts:
        for ue, hi in _spans(f, rnd, 6000, 40):
            assert d._after(p, f, ue, hi) == plain_after(p, f, ue, hi), (f[ue:hi], ue, hi)


def test_nouns_may_follow_cache():
    units = [*d._NO_NOUN_AFTER, "个", "件", None, "", "项", "%", "万元", "个百分点", "人次"]
    d._NOUN_MAY_FOLLOW.clear()
    for _ in range(2):  # filling the cache, then from it
        assert d._nouns_may_follow(units) == [d._noun_may_follow(u) for u in units]


def plain_windows(text: str, starts: list[int], ends: list[int]) -> d._Windows:
    def bounds(ends_, s, e):
        lo = s
        while lo > 0 and text[lo - 1] not in ends_:
            lo -= 1
        hi = e
        while hi < len(text) and text[hi] not in ends_:
            hi += 1
        return lo, hi

    out: list[list[int]] = [[] for _ in range(6)]
    for s, e in zip(starts, ends, strict=True):
        (clo, chi), (slo, shi) = bounds(d._HARD, s, e), bounds(d._SENTENCE, s, e)
        for k, v in enumerate((max(clo, s - d._MAX_BEFORE), min(chi, e + d._MAX_BEFORE),
                               max(clo, s - d._MAX_THEME_CLAUSE), min(chi, e + d._MAX_THEME_CLAUSE),
                               max(slo, s - d._MAX_THEME_SENTENCE), min(shi, e + d._MAX_THEME_SENTENCE))):
            out[k].append(v)
    return d._Windows(*out)


def test_windows_equal_a_character_by_character_search(texts):
    rnd = random.Random(5)
    for f in texts:
        for n in (1, 2, 30, 200):
            starts = sorted(rnd.sample(range(len(f) - 3), n))
            ends = [s + rnd.randrange(0, 3) for s in starts]
            folded, win = d._windows(f, starts, ends)
            assert folded == fold_to_simplified(f)
            assert win == plain_windows(f, starts, ends)


def test_windows_out_of_order_are_sorted_first(texts):
    """``_find_keywords`` sorts windows that do not come sorted (figures always do)."""
    p = d._patterns()
    rnd = random.Random(6)
    f = texts[2]
    for _ in range(40):
        starts = rnd.sample(range(40, len(f) - 40), 10)  # not sorted
        ends = [s + rnd.randrange(1, 3) for s in starts]
        los = [max(0, s - rnd.choice((0, 5, 30))) for s in starts]
        his = [min(len(f), e + rnd.choice((0, 5, 30))) for e in ends]
        got = d._nearest_themes(p, f, starts, ends, los, his, False)
        for k in range(10):
            assert got[k] == d._nearest_themes(p, f, [starts[k]], [ends[k]], [los[k]], [his[k]], False)[0]


def plain_describe(text, starts, ends, units, unit_ends, relations, heading_themes):
    """``describe_figures`` as it was before its loop walked its inputs with ``zip`` (index by index), with
    ``_before_full`` for every phrase before a number."""
    n = len(starts)
    p = d._patterns()
    f, win = d._windows(text, starts, ends)
    r = f[::-1]
    themes = d._themes(p, f, starts, ends, win, heading_themes)
    phrases, p_start, p_end, dirs = [None] * n, [None] * n, [None] * n, [None] * n
    prev_end = 0
    for k in range(n):
        s, e, ue = starts[k], ends[k], max(unit_ends[k], ends[k])
        rel = relations[k]
        clo = win.lo[k]
        if prev_end > clo:
            clo = min(prev_end, s)
        span = None
        if k and rel in ("range_high", "to") and p_start[k - 1] is not None:
            span = (p_start[k - 1], p_end[k - 1])
        elif d._noun_may_follow(units[k]) and rel != "range_low":
            after_hi = win.hi[k]
            if k + 1 < n and starts[k + 1] < after_hi:
                after_hi = starts[k + 1]
            if ue < after_hi:
                span = plain_after(p, f, ue, after_hi)
        if span is None:
            span = d._before_full(p, f, r, clo, s)
        if span is None and k and p_start[k - 1] is not None and f[max(ends[k - 1], unit_ends[k - 1]):s].strip(
                " \t\u3000、") == "":
            span = (p_start[k - 1], p_end[k - 1])
        if span is None:
            prev_end = ue
        else:
            p_start[k], p_end[k] = span
            phrases[k] = text[span[0]:span[1]]
            prev_end = max(span[1], ue)
        if s > clo:
            dirs[k] = plain_direction(f, clo, s)
        if rel == "to" and k and dirs[k] is None:
            a, b = d._number(f, starts[k - 1], ends[k - 1]), d._number(f, s, e)
            if a is not None and b is not None and a != b:
                dirs[k] = "down" if b < a else "up"
    return phrases, p_start, p_end, themes, dirs


def test_describe_figures_equals_the_index_by_index_loop(texts):
    rnd = random.Random(8)
    units = ["个", "件", "%", "万元", "次", "项", "个百分点", "人", None, "天"]
    rels = [None, None, None, "from", "to", "range_low", "range_high"]
    heads = [None, "other", *sorted(set(d.theme_keywords().values()))]
    text = wx.load_report().text
    numbers = [m.span() for m in re.finditer(r"[0-9]+(?:\.[0-9]+)?", text)]  # figures on numbers, in the report
    for f in (text, *texts[1:]):
        for _ in range(30):
            n = rnd.randrange(1, 60)
            if f is text:
                starts, ends = map(list, zip(*sorted(rnd.sample(numbers, n)), strict=True))
            else:
                starts = sorted(rnd.sample(range(len(f) - 5), n))
                ends = [s + rnd.randrange(1, 4) for s in starts]
            unit_list = [rnd.choice(units) for _ in starts]
            unit_ends = [e + rnd.choice((-1, 0, 1, 2)) for e in ends]
            args = (f, starts, ends, unit_list, unit_ends, [rnd.choice(rels) for _ in starts],
                    [rnd.choice(heads) for _ in starts])
            assert d.describe_figures(*args) == plain_describe(*args)
