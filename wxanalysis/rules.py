"""The extractor's rules: one ordered table of named predicates that decline a token, and its qualifier.

``RULES`` is read top to bottom for every token (Arabic and Chinese numerals alike); the first predicate
that holds declines the token, and its name is the ``rule`` of ``extract_figures(explain=True)``'s declined
table. A token no rule declines is a figure. Adding a rule is adding one entry. The order matters only for
which name a declined token gets (every rule declines).

``qualifier(token)`` reads "exact", "at_least", "at_most" or "about" from the words around the number.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import NamedTuple

from .numerals import CN_CHARS
from .tokens import Token, is_year

_MEETING_AFTER = re.compile(rf"(?:、[{CN_CHARS}0-9]{{1,4}}次){{0,8}}(?:全会|全會|全体会议|全體會議|全委会|全委會)")
_PLAN_WORDS = ("规划", "規劃", "计划", "計劃", "行动", "行動", "攻坚", "攻堅")
_MEETING_UNITS = frozenset({"次", "年", "日", "天"})
_FORMULA_AFTER = frozenset("性式化〇零一二两兩三四五六七八九十")
_DATE_AFTER_MONTH = frozenset({"日", "号", "號"})
_QUOTE_PAIRS = (("“", "”", 60), ("「", "」", 60), ("『", "』", 60), ("‘", "’", 30))


def _in_quotes(t: str, s: int, e: int) -> bool:
    """Whether ``t[s:e]`` sits inside quotation marks (“…”, 「…」, 『…』, ‘…’) on one line, the quoted text
    at most 60 characters (30 for ‘…’)."""
    for op, cl, lim in _QUOTE_PAIRS:
        i = t.rfind(op, max(0, e - lim - 1), s)
        if i < 0:
            continue
        j = t.find(cl, e, i + lim + 2)
        if j < 0:
            continue
        inner = t[i + 1:j]
        if op not in inner and cl not in inner and "\n" not in inner:
            return True
    return False


def _is_line_start(t: str, s: int) -> bool:
    i = s - 1
    while i >= 0 and t[i] in " \t\u3000\xa0":
        i -= 1
    return i < 0 or t[i] in "\n\r"


# ---- the predicates, one per rule (k: the token)

class _Shape:
    """The token could not be read as an amount, for the reason ``name`` (``Token.shape``, set while reading)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, k: Token) -> bool:
        return k.shape == self.name


def _document_number(k: Token) -> bool:
    """〔2020〕, [2020], 【2020】, and the 1 of 〔2020〕1号."""
    return k.prev in "〔［[【" or (k.unit in ("号", "號") and k.prev in "〕］]】")


def _plus_formula(k: Token) -> bool:
    """1+4+X, 1+3+N."""
    return k.prev == "+" or k.nxt == "+"


def _list_ordinal(k: Token) -> bool:
    """一是, 二、, (三), (1), 1. at a line start."""
    if k.unit is not None:
        return False
    nxt = k.nxt
    if k.prev in "(（" and nxt in ")）":
        return k.cn or len(k.low) <= 2
    if k.cn:
        return nxt in "是、)）"
    return len(k.low) <= 2 and nxt in ".．、)）" and _is_line_start(k.t, k.s)


def _year(k: Token) -> bool:
    """2019年, (2019), 二〇二〇年, 二〇一五至二〇二〇年, 20212025年 (a range that lost its dash)."""
    if k.unit is None:
        return not k.cn and k.prev in "(（" and k.nxt in ")）" and is_year(k.value)
    if k.unit != "年":
        return False
    if k.high_txt is not None:
        return is_year(k.value) and is_year(k.high)
    if is_year(k.value):
        return True
    low = k.low
    return len(low) == 8 and low.isdigit() and is_year(int(low[:4])) and is_year(int(low[4:]))


def _long_digit_run(k: Token) -> bool:
    """12345, 0319123: five digits or more with no unit (hotlines, index numbers)."""
    return k.unit is None and not k.cn and len(k.low) >= 5 and k.low.isdigit()


