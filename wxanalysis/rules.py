"""The extractor's rules: one ordered table of named predicates that decline a token, and its qualifier.

``RULES`` is read top to bottom for every token (Arabic and Chinese numerals alike); the first predicate
that holds declines the token, and its name is the ``rule`` of ``extract_figures(explain=True)``'s declined
table. A token no rule declines is a figure. Adding a rule is adding one entry. The order matters only for
which name a declined token gets (every rule declines).

Each entry also says what its predicate reads (``Rule``): guards on the units and numerals it applies to
and on the characters next to the token, and whether it reads the token only. They change no result, and
let the scan judge tokens written alike once (``verdict``) and most tokens without calling a predicate;
``declining_rule`` reads the whole table for one token.

``qualifier(token)`` reads "exact", "at_least", "at_most" or "about" from the words around the number (those
before it by their last three characters, which ``words_qualifier`` judges once each).
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
_OPENING_QUOTE = re.compile("[" + "".join(op for op, _cl, _lim in _QUOTE_PAIRS) + "]")
_QUOTE_REACH = max(lim for _op, _cl, lim in _QUOTE_PAIRS) + 1


def in_quotes(t: str, s: int, e: int) -> bool:
    """Whether ``t[s:e]`` sits inside quotation marks (“…”, 「…」, 『…』, ‘…’) on one line, the quoted text
    at most 60 characters (30 for ‘…’)."""
    if _OPENING_QUOTE.search(t, max(0, e - _QUOTE_REACH), s) is None:  # no quotation mark opens near enough
        return False
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
    """〔2020〕, [2020], 【2020】."""
    return k.prev in "〔［[【"


def _document_serial(k: Token) -> bool:
    """The 1 of 〔2020〕1号."""
    return k.unit in ("号", "號") and k.prev in "〕］]】"


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
    return (k.cn or k.unit is None) and in_quotes(k.t, k.s, k.e)


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
    """A rule of the table: its name, its predicate, and what it reads.

    Guards say which tokens it can hold for; they only save work, never change a result (where a guard
    fails, the predicate is false). ``units``: the units it applies to, None for any; ``chinese``: True
    for Chinese numerals only, False for Arabic only, None for both. Neighbour guards: the rule holds only
    if one of the characters ``before`` stands right before the number (``Token.prev``), one of ``after``
    right after it (``Token.nxt``) or one of ``then`` right after its unit (or after the number, without
    one); all empty: no such condition. ``exact``: more than a guard, the rule holds exactly when one of its
    neighbour guards does (for the tokens its other guards admit); ``quoted``: the rule holds exactly for
    the tokens its other guards admit that sit inside quotation marks (``in_quotes``).

    ``token_only``: the predicate reads only the token as written (its numerals, multiplier, unit and the
    word after it; not the text around it), so it holds for every token written alike or for none;
    ``reads_number``: of a ``token_only`` predicate, that it reads the number itself (its digits or value)
    and not only what is written with it."""

    name: str
    test: Callable[[Token], bool]
    units: frozenset[str | None] | None = None
    chinese: bool | None = None
    before: str = ""
    after: str = ""
    then: str = ""
    exact: bool = False
    quoted: bool = False
    token_only: bool = False
    reads_number: bool = False


def _units(*units: str | None) -> frozenset[str | None]:
    return frozenset(units)


_CN, _AR = True, False

#: The rules, in order. The first whose predicate holds declines the token; its name is the ``rule``. A
#: predicate that reads the text around the token for some units only has one entry per set of units,
#: with that set's guards.
RULES: tuple[Rule, ...] = (
    Rule("time", _Shape("time"), token_only=True, reads_number=True),
    Rule("date", _Shape("date"), token_only=True, reads_number=True),
    Rule("year", _Shape("year"), token_only=True, reads_number=True),
    Rule("phone_or_index", _Shape("phone_or_index"), token_only=True, reads_number=True),
    Rule("out_of_range", _Shape("out_of_range"), token_only=True, reads_number=True),
    Rule("no_digit", _Shape("no_digit"), token_only=True, reads_number=True),
    Rule("vague", _Shape("vague"), token_only=True, reads_number=True),
    Rule("no_unit", _Shape("no_unit"), token_only=True, reads_number=True),
    Rule("document_number", _document_number, before="〔［[【", exact=True),
    Rule("document_number", _document_serial, _units("号", "號"), before="〕］]】", exact=True),
    Rule("slogan_or_formula", _plus_formula, before="+", after="+", exact=True),
    Rule("list_ordinal", _list_ordinal, _units(None), _CN, after="是、)）", exact=True),
    Rule("list_ordinal", _list_ordinal, _units(None), _AR, after=".．、)）"),
    Rule("year", _year, _units(None), _AR, before="(（"),
    Rule("year", _year, _units("年"), token_only=True, reads_number=True),
    Rule("phone_or_index", _long_digit_run, _units(None), _AR, token_only=True, reads_number=True),
    Rule("ordinal", _ordinal, before="第", exact=True),
    Rule("date", _date, _units("月", "月份", "季度"), token_only=True),
    Rule("date", _date, _units("日", "号", "號"), before="月", exact=True),
    Rule("slogan_or_formula", _slogan_in_quotes, None, _CN, quoted=True),
    Rule("slogan_or_formula", _slogan_in_quotes, _units(None), _AR, quoted=True),
    Rule("no_unit", _no_unit, _units(None, "号", "號"), token_only=True),
    Rule("meeting_or_plan", _meeting_or_plan, _units("届", "屆"), token_only=True),
    Rule("meeting_or_plan", _meeting_or_plan, _units("次"), before="届屆", then="、全"),
    Rule("meeting_or_plan", _meeting_or_plan, _units("年", "日", "天"), then="".join(w[0] for w in _PLAN_WORDS)),
    Rule("slogan_or_formula", _formula_after, None, _CN, then="".join(_FORMULA_AFTER), exact=True),
    Rule("adverb", _adverb, _units("分"), _CN, token_only=True, reads_number=True),
    Rule("vague", _vague_tens, None, _CN, before="数數几幾上成"),
    Rule("indefinite_one", _indefinite_one, None, _CN, token_only=True, reads_number=True),
)

#: The shape rules open the table, one per reason a token cannot be read: a token with a shape is declined
#: by its shape's rule, and a token that was read starts at the first rule after them.
_N_SHAPES = next(i for i, r in enumerate(RULES) if not isinstance(r.test, _Shape))
assert all(isinstance(r.test, _Shape) == (i < _N_SHAPES) for i, r in enumerate(RULES))
assert not any(r.token_only and (r.before or r.after or r.then or r.quoted) for r in RULES)
assert not any(r.quoted and (r.before or r.after or r.then) for r in RULES)
assert all(r.before or r.after or r.then for r in RULES if r.exact)
assert all(r.token_only for r in RULES if r.reads_number)
_SHAPE_RULE = {r.test.name: r.name for r in RULES[:_N_SHAPES]}


def _rules_for(unit: str | None, chinese: bool) -> tuple[Rule, ...]:
    """The rules after the shapes whose ``units`` and ``chinese`` guards admit a token, in table order."""
    return tuple(r for r in RULES[_N_SHAPES:]
                 if (r.units is None or unit in r.units) and r.chinese in (None, chinese))


#: ``(name, test)`` of ``_rules_for(unit, chinese)``, filled as units are met: ``_TESTS[chinese][unit]``.
_TESTS: tuple[dict[str | None, tuple], dict[str | None, tuple]] = ({}, {})


def declining_rule(k: Token) -> str | None:
    """The name of the first rule of ``RULES`` that declines ``k``, or None for a figure."""
    if k.shape is not None:
        return _SHAPE_RULE[k.shape]
    tests = _TESTS[k.cn].get(k.unit)
    if tests is None:
        tests = _TESTS[k.cn][k.unit] = tuple((r.name, r.test) for r in _rules_for(k.unit, k.cn))
    for name, test in tests:
        if test(k):
            return name
    return None


class Check(NamedTuple):
    """A rule that reads the text around a token, as ``Verdict`` lists it: its name and neighbour guards,
    whether they are ``exact``, and whether it is ``quoted`` (see ``Rule``)."""

    name: str
    before: frozenset[str]
    after: frozenset[str]
    then: frozenset[str]
    exact: bool
    quoted: bool


class Verdict(NamedTuple):
    """What the table says of every token written like a given one, by its ``token_only`` rules.

    ``rule``: the first ``token_only`` rule (a shape's included) that declines it, None if none does.
    The rules that read the text around the token and come before ``rule`` in the table (all of them,
    if ``rule`` is None) still decide each token: ``checks``, in table order. ``unguarded``: whether one
    of them has no neighbour guard (and is not ``quoted``); if not, ``before``, ``after`` and ``then`` are
    their guards, all together, and ``quoted``, whether one is quoted: a token whose neighbours are in
    none of those and that is not in quotation marks (if ``quoted``) is declined by ``rule`` (a figure if
    None); and any token is declined if ``rule`` is not None (perhaps by an earlier rule's name).

    Of the tokens whose Arabic number alone differs (537件, 12件): ``number_matters``, whether this verdict
    could differ for them (a rule that ``reads_number`` comes before ``rule`` or is it; any, if ``rule``
    is None); ``declined_anyway``, whether they are all declined (a ``token_only`` rule that does not
    read the number holds)."""

    rule: str | None
    unguarded: bool
    checks: tuple[Check, ...]
    before: frozenset[str]
    after: frozenset[str]
    then: frozenset[str]
    quoted: bool
    number_matters: bool
    declined_anyway: bool = False


def _verdict_of(rule: str | None, rules_before: list[Rule]) -> Verdict:
    """The ``Verdict`` of ``rule`` (None: no rule) after ``rules_before``, those of the table that did not hold."""
    checks = tuple(Check(r.name, frozenset(r.before), frozenset(r.after), frozenset(r.then), r.exact, r.quoted)
                   for r in rules_before if not r.token_only)
    return Verdict(rule, any(not (c.before or c.after or c.then or c.quoted) for c in checks), checks,
                   frozenset().union(*(c.before for c in checks)), frozenset().union(*(c.after for c in checks)),
                   frozenset().union(*(c.then for c in checks)), any(c.quoted for c in checks),
                   any(r.reads_number for r in rules_before))


class _Verdicts(NamedTuple):
    """For tokens of one unit and numerals: each ``token_only`` rule's predicate with the ``Verdict`` if it
    is the first to hold, in table order; the ``Verdict`` if none holds; and the predicates of the
    ``token_only`` rules that do not read the number."""

    steps: tuple[tuple[Callable[[Token], bool], Verdict], ...]
    none_holds: Verdict
    number_free: tuple[Callable[[Token], bool], ...]


def _verdicts(unit: str | None, chinese: bool) -> _Verdicts:
    rules = _rules_for(unit, chinese)
    steps = tuple((r.test, _verdict_of(r.name, list(rules[:i]) + [r]))
                  for i, r in enumerate(rules) if r.token_only)
    return _Verdicts(steps, _verdict_of(None, list(rules)),
                     tuple(r.test for r in rules if r.token_only and not r.reads_number))


_SHAPE_VERDICT = {r.test.name: _verdict_of(r.name, [r]) for r in RULES[:_N_SHAPES]}
#: ``_verdicts(unit, chinese)``, filled as units are met: ``_VERDICTS[chinese][unit]``.
_VERDICTS: tuple[dict[str | None, _Verdicts], dict[str | None, _Verdicts]] = ({}, {})


def verdict(k: Token) -> Verdict:
    """The ``Verdict`` of the tokens written like ``k`` (whose reading does not depend on the text around
    it): for them, ``declining_rule`` gives its ``rule``, unless a rule that reads the text says otherwise."""
    if k.shape is not None:
        return _SHAPE_VERDICT[k.shape]
    found = _VERDICTS[k.cn].get(k.unit)
    if found is None:
        found = _VERDICTS[k.cn][k.unit] = _verdicts(k.unit, k.cn)
    v = next((v for test, v in found.steps if test(k)), found.none_holds)
    if v.rule is not None and any(test(k) for test in found.number_free):
        v = v._replace(declined_anyway=True)
    return v


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
#: The last characters of the words written before a number that qualify it (``prefix_qualifier``).
PREFIX_LAST = frozenset(w[-1] for w in _PREFIX_WORDS) | set("约約近前逾超")
_POST_QUALIFIERS = {"以上": "at_least", "以内": "at_most", "以內": "at_most", "以下": "at_most",
                    "左右": "about"}
_PCT = frozenset({"%", "％", "‰"})


def prefix_qualifier(t: str, s: int) -> str:
    """Qualifier written just before the number starting at ``t[s]`` (spaces between are skipped), else
    "exact"."""
    while s > 0 and t[s - 1] in " \u3000\xa0":
        s -= 1
    if not s or t[s - 1] not in PREFIX_LAST:
        return "exact"
    return words_qualifier(t[max(0, s - 3):s])


@lru_cache(maxsize=4096)
def words_qualifier(w: str) -> str:
    """The qualifier of the (up to) three characters ``w`` written just before a number, the last of them in
    ``PREFIX_LAST`` (what ``prefix_qualifier`` reads: nothing further back); cached, as the same few words
    stand before most figures."""
    s = len(w)
    for n in (3, 2):
        q = _PREFIX_WORDS.get(w[max(0, s - n):s])
        if q:
            return q
    last = w[s - 1]
    before = w[s - 2] if s > 1 else ""
    if last in "约約" and before not in _NOT_ABOUT_YUE:
        return "about"
    if last == "近" and before not in _NOT_ABOUT_JIN:
        return "about"
    if last == "前" and before not in _NOT_AT_MOST_QIAN:
        return "at_most"
    if last == "逾" or (last == "超" and before not in _NOT_AT_LEAST_CHAO):
        return "at_least"
    return "exact"


def written_qualifier(k: Token, unit: str) -> str | None:
    """The qualifier the token itself writes: 以上/以内/以下/左右/强 after it, 余/多 (at_least); None if it
    writes none (the words before it decide)."""
    post = k.post
    if post in ("强", "強"):
        if unit in _PCT or k.fraction:
            return "at_least"
    elif post:
        return _POST_QUALIFIERS[post]
    if k.more:
        return "at_least"
    return None


def qualifier(k: Token, unit: str) -> str:
    """The figure's qualifier: the one written by the token (``written_qualifier``), else the words before it."""
    return written_qualifier(k, unit) or prefix_qualifier(k.t, k.s)
