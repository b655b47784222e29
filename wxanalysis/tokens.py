"""The extractor's one scan: every number-like token of a text, read into a ``Token``.

One compiled regular expression finds every number-like token (Arabic digits, full-width digits, Chinese
numerals followed by a measure word, ``X分之Y``) with what follows it (``余/多``, a ``万/亿`` multiplier, the
unit, ``以上/以内/左右…``), allowing one space between the parts (``受理法律援助案件 537 件``, ``1.3 万件``).
``Token`` reads a match: its parts, its value(s) and, where it cannot be read as an amount, its ``shape``
(why: "time", "date", "no_digit" …), which the rule table of ``rules.py`` reports. The scan is linear in
the length of the text (bounded runs, no backtracking across tokens).

The text a match covers fixes its groups (what the pattern looks at past a match never changes them),
and so its reading, except where ``Token.read_by_context`` says the reading looked at the text around
it: ``extract`` reads each written form once.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from .numerals import CN_CHARS, CN_POINT, SCALE, arabic_value, chinese_value, fraction_value

#: Measure words and units recognised after a number, simplified and traditional forms.
UNITS: tuple[str, ...] = (
    "个工作日", "個工作日", "个自然日", "個自然日", "个百分点", "個百分點", "个月", "個月",
    "个季度", "個季度", "个小时", "個小時", "个星期", "個星期", "个", "個", "箇",
    "项", "項", "件", "名", "次", "份", "起", "家", "人", "户", "戶",
    "所", "场", "場", "期", "批", "条", "條", "篇", "部门", "部門", "部", "套",
    "台", "臺", "檯", "亩", "畝", "平方公里", "平方千米", "平方米", "立方米", "公里", "千米",
    "公顷", "公頃", "米", "吨", "噸", "公斤", "千克", "千瓦", "元", "天", "日", "年", "周年", "週年", "周", "週",
    "小时", "小時", "分钟", "分鐘", "秒", "位", "类", "類", "方面", "宗", "例", "笔", "筆", "张", "張", "本",
    "册", "冊", "座", "栋", "棟", "间", "間", "处", "處", "支", "轮", "輪", "组", "組", "门",
    "門", "倍", "种", "種", "季度", "季", "岁", "歲", "分", "届", "屆", "课时", "課時", "学时", "學時", "堂",
    "票", "头", "頭", "只", "隻", "匹", "辆", "輛", "艘", "趟",
    # 次-compounds: a measure word + 次 counts occasions (人次, 家次, 台次, 辆次, 架次, 航次 …)
    *(w + "次" for w in ("人", "家", "户", "戶", "件", "场", "場", "批", "台", "臺", "辆", "輛", "艘", "架", "车",
                         "車", "航", "轮", "輪", "班", "趟", "期", "组", "組", "队", "隊", "堂")),
    "%", "％", "‰",
    *("市", "县", "縣", "区", "區", "乡", "鄉", "镇", "鎮", "乡镇", "鄉鎮", "村", "村民", "居民"),
)
#: Nouns that serve as measure words after an Arabic number (在3市8县, 约17万村民). They do not make a
#: Chinese numeral a token (两区建设, 三县联动 name tiers and slogans), unless it has a multiplier (两万村民).
NOUN_UNITS = frozenset({"市", "县", "縣", "区", "區", "乡", "鄉", "镇", "鎮", "乡镇", "鄉鎮", "村", "村民",
                        "居民"})
#: Words after a number that make it a date, not a figure.
DATE_UNITS = frozenset({"月", "月份", "号", "號"})
#: Characters that may follow a Chinese numeral run for it to be a token (measure words and the like).
_MEASURE_CHARS = ("个個项項件名次份起家人户戶天年月日小时時分钟鐘鍾期场場条條位届屆批类類方面季部门門元万萬亿億"
                  "倍轮輪张張套篇组組支所台座处處例宗笔筆头頭只隻匹辆輛艘架车車航班趟票栋棟间間堂")
#: Spaces allowed between a number and what follows it (one).
SPACES = " \u3000\xa0"

_AR = "0-9０-９"
_CN = CN_CHARS
_CN_DIGIT = "〇零一二两兩三四五六七八九"
_BIG = "万萬亿億"
_SP = "[ \u3000\xa0]?"


def optional(rx: str) -> str:
    """``rx`` or nothing, trying ``rx`` first: ``(?:rx)?`` written ``(?:rx|)``. The same match; but ``re``
    runs ``?`` over anything wider than one character through a repeat whose bookkeeping is allocated on
    every attempt, and an empty alternative costs nothing (the scan is about a fifth faster)."""
    return f"(?:{rx}|)"


def trie_regex(words, first: str = "") -> str:
    """A regex alternation matching the longest of ``words`` at a position (a trie: 王|王法|法 → 王法?|法), so each
    character is tried once. Used for the units here and for the word lists of ``describe``. The words
    starting with a character of ``first`` are tried first, in that order (the most frequent: which
    branch matches does not depend on the order of branches starting with different characters)."""
    rank = {ch: i for i, ch in enumerate(first)}
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict, top: bool = False) -> str:
        alts = []
        end = False
        for ch in sorted(node, key=lambda ch: (rank.get(ch, len(rank)) if top else 0, ch)):
            if ch == "":
                end = True
                continue
            alts.append(re.escape(ch) + walk(node[ch]))
        if not alts:
            return ""
        if not end:
            return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if len(alts) == 1 and len(alts[0]) == 1:
            return alts[0] + "?"
        return optional("|".join(alts))

    return "(?:" + walk(trie, top=True) + ")"


#: Every word the scan reads as a unit (the ``unit`` group of ``TOKEN_RX``).
UNIT_WORDS: tuple[str, ...] = tuple(sorted(set(UNITS) | DATE_UNITS))
_UNIT_OBJ = {w: w for w in UNIT_WORDS}
_CN_FOLLOW = "".join(sorted(set(_MEASURE_CHARS) | set("余餘多")
                            | {w[0] for w in UNIT_WORDS if w not in NOUN_UNITS}))
#: The first characters of the most frequent units in reports, most frequent first (tried first by the scan).
_FREQUENT_UNITS = "年件个项次%項個名届位家条人月部份起"
#: Extra followers used with ``explain=True`` only: Chinese list ordinals 一是, 二、, (三). They are always
#: declined, so leaving them out of the plain scan changes no figure and saves a quarter of the matches.
_LIST_FOLLOW = "是、)）"


def _token_regex(follow: str) -> re.Pattern[str]:
    # digits with "," thousands separators (1,234,567) or without; tried in this order only when a "," follows
    num_ar = (
        rf"(?<=[{_AR}])(?:[{_AR}]*+(?!,)|[{_AR}]{{0,2}}(?:,[{_AR}]{{3}}(?![{_AR}]))++|[{_AR}]*+)(?:[.．][{_AR}]++)*+"
        + optional(rf"(?=[-—–~～/:：至到])(?P<sep>(?:(?:[-—–~～]{{1,2}}|[/:：至到])[{_AR}]++(?:[.．][{_AR}]++)*+)+)")
    )
    # Chinese runs are bounded (24 characters) so that a long run of numerals that is not a token costs
    # O(run) and not O(run²): the scan stays linear on any input.
    num_cn = (
        rf"(?<=[{_CN}])[{_CN}]{{0,23}}+(?:分之(?:[{_CN}]{{1,24}}+|[{_AR}]++(?:[.．][{_AR}]++)?)|"
        + optional(rf"[{CN_POINT}][{_CN_DIGIT}]{{1,8}}+")
        + optional(rf"(?P<csep>(?:[-—–~～]{{1,2}}|[至到])[{_CN}]{{1,24}}+)")
        + rf"(?={_SP}[{re.escape(follow)}]))"
        rf"|(?<=[{_CN}])(?=[{_CN}]{{0,23}}?[{_BIG}])[{_CN}]{{0,23}}+"
    )
    # 余/多 and the multiplier, and the word after the unit, are rare: a lookahead for their first characters
    # skips them at once (the same match: without one of these characters they match nothing)
    return re.compile(
        rf"(?P<num>[{_AR}{_CN}](?:{num_ar}|{num_cn}))(?P<tail>"
        + optional(rf"(?=[{SPACES}余餘多十百千{_BIG}])"
                   + optional(rf"{_SP}(?P<more>[余餘多])")
                   + optional(rf"{_SP}(?P<mult>[十百千]?[{_BIG}]|千(?![米克瓦]))")
                   + optional(r"(?P<more2>[余餘多])"))
        + optional(rf"{_SP}(?P<unit>{trie_regex(UNIT_WORDS, first=_FREQUENT_UNITS)})")
        + optional(rf"(?=[{SPACES}以左强強]){_SP}(?P<post>以上|以内|以內|以下|左右|[强強])")
        + ")"
    )


#: The one scan of the text (groups, in order: num, sep, csep, tail, more, mult, more2, unit, post; the
#: tail is all that follows the number); the explain variant also finds Chinese list ordinals.
TOKEN_RX = _token_regex(_CN_FOLLOW)
TOKEN_RX_EXPLAIN = _token_regex(_CN_FOLLOW + _LIST_FOLLOW)

_SEP_SPLIT = re.compile(r"[-—–~～]{1,2}|[/:：至到]")
_CN_SET = frozenset(_CN)
_CN_1_9 = frozenset("一二两兩三四五六七八九")
_BARE_SCALE = {"百": Decimal(100), "千": Decimal(1000), "万": Decimal(10**4), "萬": Decimal(10**4),
               "亿": Decimal(10**8), "億": Decimal(10**8)}
#: Units that may continue past a qualifier into a compound unit (see ``Token._compound_more``).
COMPOUND_HEADS = frozenset({"个", "個"})
#: The qualifiers written right after a number or inside a compound unit (余, 多: at least).
MORE = "多余餘"
#: ``个`` + qualifier + the rest of a compound unit: 3个多月, 5个余工作日.
_COMPOUND_TAILS = ("月", "小时", "小時", "工作日", "自然日", "星期", "季度", "百分点", "百分點")
#: More digits than this make a run an index or phone number (or out of range with a unit).
MAX_DIGITS = 15


@lru_cache(maxsize=8192)
def _cn_value(s: str) -> Decimal | None:
    return chinese_value(s)


@lru_cache(maxsize=8192)
def _ar_value(s: str) -> Decimal | None:
    return arabic_value(s)


@lru_cache(maxsize=64)
def multiplier(mult: str) -> int:
    """The factor of a multiplier as written after a number: 万 → 10⁴, 千万 → 10⁷, 千 → 10³."""
    factor = 1
    for c in mult:
        factor *= SCALE.get(c) or {"十": 10, "百": 100, "千": 1000}[c]
    return factor


def arabic_number(num: str) -> int | Decimal | None:
    """The value of an Arabic number written without a separator: 537, 1,234, 94.3, ５３７ (an ``int`` for
    ASCII digits, else a ``Decimal``); None if it has none (two decimal points, a separator as in 3-5 or
    12:30, Chinese numerals) or more than ``MAX_DIGITS`` digits. A token whose number has a value is read
    without a ``shape``, and the same way whatever the number (``Token._read_arabic``). Not cached: ``int``
    reads ASCII digits faster than a cache would find them (and most numbers of a text are new), the rest
    is read by the cached ``_ar_value``."""
    if num.isdigit() and num.isascii():
        return int(num) if len(num) <= MAX_DIGITS else None
    value = _ar_value(num)
    if value is None or (len(num) > MAX_DIGITS + 2 and sum(c.isdigit() for c in num) > MAX_DIGITS):
        return None
    return value


def _unread_shape(num: str, low: str, unit: str | None) -> str:
    """The shape of an Arabic token whose number ``low`` (``num`` without its range's high end) has no
    ``arabic_number``."""
    if (low.isdigit() and low.isascii()) or _ar_value(low) is not None:  # too many digits
        return "phone_or_index" if not unit else "out_of_range"
    return "date" if num[:4].isdigit() else "no_unit"


def is_year(v) -> bool:
    return v is not None and 1900 <= v <= 2099 and v == int(v)


class Token:
    """One number-like token, read: its parts, span, value(s) and, if unreadable, its ``shape``."""

    __slots__ = ("t", "s", "e", "de", "ue", "mend", "num", "low", "high_txt", "cn", "more", "mult", "unit",
                 "post", "prev", "nxt", "value", "high", "shape", "fraction")

    def __init__(self, t: str, m: re.Match[str]) -> None:
        num, sep, csep, _tail, more, mult, more2, unit, post = m.groups()
        s = m.start()
        e = s + len(num)
        self.t = t
        self.s = s
        self.e = e
        self.de = m.end("mult") if mult else e  # a declined token includes its 万/亿 multiplier
        self.ue = m.end("unit") if unit else e
        self.mend = m.end()
        self.num = self.low = num
        self.more = more is not None or more2 is not None
        self.mult = mult
        self.unit = _UNIT_OBJ.get(unit)  # one str object per unit, however many figures (None: no unit)
        self.post = post
        prev = t[s - 1] if s else "\x00"
        if prev in SPACES:  # one space or more between a qualifier or 第 and the number
            p = s - 1
            while p >= 0 and t[p] in SPACES:
                p -= 1
            prev = t[p] if p >= 0 else "\x00"
        self.prev = prev
        self.nxt = t[e] if e < len(t) else "\x00"  # the character right after the number
        self.high_txt = self.high = self.shape = None
        self.fraction = False
        if unit in COMPOUND_HEADS and not post:
            self._compound_more()
        self.value = None
        self.cn = num[0] in _CN_SET
        if self.cn:
            self._read_chinese(csep, m.start("csep"))
        else:
            self._read_arabic(sep)

    def read_by_context(self, m: re.Match[str]) -> bool:
        """Whether reading the token (from ``m``, its match) looked past its written form, the groups of
        ``m``: a bare 百/千/万 is read by the word before it (千余人 is 1000, 数千人 no figure), a 个 may run
        into a compound unit (3个多月). Tokens written alike are otherwise read alike."""
        return (self.cn and self.num in _BARE_SCALE) or self.mend != m.end()

    def _compound_more(self) -> None:
        """3个多月: the qualifier inside a compound unit; the unit is 个月, the token runs past it."""
        t, at = self.t, self.ue + 1
        if at > len(t) or t[at - 1] not in MORE:
            return
        for tail in _COMPOUND_TAILS:
            if t.startswith(tail, at):
                self.unit = self.unit + tail
                self.more = True
                self.ue = self.mend = at + len(tail)
                return

    def _read_arabic(self, sep: str | None) -> None:
        num = self.num
        if sep is not None:
            parts = _SEP_SPLIT.split(num)
            shape = _separator_shape(parts, _SEP_SPLIT.findall(num), self.unit)
            if shape:
                self.shape = shape
                return
            self.low, self.high_txt = parts
        low = self.low
        self.value = arabic_number(low)
        if self.value is None:
            self.shape = _unread_shape(num, low, self.unit)
            return
        if self.high_txt is not None:
            self.high = _ar_value(self.high_txt)
            if self.high is None:  # 3-5.5.5件: the high end reads as no number (an index, a version)
                self.shape = "phone_or_index"

    def _read_chinese(self, csep: str | None, csep_start: int) -> None:
        num = self.num
        if "分之" in num:
            frac = fraction_value(num)
            if frac is None:
                self.shape = "no_digit"
                return
            den, numer = frac
            self.fraction = True  # the unit is the fraction's: 百分之 → %, 千分之 → ‰, else ""
            if den == 100:
                self.unit, self.value = "%", numer
            elif den == 1000:
                self.unit, self.value = "‰", numer
            else:
                self.unit, self.value = "", numer / den
            return
        if csep:
            self.low = num[: csep_start - self.s]
            self.high_txt = _SEP_SPLIT.split(csep, maxsplit=1)[1]
        low = self.low
        if num[0] in "百千万萬亿億":
            if len(num) == 1 and self.more and self.prev not in "数數几幾上成":
                self.value = _BARE_SCALE[num]  # 千余人, 百余家, 万余件: 1000, 100, 10000 at least
            else:
                self.shape = "no_digit"
            return
        if len(low) == 2 and low[0] in _CN_1_9 and low[1] in _CN_1_9 and not csep:
            self.shape = "vague"  # 三四个, 一两年: "three or four", not 34
            return
        self.value = _cn_value(low)
        if self.value is None:
            self.shape = "no_digit"
            return
        if self.high_txt is not None:
            self.high = _cn_value(self.high_txt)
            if self.high is None:
                self.shape = "no_digit"


def _separator_shape(parts: list[str], seps: list[str], unit: str | None) -> str | None:
    """A number with ``-/:至`` inside: the shape that declines it, or None for a range (low, high)."""
    if len(parts) >= 3:
        if any(c in ":：" for c in "".join(seps)):
            return "time"
        if len(parts[0]) == 4 and len(parts) == 3 and len(parts[1]) <= 2:
            return "date"
        return "phone_or_index"
    if seps[0] in (":", "："):
        return "time"
    if seps[0] == "/":
        return "date" if all(len(p) <= 2 for p in parts) else "phone_or_index"
    low, high = parts
    if unit == "年" or (not unit and len(low) == 4 and len(high) == 4):
        if is_year(_ar_value(low)) and is_year(_ar_value(high)):
            return "year"
    if unit in ("月", "月份", "号", "號", "季度", "日"):
        return "date"
    if not unit:
        return "phone_or_index"
    return None