def _ordinal(k: Token) -> bool:
    """第二批, 排名第一, 第六届: ranks, not amounts."""
    return k.prev == "第"


def _date(k: Token) -> bool:
    """9月份, 3月, 29日 after 月, 第三季度."""
    u = k.unit
    return u in ("月", "月份", "季度") or (u in _DATE_AFTER_MONTH and k.prev == "月")


def _slogan_in_quotes(k: Token) -> bool:
    """“1311”机制, “一窗受理”, “四位一体”: a Chinese numeral, or a number without unit, in quotation marks."""
    return (k.cn or k.unit is None) and _in_quotes(k.t, k.s, k.e)


def _no_unit(k: Token) -> bool:
    """A number with no unit (申请材料525), or with 号 outside a date or document number."""
    return k.unit is None or k.unit in ("号", "號")


def _meeting_or_plan(k: Token) -> bool:
    """Terms (十九届, 第六届, 三届 whatever follows), plenums (十一届三次、四次全会) and plans (五年规划)."""
    u = k.unit
    if u in ("届", "屆"):
        return True
    if u not in _MEETING_UNITS:
        return False
    t, ue = k.t, k.ue
    if u == "次":
        return k.prev in "届屆" or _MEETING_AFTER.match(t, ue) is not None
    return t.startswith(_PLAN_WORDS, ue)


def _formula_after(k: Token) -> bool:
    """一次性, 一站式, 三位一体: a Chinese numeral whose unit runs into a fixed word."""
    return k.cn and k.ue < len(k.t) and k.t[k.ue] in _FORMULA_AFTER


def _adverb(k: Token) -> bool:
    """十分 meaning "very"."""
    return k.num == "十" and k.unit == "分" and not k.more


def _vague_tens(k: Token) -> bool:
    """数十, 几百, 上千, 成千: not a number."""
    return k.cn and k.prev in "数數几幾上成" and k.num[0] in "十百千"


def _indefinite_one(k: Token) -> bool:
    """一次性, 一件事, 上一年度: 一 as an article (reports write counts of one as 1个)."""
    return k.num == "一" and not k.mult


class Rule(NamedTuple):
    """A rule of the table: its name, its predicate, and which tokens it can hold for (a guard that only
    saves calls: ``units``, the units it applies to, None for any; ``chinese``, True for Chinese numerals
    only, False for Arabic only, None for both)."""

    name: str
    test: Callable[[Token], bool]
    units: frozenset[str | None] | None = None
    chinese: bool | None = None


_NO_UNIT: frozenset[str | None] = frozenset({None})
_CN, _AR = True, False

#: The rules, in order. The first whose predicate holds declines the token; its name is the ``rule``.
RULES: tuple[Rule, ...] = (
    Rule("time", _Shape("time")),
    Rule("date", _Shape("date")),
    Rule("year", _Shape("year")),
    Rule("phone_or_index", _Shape("phone_or_index")),
    Rule("out_of_range", _Shape("out_of_range")),
    Rule("no_digit", _Shape("no_digit")),
    Rule("vague", _Shape("vague")),
    Rule("no_unit", _Shape("no_unit")),
    Rule("document_number", _document_number),
    Rule("slogan_or_formula", _plus_formula),
    Rule("list_ordinal", _list_ordinal, _NO_UNIT),
    Rule("year", _year, frozenset({None, "年"})),
    Rule("phone_or_index", _long_digit_run, _NO_UNIT, _AR),
    Rule("ordinal", _ordinal),
    Rule("date", _date, frozenset({"月", "月份", "季度", "日", "号", "號"})),
    Rule("slogan_or_formula", _slogan_in_quotes),
    Rule("no_unit", _no_unit, frozenset({None, "号", "號"})),
    Rule("meeting_or_plan", _meeting_or_plan, frozenset({"届", "屆", *_MEETING_UNITS})),
    Rule("slogan_or_formula", _formula_after, None, _CN),
    Rule("adverb", _adverb, frozenset({"分"}), _CN),
    Rule("vague", _vague_tens, None, _CN),
    Rule("indefinite_one", _indefinite_one, None, _CN),
)

