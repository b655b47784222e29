"""The extractor's fast paths give what the plain steps they replace give.

``extract`` skips work where it can tell the result without it: a parenthesis is tried for a pinyin gloss
only if a lower-case letter follows it; a token with nothing to watch before it has only the guards past it
checked (``_beyond`` for ``_around``); the words before a number are judged by their last three characters,
cached (``rules.words_qualifier``); gloss offsets are mapped back all at once; clause boundaries are found
in the text between two line breaks; a token of a known kind gets its form without a ``_make``. Each is
checked here against the plain step, on random text made of report-like pieces.
"""

from __future__ import annotations

import random
import re

import pytest

import wxanalysis as wx
from wxanalysis import extract as x
from wxanalysis import rules
from wxanalysis.text import _TONED, PINYIN_GLOSS_RE
from wxanalysis.tokens import SPACES, TOKEN_RX, TOKEN_RX_EXPLAIN

PIECES = [
    "12", "3", "2019", "57.95", "1,234", "３", "三", "十一", "一", "两万", "百分之九十五", "第", "前", "提前",
    "个", "個", "项", "件", "次", "人次", "万", "元", "%", "年", "月", "日", "号", "届", "位", "方面", "天",
    "余", "多", "以上", "左右", "约", "約", "近", "接近", "超过", "不到", "不足", "至少", "达", "为", "有",
    "由", "从", "至", "到", "全会", "五年规划", "是", "、", "，", ",", "。", "；", ":", "：", "！", "?",
    "\n", "\r", "“", "”", "「", "」", "‘", "’", "(", ")", "（", "）", "〔", "〕", "+", "(xí)", "(yú)",
    "（dǎ）", "(ab)", "(Ab)", "(ā b)", "習", "審批", "案件", "数", "上", "一体", "性", "工作", "推进",
    " ", "\u3000", "\xa0", "-", "—", ".", "𠀀",
]


def _texts(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(PIECES) for _ in range(rnd.randint(0, 80))) for _ in range(n)]


TEXTS = _texts(400, 1) + ["工作" * 60 + "12件" + "推进" * 50 + "，3个" + "法治" * 45,
                          wx.load_report(script="traditional").text, wx.load_report(script="simplified").text]
#: The texts in 8 groups, one test each (a failure names its text).
GROUPS = [TEXTS[i::8] for i in range(8)]


def test_every_pinyin_syllable_starts_lower_case() -> None:
    """``_gloss_spans`` tries a parenthesis only before a lower-case letter: every letter a gloss's first
    syllable may start with is one."""
    assert all(c.islower() for c in "abcdefghijklmnopqrstuvwxyz" + _TONED)


def test_gloss_spans_are_the_pattern_s() -> None:
    for text in TEXTS:
        assert x._gloss_spans(text) == [m.span() for m in PINYIN_GLOSS_RE.finditer(text)], text


def _plain_to_original(text: str, positions: list[int], *, end: bool) -> list[int]:
    """Where each position of the gloss-stripped text is in ``text``: the kept characters, one by one."""
    cut = set()
    for a, b in x._gloss_spans(text):
        cut.update(range(a, b))
    kept = [i for i in range(len(text)) if i not in cut]
    return [kept[p - 1] + 1 if end else kept[p] for p in positions]


@pytest.mark.parametrize("seed", range(0, 40, 8))
def test_gloss_map_is_the_plain_one(seed: int) -> None:
    for s in range(seed, seed + 8):
        _check_gloss_map(s)


def _check_gloss_map(seed: int) -> None:
    rnd = random.Random(seed)
    text = "".join(rnd.choice(["習(xí)", "近平", "300", "餘(yú)", "起", "案件", "（dǎ）", "，", "12件"])
                   for _ in range(rnd.randint(1, 30)))
    stripped, gloss_map = x._strip_glosses(text)
    assert stripped == PINYIN_GLOSS_RE.sub("", text)
    n = len(stripped)
    if gloss_map is None or not n:
        return
    starts = sorted(rnd.randrange(n) for _ in range(rnd.randint(1, 20)))
    ends = [rnd.randint(s + 1, n) for s in starts]
    more = [rnd.randint(1, n) for _ in starts]
    got = x._to_original_all(gloss_map, starts, ends, more)
    assert got == [_plain_to_original(text, starts, end=False), _plain_to_original(text, ends, end=True),
                   _plain_to_original(text, more, end=True)]
    assert list(x._to_original(starts, ends, gloss_map)) == got[:2]
    for s, e, (a, b) in zip(starts, ends, zip(got[0], got[1], strict=True), strict=True):
        assert PINYIN_GLOSS_RE.sub("", text[a:b]) == stripped[s:e]


