"""The figure extractor: every figure a 法治政府建设报告 states, with its exact span — for any report text.

``extract_figures(text)`` returns one row per figure (a number with its unit, or a rate), sorted by span;
``extract_figures(text, explain=True)`` also returns every number-like token it did *not* report, with the
rule that declined it, so nothing is silently dropped.

Design
------
One compiled regular expression finds every number-like token (Arabic digits, full-width digits, Chinese
numerals followed by a measure word, ``X分之Y``), with what follows it (``余/多``, a ``万/亿`` multiplier,
the unit, ``以上/以内/左右…``); cheap per-match Python code then classifies it. The scan is linear in the
length of the text (no nested loops, no backtracking across tokens); clause boundaries are found once with
numpy. Stray pinyin glosses of a mirror site (``習(xí)近平``, ``300餘(yú)起``) are removed before the scan and
offsets are mapped back, so a gloss between a number and its unit or qualifier changes nothing.

Conventions (decided once, applied everywhere)
----------------------------------------------
* ``value`` is the number as written with ``万``/``亿`` multiplied out, computed with ``Decimal`` then
  converted to float: ``57.95万件`` → 579500.0 unit ``件``; ``两万余人次`` → 20000.0 ``人次`` at_least.
* ``unit`` is as written, in the text's script, without qualifier and multiplier. Compound units stay
  whole: ``个工作日``, ``个百分点``, ``个月``, ``个方面`` (so ``三个方面`` → 3 ``个方面``, like the devset's
  ``10方面`` → ``方面`` and its ``个工作日``/``个月``), ``人次``, ``家次``. Percent signs (``%``, ``％``) and
  ``百分之…`` give ``%``; ``千分之…`` gives ``‰``; other fractions (``十分之一``) give value 0.1 and unit ``""``.
* ``start``/``end`` span the number itself: the digits (with decimal point and ``,`` thousands separators),
  or the Chinese numeral. For ``百分之九十五`` and ``十分之一`` the span is the whole written fraction.
* ``qualifier``: ``at_least`` for 余/餘, 多 (before the unit), 以上, 超过/超過, 逾, 至少, and 强/強 after a
  rate or fraction; ``at_most`` for 以内/以內, 以下, 不到, 不足, 不超过, 少于, 前N; ``about`` for 约/約, 近,
  将近, 接近, 左右; otherwise ``exact``.
* ``relation``: ``from``/``to`` for a change stated as 由/从 A … 至/到/为 B in one sentence (same unit),
  ``range_low``/``range_high`` for ``3—5个``/``三至五个`` (two rows); otherwise ``<NA>``.
* ``quote`` is the clause stating the figure: the text between the nearest clause boundaries
  ``，,。；;：:！？!?`` or a line break (``、`` is not a boundary), verbatim, cut at 200 characters either
  side of the number (only text without punctuation has longer clauses).
* **Ordinals are declined** (rule ``ordinal``): ``第二批``, ``排名第一``, ``第六届`` are ranks, not amounts.
  The devset marks them optional; we decline them all, consistently.
* **A bare ``一`` before a measure word is declined** (rule ``indefinite_one``): ``一次性``, ``一件事``,
  ``上一年度``, ``一日办结率`` use 一 as an article or in a fixed word; reports write counts of one as ``1个``.
* Not figures (each with its rule in the declined table): dates, years and year ranges (``date``,
  ``year``, ``time``), document numbers (``document_number``), index/phone/hotline numbers
  (``phone_or_index``), list ordinals (``list_ordinal``), numbered meetings and plans
  (``meeting_or_plan``: 十九届四中全会, 十一届三次全会, 五年规划), numbered slogans and formulas
  (``slogan_or_formula``: anything in quotation marks written in Chinese numerals, ``六位一体``, ``1+4+X``),
  ``十分`` meaning "very" (``adverb``), 数十/几十/三四个/一两年 (``vague``), a Chinese run without a digit
  (``no_digit``: 千家万户, 上千人; but 千余人, 百余家, 万余件 are figures: 1000, 100, 10000 at_least), and
  numbers with no unit (``no_unit``). ``explain=True`` also lists Chinese list ordinals (一是, 二、, (三));
  the plain scan skips them (they are never figures), which changes no figure.

Known limits: only ``,`` (ASCII) is a thousands separator (``，`` ends a clause); Chinese-numeral decimals
(三点五) and a qualifier inside a compound unit (3个多月) are not read; ``X/Y`` is taken for a date.
"""