#: The shape rules open the table, one per reason a token cannot be read: a token with a shape is declined
#: by its shape's rule, and a token that was read starts at the first rule after them.
_N_SHAPES = next(i for i, r in enumerate(RULES) if not isinstance(r.test, _Shape))
assert all(isinstance(r.test, _Shape) == (i < _N_SHAPES) for i, r in enumerate(RULES))
_SHAPE_RULE = {r.test.name: r.name for r in RULES[:_N_SHAPES]}


@lru_cache(maxsize=1024)
def _rules_for(unit: str | None, chinese: bool) -> tuple[tuple[str, Callable[[Token], bool]], ...]:
    """The rules after the shapes whose guards admit a token with ``unit`` and numerals, in table order."""
    return tuple((r.name, r.test) for r in RULES[_N_SHAPES:]
                 if (r.units is None or unit in r.units) and r.chinese in (None, chinese))


def declining_rule(k: Token) -> str | None:
    """The name of the first rule of ``RULES`` that declines ``k``, or None for a figure."""
    if k.shape is not None:
        return _SHAPE_RULE[k.shape]
    for name, test in _rules_for(k.unit, k.cn):
        if test(k):
            return name
    return None


# ---- qualifiers

#: Words written just before a number (longest first wins), and the qualifier each gives.
_PREFIX_WORDS: dict[str, str] = {
    **dict.fromkeys(("不超过", "不超過", "不足", "不到", "少于", "少於", "低于", "低於", "最多"), "at_most"),
    **dict.fromkeys(("不少于", "不少於", "不低于", "不低於", "超过", "超過", "多于", "多於", "至少", "突破"),
                    "at_least"),
    **dict.fromkeys(("大约", "大約", "将近", "將近", "接近", "约有", "約有", "约为", "約為", "约占", "約佔",
                     "约达", "約達"), "about"),
}
_NOT_ABOUT_YUE = frozenset("签簽籤合履违違特预預节節公条條制集邀立毁毀相大")
_NOT_ABOUT_JIN = frozenset("最附临臨将將接就亲親贴貼")
_NOT_AT_MOST_QIAN = frozenset("提之以此目当當事年日月门門面跟向眼空史生从從")
_NOT_AT_LEAST_CHAO = frozenset("高赶趕")
_PREFIX_LAST = frozenset(w[-1] for w in _PREFIX_WORDS) | set("约約近前逾超")
_POST_QUALIFIERS = {"以上": "at_least", "以内": "at_most", "以內": "at_most", "以下": "at_most",
                    "左右": "about"}
_PCT = frozenset({"%", "％", "‰"})


def _prefix_qualifier(t: str, s: int) -> str | None:
    """Qualifier written just before the number starting at ``t[s]`` (spaces between are skipped)."""
    while s > 0 and t[s - 1] in " \u3000\xa0":
        s -= 1
    if not s or t[s - 1] not in _PREFIX_LAST:
        return None
    for n in (3, 2):
        q = _PREFIX_WORDS.get(t[max(0, s - n):s])
        if q:
            return q
    last = t[s - 1]
    before = t[s - 2] if s > 1 else ""
    if last in "约約" and before not in _NOT_ABOUT_YUE:
        return "about"
    if last == "近" and before not in _NOT_ABOUT_JIN:
        return "about"
    if last == "前" and before not in _NOT_AT_MOST_QIAN:
        return "at_most"
    if last == "逾" or (last == "超" and before not in _NOT_AT_LEAST_CHAO):
        return "at_least"
    return None


def qualifier(k: Token, unit: str) -> str:
    """The figure's qualifier: 余/多 (at_least), then 以上/以内/以下/左右/强 after it, then the words before it."""
    post = k.post
    if post in ("强", "強"):
        if unit in _PCT or k.fraction:
            return "at_least"
    elif post:
        return _POST_QUALIFIERS[post]
    if k.more:
        return "at_least"
    return _prefix_qualifier(k.t, k.s) or "exact"
