"""describe's shortcuts of the third speed round give what the longer paths give.

* ``_before`` writes out the common case (no parenthesis, scope word or subject word in the window) and hands
  the rest to ``_before_full``, which handles any window: both must agree everywhere.
* ``_after`` looks for the first stop word with repeated ``search`` calls instead of ``finditer``.
* ``_nouns_may_follow`` caches ``_noun_may_follow`` in a dict.
* ``_windows`` reads the bounds with numpy; here they are found character by character.
"""

from __future__ import annotations

import random

import pytest

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