def _plain_quote(text: str, s: int, e: int) -> tuple[int, int]:
    a = s
    while a > 0 and text[a - 1] not in x._CLAUSE_BOUNDARY and s - a < x.MAX_QUOTE_SIDE:
        a -= 1
    b = e
    while b < len(text) and text[b] not in x._CLAUSE_BOUNDARY and b - e < x.MAX_QUOTE_SIDE:
        b += 1
    return a, b


@pytest.mark.parametrize("texts", GROUPS)
def test_quotes_are_the_plain_clauses(texts: list[str]) -> None:
    for text in texts:
        _check_quotes_are_the_plain_clauses(text)


def _check_quotes_are_the_plain_clauses(text: str) -> None:
    rnd = random.Random(len(text))
    spans = sorted({(s, rnd.randint(s + 1, min(len(text), s + 5))) for s in
                    (rnd.randrange(len(text)) for _ in range(20))}) if text else []
    spans = [(s, e) for s, e in spans if text[s] not in x._CLAUSE_BOUNDARY and text[e - 1] not in x._CLAUSE_BOUNDARY]
    starts, ends = [s for s, _ in spans], [e for _, e in spans]
    qs, qe, quotes = x._quotes(text, starts, ends)
    plain = [_plain_quote(text, s, e) for s, e in spans]
    assert list(zip(qs.tolist(), qe.tolist(), strict=True)) == plain
    assert quotes.to_pylist() == [text[a:b] for a, b in plain]
    assert x._boundaries(text).tolist() == [-1 + 1, *(i + 1 for i, c in enumerate(text) if c in x._CLAUSE_BOUNDARY),
                                            len(text) + 1]


@pytest.mark.parametrize("texts", GROUPS)
def test_prefix_qualifier_reads_three_characters(texts: list[str]) -> None:
    """What ``words_qualifier`` caches on: the qualifier of the words before a number is that of the last
    three characters before it (spaces skipped), whatever comes before them."""
    for text in texts:
        _check_prefix_qualifier_reads_three_characters(text)


def _check_prefix_qualifier_reads_three_characters(text: str) -> None:
    for s in range(len(text) + 1):
        p = s
        while p > 0 and text[p - 1] in SPACES:
            p -= 1
        if not p or text[p - 1] not in rules.PREFIX_LAST:
            assert rules.prefix_qualifier(text, s) == "exact"
            continue
        for junk in ("", "不", "超过不少于") if p >= 3 else ("",):  # (at the text's start, nothing before)
            padded = junk + text[max(0, p - 3):s]
            assert rules.prefix_qualifier(text, s) == rules.prefix_qualifier(padded, len(padded))


@pytest.mark.parametrize("explain", [False, True])
@pytest.mark.parametrize("texts", GROUPS)
def test_beyond_is_around_without_watch(texts: list[str], explain: bool) -> None:
    """For a token with nothing to watch before it, ``_beyond`` says what ``_around`` says."""
    for text in texts:
        _check_beyond(text, explain)


def _check_beyond(text: str, explain: bool) -> None:
    x._scan(text, explain)  # learn the forms
    for m in (TOKEN_RX_EXPLAIN if explain else TOKEN_RX).finditer(text):
        f = x._FORMS[explain].get(m[0])
        if f is None or f is x._READ or f is x._DECLINED or f.checks is None:
            continue
        s = m.start()
        e = s + f.width
        if s and text[s - 1] in f.watch:
            continue
        assert x._beyond(text, s, e, f.checks) == x._around(text, s, e, f.checks, f.qual is None)[0]


@pytest.mark.parametrize("explain", [False, True])
def test_numbered_forms_are_the_kinds_with_width_and_value(explain: bool) -> None:
    for text in TEXTS:
        x._scan(text, explain)
    kinds = [k for k in x._KINDS[explain].values() if k not in (x._BY_TEXT, x._READ, x._DECLINED)]
    assert kinds
    for kind in kinds:
        for num, number in (("537", 537), ("1,234", 1234), ("５３", wx.tokens.arabic_number("５３"))):
            f = x._numbered(kind, num, number)
            value = float(number * kind.factor) if kind.rule is None else kind.value
            assert type(f) is x._Form and f == kind._replace(width=len(num), value=value)


def test_arabic_number() -> None:
    from wxanalysis.tokens import MAX_DIGITS, arabic_number
    assert arabic_number("537") == 537 and type(arabic_number("537")) is int
    assert arabic_number("9" * MAX_DIGITS) == int("9" * MAX_DIGITS)
    assert arabic_number("9" * (MAX_DIGITS + 1)) is None
    assert str(arabic_number("94.3")) == "94.3" and arabic_number("1.2.3") is None
    assert re.fullmatch(r"537(?:\.0*)?", str(arabic_number("５３７")))
