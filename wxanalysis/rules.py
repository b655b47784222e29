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

from .numerals import CN_CHARS
from .tokens import NOUN_UNITS, Token, is_year

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

def _shape(name: str) -> Callable[[Token], bool]:
    """The token could not be read as an amount, for the reason ``name`` (see ``tokens.Token``)."""
    def pred(k: Token) -> bool:
        return k.shape == name
    return pred


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
    """961890, 12345: five digits or more with no unit (hotlines, index numbers)."""
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


def _tier_noun(k: Token) -> bool:
    """两区建设, 三县联动: a Chinese numeral before a noun that is a measure word only after digits."""
    return k.cn and k.unit in NOUN_UNITS


def _adverb(k: Token) -> bool:
    """十分 meaning "very"."""
    return k.num == "十" and k.unit == "分" and not k.more


def _vague_tens(k: Token) -> bool:
    """数十, 几百, 上千, 成千: not a number."""
    return k.cn and k.prev in "数數几幾上成" and k.num[0] in "十百千"


def _indefinite_one(k: Token) -> bool:
    """一次性, 一件事, 上一年度: 一 as an article (reports write counts of one as 1个)."""
    return k.num == "一" and not k.mult


#: The rules, in order: (name, predicate). The first that holds declines the token.
RULES: tuple[tuple[str, Callable[[Token], bool]], ...] = (
    ("time", _shape("time")),
    ("date", _shape("date")),
    ("year", _shape("year")),
    ("phone_or_index", _shape("phone_or_index")),
    ("out_of_range", _shape("out_of_range")),
    ("no_digit", _shape("no_digit")),
    ("vague", _shape("vague")),
    ("no_unit", _shape("no_unit")),
    ("document_number", _document_number),
    ("slogan_or_formula", _plus_formula),
    ("list_ordinal", _list_ordinal),
    ("year", _year),
    ("phone_or_index", _long_digit_run),
    ("ordinal", _ordinal),
    ("date", _date),
    ("slogan_or_formula", _slogan_in_quotes),
    ("no_unit", _no_unit),
    ("meeting_or_plan", _meeting_or_plan),
    ("slogan_or_formula", _formula_after),
    ("slogan_or_formula", _tier_noun),
    ("adverb", _adverb),
    ("vague", _vague_tens),
    ("indefinite_one", _indefinite_one),
)


def declining_rule(k: Token) -> str | None:
    """The name of the first rule that declines ``k``, or None for a figure."""
    for name, pred in RULES:
        if pred(k):
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