from __future__ import annotations

import bisect
import math
import re
from decimal import Decimal
from functools import lru_cache
from typing import overload

import numpy as np
import pandas as pd

from .numerals import CN_CHARS, SCALE, arabic_value, chinese_value, fraction_value

__all__ = ["DECLINED_COLUMNS", "FIGURE_COLUMNS", "UNITS", "extract_core", "extract_figures"]

#: Column order of the figures table (API.md columns, then the extractor's extra columns).
FIGURE_COLUMNS = ["value", "unit", "qualifier", "start", "end", "quote", "section", "theme", "indicator",
                  "label_zh", "label_en", "indicator_phrase", "phrase_start", "phrase_end", "direction",
                  "quote_start", "quote_end", "relation"]
#: Column order of the declined-tokens table of ``explain=True``.
DECLINED_COLUMNS = ["token", "start", "end", "rule", "context"]

#: Measure words and units recognised after a number, simplified and traditional forms.
UNITS: tuple[str, ...] = (
    "个工作日", "個工作日", "个自然日", "個自然日", "个百分点", "個百分點", "个月", "個月", "个方面", "個方面",
    "个季度", "個季度", "个小时", "個小時", "个星期", "個星期", "个", "個", "箇",
    "项", "項", "件", "名", "次", "份", "起", "家次", "家", "人次", "人", "户次", "戶次", "户", "戶",
    "所", "场次", "場次", "场", "場", "期", "批次", "批", "条", "條", "篇", "部门", "部門", "部", "套",
    "台", "臺", "檯", "亩", "畝", "平方公里", "平方千米", "平方米", "公里", "千米", "公顷", "公頃", "米", "吨",
    "噸", "元", "天", "日", "年", "周年", "週年", "周", "週", "小时", "小時", "分钟", "分鐘", "秒", "位",
    "类", "類", "方面", "宗", "例", "笔", "筆", "张", "張", "本", "册", "冊", "座", "处", "處", "支", "轮",
    "輪", "组", "組", "门", "門", "倍", "种", "種", "季度", "季", "岁", "歲", "分", "届", "屆", "课时", "課時",
    "学时", "學時", "%", "％", "‰",
)
#: Words after a number that make it a date, not a figure.
_DATE_UNITS = {"月", "月份", "号", "號"}
#: Characters that may follow a Chinese numeral run for it to be a token (measure words and the like),
#: a superset of the devset's measure-word list.
_MEASURE_CHARS = ("个個项項件名次份起家人户戶天年月日小时時分钟鐘鍾期场場条條位届屆批类類方面季部门門元万萬亿億"
                  "倍轮輪张張套篇组組支所台座处處例宗笔筆")

_AR = "0-9０-９"
_CN = CN_CHARS
_BIG = "万萬亿億"


def _trie_regex(words: list[str]) -> str:
    """A regex alternation matching the longest of ``words`` (a trie, so matching is linear)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def walk(node: dict) -> str:
        alts = []
        end = False
        for ch in sorted(node):
            if ch == "":
                end = True
                continue
            alts.append(re.escape(ch) + walk(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            body = (body if len(alts) > 1 or len(alts[0]) == 1 else "(?:" + body + ")") + "?"
        return body

    return "(?:" + walk(trie) + ")"


_UNIT_WORDS = sorted(set(UNITS) | _DATE_UNITS)
_FOLLOW = "".join(sorted(set("".join(w[0] for w in _UNIT_WORDS)) | set(_MEASURE_CHARS) | set("余餘多")))
#: Extra followers used with ``explain=True`` only: Chinese list ordinals 一是, 二、, (三). They are always
#: declined, so leaving them out of the plain scan changes no figure and saves a quarter of the matches.
_LIST_FOLLOW = "是、)）"


def _token_regex(follow: str) -> re.Pattern[str]:
    num_ar = (
        rf"(?<=[{_AR}])(?:[{_AR}]{{0,2}}(?:,[{_AR}]{{3}}(?![{_AR}]))++|[{_AR}]*+)(?:[.．][{_AR}]++)*+"
        rf"(?P<sep>(?:(?:[-—–~～]{{1,2}}|[/:：至到])[{_AR}]++(?:[.．][{_AR}]++)*+)+)?"
    )
    # Chinese runs are bounded (24 characters) so that a long run of numerals that is not a token costs
    # O(run) and not O(run²): the scan stays linear on any input.
    num_cn = (
        rf"(?<=[{_CN}])[{_CN}]{{0,23}}+(?:分之(?:[{_CN}]{{1,24}}+|[{_AR}]++(?:[.．][{_AR}]++)?)"
        rf"|(?P<csep>(?:[-—–~～]{{1,2}}|[至到])[{_CN}]{{1,24}}+)?(?=[{re.escape(follow)}]))"
        rf"|(?<=[{_CN}])(?=[{_CN}]{{0,23}}?[{_BIG}])[{_CN}]{{0,23}}+"
    )
    return re.compile(
        rf"(?P<num>[{_AR}{_CN}](?:{num_ar}|{num_cn}))"
        r"(?P<more>[余餘多])?"
        rf"(?P<mult>[{_BIG}])?"
        r"(?P<more2>[余餘])?"
        rf"(?P<unit>{_trie_regex(_UNIT_WORDS)})?"
        r"(?P<post>以上|以内|以內|以下|左右|[强強])?"
    )


#: The one scan of the text: every number-like token with what follows it (groups, in order: num, sep,
#: csep, more, mult, more2, unit, post).
_TOKEN_RX = _token_regex(_FOLLOW)
_TOKEN_RX_EXPLAIN = _token_regex(_FOLLOW + _LIST_FOLLOW)
#: Pinyin glosses inserted after characters by some mirror sites: ``習(xí)``.
_GLOSS_RX = re.compile(
    r"[(（](?<=[\u3400-\u9fff][(（])(?=[a-z]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ])"
    r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹ]{1,7}[)）]"
)
#: Quotation marks of numbered slogans (“四位一体”, 「一次办」).
_MEETING_AFTER = re.compile(rf"(?:、[{_CN}0-9]{{1,4}}次){{0,8}}(?:全会|全會|全体会议|全體會議|全委会|全委會)")
_SEP_SPLIT = re.compile(r"[-—–~～]{1,2}|[/:：至到]")
_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_FROM_RX = re.compile(r"[由从從]")
_TO_RX = re.compile(r"(?:至|到|为|為)")
_CLAUSE_BOUNDARY = "，,。；;：:！？!?\n\r"

_PREFIX_QUALIFIERS = (
    (("不超过", "不超過", "不足", "不到", "少于", "少於", "低于", "低於"), "at_most"),
    (("超过", "超過", "多于", "多於", "至少", "逾"), "at_least"),
    (("大约", "大約", "将近", "將近", "接近", "约有", "約有", "约为", "約為", "约占", "約佔", "约达", "約達"),
     "about"),
)
_NOT_ABOUT_YUE = set("签簽籤合履违違特预預节節公条條制集邀立毁毀相大")
_NOT_ABOUT_JIN = set("最附临臨将將接就亲親贴貼")
_NOT_AT_MOST_QIAN = set("提之以此目当當事年日月门門面跟向眼空史生从從")
_POST_QUALIFIERS = {"以上": "at_least", "以内": "at_most", "以內": "at_most", "以下": "at_most",
                    "左右": "about"}
_PLAN_WORDS = ("规划", "規劃", "计划", "計劃", "行动", "行動", "攻坚", "攻堅")
_MEETING_AFTER_JIE = set(_CN) | set("全人中党黨政委代")
_FORMULA_AFTER = set("性式化") | set("〇零一二两兩三四五六七八九十")
_MAX_DIGITS = 15
#: A quote extends at most this many characters either side of its number (text without punctuation would
#: otherwise make every quote the whole line, and the output quadratic in size).
_MAX_QUOTE_SIDE = 200


@lru_cache(maxsize=1)
def _boundary_table() -> np.ndarray:
    table = np.zeros(0x110000, dtype=bool)
    for ch in _CLAUSE_BOUNDARY:
        table[ord(ch)] = True
    return table


def _boundaries(text: str) -> np.ndarray:
    """Positions of clause-boundary characters in ``text`` (sorted int64 array)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return np.flatnonzero(_boundary_table()[codes])


def _strip_glosses(text: str) -> tuple[str, tuple[np.ndarray, np.ndarray] | None]:
    """``text`` without pinyin glosses, and how to map offsets back (None: nothing stripped).

    The map is ``(where, removed)``: the stripped-text positions at which glosses were cut out, and the
    total length cut out up to and including each of them (see ``_to_original``)."""
    spans = [m.span() for m in _GLOSS_RX.finditer(text)]
    if not spans:
        return text, None
    se = np.asarray(spans, dtype=np.int64)
    lengths = se[:, 1] - se[:, 0]
    removed = np.cumsum(lengths)
    where = se[:, 0] - (removed - lengths)
    bounds = [0, *se.ravel().tolist(), len(text)]
    stripped = "".join([text[bounds[k]:bounds[k + 1]] for k in range(0, len(bounds), 2)])
    return stripped, (where, removed)


def _to_original(starts: np.ndarray, ends: np.ndarray,
                 gloss_map: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Map spans of the gloss-stripped text back to the original text (end stays exclusive)."""
    where, removed = gloss_map
    cum = np.concatenate([[0], removed])

    def shift(p: np.ndarray) -> np.ndarray:
        return p + cum[np.searchsorted(where, p, side="right")]

    return shift(starts), shift(ends - 1) + 1


def _prefix_qualifier(t: str, s: int) -> str | None:
    """Qualifier written just before the number starting at ``t[s]``."""
    pre = t[max(0, s - 3):s]
    if not pre:
        return None
    for words, qual in _PREFIX_QUALIFIERS:
        if pre.endswith(words):
            return qual
    last = pre[-1]
    before = pre[-2] if len(pre) > 1 else ""
    if last in "约約" and before not in _NOT_ABOUT_YUE:
        return "about"
    if last == "近" and before not in _NOT_ABOUT_JIN:
        return "about"
    if last == "前" and before not in _NOT_AT_MOST_QIAN:
        return "at_most"
    return None


def _is_line_start(t: str, s: int) -> bool:
    i = s - 1
    while i >= 0 and t[i] in " \t\u3000\xa0":
        i -= 1
    return i < 0 or t[i] in "\n\r"


def _is_year(v: Decimal | None) -> bool:
    return v is not None and v == v.to_integral_value() and 1900 <= v <= 2099


# A figure row, in gloss-stripped coordinates: (value, unit, qualifier, start, end, match_end, relation).
# A declined row: (start, end, rule).
_CN_SET = frozenset(_CN)
_PREFIX_LAST = frozenset(w[-1] for words, _q in _PREFIX_QUALIFIERS for w in words) | set("约約近前")
_YEAR_UNITS = frozenset({"月", "月份", "号", "號", "季度"})
_MEETING_UNITS = frozenset({"届", "屆", "次", "年", "日", "天"})
_PCT = frozenset({"%", "％", "‰"})
_CN_1_9 = frozenset("一二两兩三四五六七八九")
_BARE_SCALE = {"百": Decimal(100), "千": Decimal(1000), "万": Decimal(10**4), "萬": Decimal(10**4),
               "亿": Decimal(10**8), "億": Decimal(10**8)}


@lru_cache(maxsize=8192)
def _cn_value(s: str) -> Decimal | None:
    return chinese_value(s)


@lru_cache(maxsize=8192)
def _ar_value(s: str) -> Decimal | None:
    return arabic_value(s)


def _is_year(v) -> bool:
    return v is not None and 1900 <= v <= 2099 and v == int(v)


def _arabic_with_separator(num: str, unit: str | None) -> str | tuple[str, str]:
    """A number with ``-/:至`` inside: the rule that declines it, or the (low, high) texts of a range."""
    parts = _SEP_SPLIT.split(num)
    seps = _SEP_SPLIT.findall(num)
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
        if _is_year(_ar_value(low)) and _is_year(_ar_value(high)):
            return "year"
    if unit in _YEAR_UNITS or unit == "日":
        return "date"
    if not unit:
        return "phone_or_index"
    return low, high


def _scan(t: str, rx: re.Pattern[str] = _TOKEN_RX) -> tuple[list[tuple], list[tuple]]:
    """Find and classify every number-like token of ``t``: (figure rows, declined rows)."""
    figs: list[tuple] = []
    dec: list[tuple] = []
    fig = figs.append
    decl = dec.append
    n = len(t)
    for m in rx.finditer(t):
        num, sep, csep, more, mult, more2, unit, post = m.groups()
        s = m.start()
        e = s + len(num)
        de = m.end(5) if mult else e  # a declined token includes its 万/亿 multiplier
        prev = t[s - 1] if s else "\x00"
        high_txt = None
        if num[0] not in _CN_SET:
            # ---- Arabic digits
            low_txt = num
            if sep is not None:
                r = _arabic_with_separator(num, unit)
                if type(r) is str:
                    decl((s, de, r))
                    continue
                low_txt, high_txt = r
            if low_txt.isdigit() and low_txt.isascii():
                if len(low_txt) > _MAX_DIGITS:
                    decl((s, de, "phone_or_index" if not unit else "out_of_range"))
                    continue
                value = int(low_txt)
            else:
                value = _ar_value(low_txt)
                if value is None:
                    decl((s, de, "date" if num[:4].isdigit() else "no_unit"))
                    continue
                if len(low_txt) > _MAX_DIGITS + 2 and sum(c.isdigit() for c in low_txt) > _MAX_DIGITS:
                    decl((s, de, "phone_or_index" if not unit else "out_of_range"))
                    continue
            if unit is None:
                nxt = t[e] if e < n else "\x00"
                if prev in "〔［[【":
                    rule = "document_number"
                elif prev == "+" or nxt == "+":
                    rule = "slogan_or_formula"
                elif len(low_txt) <= 2 and ((prev in "(（" and nxt in ")）")
                                            or (nxt in ".．、)）" and _is_line_start(t, s))):
                    rule = "list_ordinal"
                elif prev in "(（" and nxt in ")）" and _is_year(value):
                    rule = "year"
                elif len(low_txt) >= 5 and low_txt.isdigit():
                    rule = "phone_or_index"
                else:
                    rule = "slogan_or_formula" if _in_quotes(t, s, e) else "no_unit"
                decl((s, de, rule))
                continue
            if unit == "年" and high_txt is None and _is_year(value):
                decl((s, de, "year"))
                continue
            if unit in _YEAR_UNITS:
                if unit in ("号", "號"):
                    rule = "document_number" if prev in "〕］]】" else ("date" if prev == "月" else "no_unit")
                else:
                    rule = "date"
                decl((s, de, rule))
                continue
            if prev == "〔" or prev == "[" or prev == "［" or prev == "【":
                decl((s, de, "document_number"))
                continue
            if unit == "日" and prev == "月":
                decl((s, de, "date"))
                continue
            if prev == "第":
                decl((s, de, "ordinal"))
                continue
            if unit in _MEETING_UNITS:
                rule = _meeting_or_plan(t, s, m.end(7), unit)
                if rule:
                    decl((s, de, rule))
                    continue
            if prev == "+" or (e < n and t[e] == "+"):
                decl((s, de, "slogan_or_formula"))
                continue
            high = _ar_value(high_txt) if high_txt is not None else None
        else:
            # ---- Chinese numerals
            if "分之" in num:
                frac = fraction_value(num)
                if frac is None:
                    decl((s, de, "no_digit"))
                    continue
                den, numer = frac
                if den == 100:
                    funit, fval = "%", numer
                elif den == 1000:
                    funit, fval = "‰", numer
                else:
                    funit, fval = "", numer / den
                if post:
                    qual = "at_least" if post in "强強" else _POST_QUALIFIERS[post]
                else:
                    qual = (t[s - 1] in _PREFIX_LAST and _prefix_qualifier(t, s)) or "exact" if s else "exact"
                fv = float(fval)
                if math.isfinite(fv):
                    fig((fv, funit, qual, s, e, m.end(), None))
                else:
                    decl((s, de, "out_of_range"))
                continue
            low_txt = num
            if csep:
                low_txt = num[: m.start(3) - s]
                high_txt = _SEP_SPLIT.split(csep, maxsplit=1)[1]
            if num[0] in "百千万萬亿億":
                if len(num) == 1 and (more or more2) and prev not in "数數几幾上成":
                    value = _BARE_SCALE[num]  # 千余人, 百余家, 万余件: 1000, 100, 10000 at least
                else:
                    decl((s, de, "no_digit"))
                    continue
            elif len(low_txt) == 2 and low_txt[0] in _CN_1_9 and low_txt[1] in _CN_1_9 and not csep:
                decl((s, de, "vague"))  # 三四个, 一两年: "three or four", not 34
                continue
            else:
                value = _cn_value(low_txt)
            high = None
            if value is None:
                decl((s, de, "no_digit"))
                continue
            if high_txt is not None:
                high = _cn_value(high_txt)
                if high is None:
                    decl((s, de, "no_digit"))
                    continue
                if unit == "年" and _is_year(value) and _is_year(high):
                    decl((s, de, "year"))
                    continue
            if unit is None:
                nxt = t[e] if e < n else "\x00"
                if prev == "第":
                    rule = "ordinal"
                elif nxt in "是、)）" or (prev in "(（" and nxt in ")）"):
                    rule = "list_ordinal"
                else:
                    rule = "no_unit"
                decl((s, de, rule))
                continue
            if unit in _YEAR_UNITS or (unit == "日" and prev == "月"):
                decl((s, de, "date"))
                continue
            if unit == "年" and _is_year(value):
                decl((s, de, "year"))
                continue
            if prev == "第":
                decl((s, de, "ordinal"))
                continue
            ue = m.end(7)
            if unit in _MEETING_UNITS:
                rule = _meeting_or_plan(t, s, ue, unit)
                if rule:
                    decl((s, de, rule))
                    continue
            if (ue < n and t[ue] in _FORMULA_AFTER) or _in_quotes(t, s, e):
                decl((s, de, "slogan_or_formula"))
                continue
            if num == "十" and unit == "分" and not more:
                decl((s, de, "adverb"))
                continue
            if prev in "数數几幾上成" and num[0] in "十百千":
                decl((s, de, "vague"))
                continue
            if num == "一" and not mult:
                decl((s, de, "indefinite_one"))
                continue
        # ---- a figure (or two, for a range)
        qual = "at_least" if (more or more2) else "exact"
        if post:
            if post == "强" or post == "強":
                if unit in _PCT:
                    qual = "at_least"
            else:
                qual = _POST_QUALIFIERS[post]
        if qual == "exact" and s and t[s - 1] in _PREFIX_LAST:
            qual = _prefix_qualifier(t, s) or "exact"
        if unit == "％":
            unit = "%"
        if mult:
            value = value * SCALE[mult]
            if high is not None:
                high = high * SCALE[mult]
        mend = m.end()
        if high_txt is None:
            fv = float(value)
            if fv == math.inf:
                decl((s, de, "out_of_range"))
                continue
            fig((fv, unit, qual, s, e, mend, None))
        else:
            flo, fhi = float(value), float(high)
            if flo == math.inf or fhi == math.inf:
                decl((s, de, "out_of_range"))
                continue
            fig((flo, unit, qual, s, s + len(low_txt), mend, "range_low"))
            fig((fhi, unit, qual, e - len(high_txt), e, mend, "range_high"))
    return figs, dec


def _meeting_or_plan(t: str, s: int, ue: int, unit: str) -> str | None:
    """``meeting_or_plan`` for 十九届(四中全会), 十一届三次、四次(全会), 五年规划; else None."""
    if unit in ("届", "屆"):
        return "meeting_or_plan" if ue < len(t) and t[ue] in _MEETING_AFTER_JIE else None
    if unit == "次":
        if (s and t[s - 1] in "届屆") or _MEETING_AFTER.match(t, ue):
            return "meeting_or_plan"
        return None
    if t.startswith(_PLAN_WORDS, ue):
        return "meeting_or_plan"
    return None


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


def _link_changes(t: str, figs: list[tuple]) -> list[str | None]:
    """Relations of ``figs``: their own (ranges), plus "from"/"to" for a change 由/从 A … 至/到/为 B: A is the
    first figure after the marker (within 40 characters), B the next one (within 40 characters of A, with a
    至/到/为 between them), all in one sentence, with the same unit (or one unit a prefix of the other)."""
    rel = [f[6] for f in figs]
    if len(figs) < 2:
        return rel
    starts = [f[3] for f in figs]
    last = len(figs) - 1
    for mk in _FROM_RX.finditer(t):
        p = mk.end()
        i = bisect.bisect_left(starts, p)
        if i >= last:
            break
        a, b = figs[i], figs[i + 1]
        if a[3] - p > 40 or b[3] - a[5] > 40 or rel[i] is not None or rel[i + 1] is not None:
            continue
        ua, ub = a[1], b[1]
        if not ua or not ub or not (ua.startswith(ub) or ub.startswith(ua)):
            continue
        if _SENTENCE_END.search(t, p, b[3]):
            continue
        if _TO_RX.search(t, a[5], b[3]):
            rel[i] = "from"
            rel[i + 1] = "to"
    return rel


def _na_strings(k: int) -> pd.api.extensions.ExtensionArray:
    """``k`` missing values of the ``string`` dtype (built without a Python loop)."""
    try:
        import pyarrow as pa

        return pd.array(pa.nulls(k, pa.large_string()), dtype="string")
    except (ImportError, TypeError, ValueError):  # pragma: no cover - pandas without pyarrow
        return pd.array(np.full(k, pd.NA, dtype=object), dtype="string")


def _figures_frame(value, unit, qual, start, end, quote, qs, qe, rel) -> pd.DataFrame:
    k = len(value)
    return pd.DataFrame({
        "value": np.asarray(value, dtype="float64"),
        "unit": pd.array(unit, dtype="string"),
        "qualifier": pd.array(qual, dtype="string"),
        "start": np.asarray(start, dtype="int64"),
        "end": np.asarray(end, dtype="int64"),
        "quote": pd.array(quote, dtype="string"),
        "section": pd.arrays.IntegerArray(np.zeros(k, dtype="int64"), np.ones(k, dtype=bool)),
        "theme": _na_strings(k),
        "indicator": _na_strings(k),
        "label_zh": _na_strings(k),
        "label_en": _na_strings(k),
        "quote_start": np.asarray(qs, dtype="int64"),
        "quote_end": np.asarray(qe, dtype="int64"),
        "relation": pd.array(rel, dtype="string"),
    })


def _declined_frame(token, start, end, rule, context) -> pd.DataFrame:
    return pd.DataFrame({
        "token": pd.array(token, dtype="string"),
        "start": np.asarray(start, dtype="int64"),
        "end": np.asarray(end, dtype="int64"),
        "rule": pd.array(rule, dtype="string"),
        "context": pd.array(context, dtype="string"),
    })


def _assign_parts(df: pd.DataFrame, text: str) -> pd.DataFrame:
    from .describe import describe_figures
    from .sections import assign_parts

    out = assign_parts(df, text)
    unit_end = out.pop("unit_end").tolist()
    heading = out["theme"].astype(object).where(out["theme"].notna(), None).tolist()
    phrase, ps, pe, theme, direction = describe_figures(
        text, out["start"].tolist(), out["end"].tolist(), out["unit"].tolist(), unit_end,
        out["relation"].astype(object).where(out["relation"].notna(), None).tolist(), heading)
    out["indicator_phrase"] = pd.array(phrase, dtype="string")
    out["phrase_start"] = pd.array(ps, dtype="Int64")
    out["phrase_end"] = pd.array(pe, dtype="Int64")
    out["direction"] = pd.array(direction, dtype="string")
    out["theme"] = pd.array(theme, dtype="string")
    extra = [c for c in out.columns if c not in FIGURE_COLUMNS]
    return out[FIGURE_COLUMNS + extra]


@overload
def extract_figures(text: str) -> pd.DataFrame: ...
@overload
def extract_figures(text: str, *, explain: bool) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]: ...


def extract_figures(text: str, *, explain: bool = False) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Every figure stated in ``text``, one row each, sorted by (start, end).

    Columns (see the module docstring for the conventions): ``value`` (float64, 万/亿 multiplied out),
    ``unit`` (as written, in the text's script; ``%`` for rates), ``qualifier`` ("exact", "at_least",
    "at_most", "about"), ``start``/``end`` (int64 ``str`` offsets of the number itself, end exclusive, so
    ``text[start:end]`` is the number as written), ``quote`` (the clause stating it, verbatim), ``section``
    (Int64) and ``theme`` (from the report's headings, ``<NA>`` where it cannot tell), ``indicator``,
    ``label_zh``, ``label_en`` (always ``<NA>`` here: curated labels are added by ``Report.figures()``),
    ``quote_start``/``quote_end`` (the quote's span), ``relation`` ("from"/"to" for a stated change,
    "range_low"/"range_high" for a range, else ``<NA>``), then any columns ``sections.assign_parts`` adds.

    With ``explain=True`` returns ``(figures, declined)``; ``declined`` has one row per number-like token
    that is not a figure: ``token``, ``start``, ``end``, ``rule`` (why: "date", "year", "ordinal",
    "list_ordinal", "no_unit", …) and ``context`` (the token with up to 10 characters either side).
    Never raises on a ``str``; runs in time linear in ``len(text)``.
    """
    if not isinstance(text, str):
        raise TypeError(f"extract_figures expects text (str), not {type(text).__name__}")
    figures, declined = extract_core(text, explain=explain)
    figures = _assign_parts(figures, text)
    return (figures, declined) if explain else figures


def extract_core(text: str, *, explain: bool = False) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """``extract_figures`` without the section assignment: (figures with ``section``/``theme`` <NA>,
    declined tokens or None unless ``explain``). Exposed for the speed benchmark."""
    t, gloss_map = _strip_glosses(text)
    figs, dec = _scan(t, _TOKEN_RX_EXPLAIN if explain else _TOKEN_RX)
    rel = _link_changes(t, figs)
    if figs:
        value, unit, qual, start, end, mend, _rel = (list(c) for c in zip(*figs, strict=True))
    else:
        value, unit, qual, start, end, mend = [], [], [], [], [], []
    starts = np.asarray(start, dtype=np.int64)
    ends = np.asarray(end, dtype=np.int64)
    unit_ends = np.asarray(mend, dtype=np.int64)
    if gloss_map is not None and len(starts):
        starts, ends = _to_original(starts, ends, gloss_map)
        _, unit_ends = _to_original(unit_ends, unit_ends, gloss_map)
    if len(starts):
        bounds = _boundaries(text)
        if len(bounds):
            i = np.searchsorted(bounds, starts, side="right") - 1
            qs = np.where(i >= 0, bounds[np.maximum(i, 0)] + 1, 0)
            j = np.searchsorted(bounds, ends, side="left")
            qe = np.where(j < len(bounds), bounds[np.minimum(j, len(bounds) - 1)], len(text))
        else:
            qs, qe = np.zeros_like(starts), np.full_like(ends, len(text))
        qs = np.maximum(qs, starts - _MAX_QUOTE_SIDE)
        qe = np.minimum(qe, ends + _MAX_QUOTE_SIDE)
        qs_l, qe_l = qs.tolist(), qe.tolist()
        quotes = [text[a:b] for a, b in zip(qs_l, qe_l, strict=True)]
    else:
        qs_l, qe_l, quotes = [], [], []
    figures = _figures_frame(value, unit, qual, starts, ends, quotes, qs_l, qe_l, rel)
    figures["unit_end"] = unit_ends  # for describe_figures (dropped by extract_figures)
    if not explain:
        return figures, None
    ds = np.asarray([d[0] for d in dec], dtype=np.int64)
    de = np.asarray([d[1] for d in dec], dtype=np.int64)
    if gloss_map is not None and len(ds):
        ds, de = _to_original(ds, de, gloss_map)
    ds_l, de_l = ds.tolist(), de.tolist()
    tokens = [text[a:b] for a, b in zip(ds_l, de_l, strict=True)]
    context = [text[max(0, a - 10):b + 10] for a, b in zip(ds_l, de_l, strict=True)]
    return figures, _declined_frame(tokens, ds_l, de_l, [d[2] for d in dec], context)
