"""The figure extractor: every figure a 法治政府建设报告 states, with its exact span — for any report text.

``extract_figures(text)`` returns one row per figure (a number with its unit, or a rate), sorted by span;
``extract_figures(text, explain=True)`` also returns every number-like token it did *not* report, with the
rule that declined it, so nothing is silently dropped.

Design (data flows in this order)
--------------------------------
1. ``text.PINYIN_GLOSS_RE``: stray pinyin glosses of a mirror site (``習(xí)近平``, ``300餘(yú)起``) are cut
   out before the scan (tried only at a parenthesis before a lower-case letter) and offsets mapped back
   (the starts, ends and unit ends of the figures in one numpy call), so a gloss between a number and its
   unit changes nothing.
2. ``tokens``: one compiled regular expression finds every number-like token with what follows it, and
   ``tokens.Token`` reads it (values with ``numerals``, the package's one number reader).
3. ``rules``: one ordered table of named predicates declines what is not a figure (the ``rule`` of the
   declined table) and reads the qualifier. Tokens written alike are read alike and, by the rules that
   read only the token, judged alike, and so are Arabic numbers with the same words after them unless a
   rule reads the number (537件 and 12件, not 2019年 and 12年): the scan works that out once per written
   form (caches keyed on the token's text and on the text after its number, see ``_scan``) and per token
   checks only the rules that read the text around it, most of them settled by a glance at the
   characters next to it (their guards; ``_beyond`` when only those past it can hold). A token of a known
   kind is told from its kind at first sight (no reading).
4. here: ranges and stated changes are linked, quotes cut at clause boundaries (found once with numpy), the
   figure's section and heading theme looked up in the outline built once (``sections.locate``), its phrase,
   theme and direction added (``describe.describe_figures``), and one DataFrame built from plain lists with
   the columns and dtypes of ``schema.FIGURE_SCHEMA`` (``schema.frame``: straight from its blocks). Linear
   in the length of the text.

Conventions (decided once, applied everywhere)
----------------------------------------------
* ``value`` is the number as written with ``万``/``亿`` multiplied out, computed with ``Decimal`` then
  converted to float: ``57.95万件`` → 579500.0 unit ``件``; ``两万余人次`` → 20000.0 ``人次`` at_least.
* ``unit`` is as written, in the text's script, without qualifier and multiplier. Compound units stay
  whole when they are units of measure: ``个工作日``, ``个百分点``, ``个月``, ``人次``, ``家次``. A measure word
  before the noun counted stays alone (``三个方面`` → 3 ``个``; the noun is the ``indicator_phrase``), as the
  devset2 annotations have it; a noun used as the measure word is the unit (``10方面`` → ``方面``).
  Percent signs (``%``, ``％``) and ``百分之…`` give ``%``; ``千分之…`` gives ``‰``; other fractions
  (``十分之一``) give value 0.1 and unit ``""``.
* ``start``/``end`` span the number itself: the digits (with decimal point and ``,`` thousands separators),
  or the Chinese numeral. For ``百分之九十五`` and ``十分之一`` the span is the whole written fraction.
* ``qualifier``: ``at_least`` for 余/餘, 多 (before the unit, or inside it: 3个多月), 以上, 超过/超過, 超,
  逾, 至少, 突破, 不少于, 不低于, and 强/強 after a rate or fraction; ``at_most`` for 以内/以內, 以下, 不到,
  不足, 不超过, 少于, 低于, 最多, 前N; ``about`` for 约/約, 近, 将近, 接近, 左右; otherwise ``exact``.
* Real formatting: one space may stand between the number and its 余/multiplier/unit/以上 (``受理法律援助案件
  537 件``, ``1.3 万件``, ``240 余人次``) and before it after a qualifier (``约 300 家``); Chinese-numeral
  decimals are read (三点二亿元 → 3.2e8); multipliers may be compound (3千万元 → 3e7, 5千人 → 5000).
* ``relation``: ``from``/``to`` for a change stated as 由/从 A … 至/到/为 B in one sentence (same unit),
  ``range_low``/``range_high`` for ``3—5个``/``三至五个`` (two rows); otherwise ``<NA>``.
* ``quote`` is the clause stating the figure: the text between the nearest clause boundaries
  ``，,。；;：:！？!?`` or a line break (``、`` is not a boundary), verbatim, cut at 80 characters either
  side of the number (only text without punctuation has longer clauses).
* **Ordinals are declined** (rule ``ordinal``): ``第二批``, ``排名第一``, ``第六届`` are ranks, not amounts;
  so is every number before 届 (terms: ``十九届``, ``三届``), whatever follows.
  The devset marks them optional; we decline them all, consistently.
* **A bare ``一`` before a measure word is declined** (rule ``indefinite_one``): ``一次性``, ``一件事``,
  ``上一年度``, ``一日办结率`` use 一 as an article or in a fixed word; reports write counts of one as ``1个``.
* Not figures (each with its rule in the declined table): dates, years and year ranges, also a range
  whose dash was lost (20212025年) (``date``, ``year``, ``time``), document numbers (``document_number``),
  index/phone/hotline numbers (``phone_or_index``), list ordinals (``list_ordinal``), numbered meetings,
  terms and plans (``meeting_or_plan``: 十九届四中全会, 十一届三次全会, 五年规划), numbered slogans and
  formulas (``slogan_or_formula``: anything in quotation marks written in Chinese numerals, ``六位一体``,
  ``1+4+X``), ``十分`` meaning "very" (``adverb``), 数十/几十/三四个/一两年 (``vague``), a Chinese
  run without a digit (``no_digit``: 千家万户, 上千人; but 千余人, 百余家, 万余件 are figures: 1000, 100,
  10000 at_least), and numbers with no unit (``no_unit``). ``explain=True`` also lists Chinese list
  ordinals (一是, 二、, (三));
  the plain scan skips them (they are never figures), which changes no figure.
* Nouns serve as measure words after digits (在3市8县 → 3 市, 8 县; 约17万村民 → 170000 村民), not after a
  Chinese numeral without a multiplier (两区建设, 三县联动 are not figures).

Known limits: only ``,`` (ASCII) is a thousands separator (``，`` ends a clause); ``X/Y`` is taken for a
date; 翻一番 (doubling) is not a figure.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple, overload

import numpy as np
import pandas as pd
import pyarrow as pa

from .describe import describe_figures
from .errors import ReportTypeError
from .rules import (
    PREFIX_LAST,
    Check,
    Verdict,
    declining_rule,
    in_quotes,
    qualifier,
    verdict,
    words_qualifier,
    written_qualifier,
)
from .schema import DECLINED_COLUMNS, FIGURE_COLUMNS, declined_frame, figures_frame
from .sections import locate
from .text import PINYIN_GLOSS_RE
from .tokens import COMPOUND_HEADS, MORE, SPACES, TOKEN_RX, TOKEN_RX_EXPLAIN, UNITS, Token, arabic_number, multiplier

__all__ = ["DECLINED_COLUMNS", "FIGURE_COLUMNS", "UNITS", "extract_figures"]

_SENTENCE_END = re.compile(r"[。；;！？!?\n]")
_TO_RX = re.compile(r"(?:至|到|为|為)")
_CLAUSE_BOUNDARY = "，,。；;：:！？!?\n\r"
#: A quote extends at most this many characters either side of its number (text without punctuation would
#: otherwise make every quote the whole line, and the output quadratic in size).
MAX_QUOTE_SIDE = 80
_QUOTE_CHUNK = 1 << 16
_QUOTE_SIDES = np.array([[-MAX_QUOTE_SIDE], [MAX_QUOTE_SIDE]], dtype=np.int64)
_SPACES = frozenset(SPACES)


def _boundary_by_low_byte() -> np.ndarray:
    """The clause-boundary characters by the low byte of their code point (no two share one), and no code
    point for the other bytes: a character is a boundary if its code point is the entry of its low byte. A table of
    256 entries stays in the processor's cache, where one indexed by every code point would not."""
    table = np.full(256, 0xFFFFFFFF, dtype=np.uint32)  # no code point
    for ch in _CLAUSE_BOUNDARY:
        assert table[ord(ch) & 0xFF] == 0xFFFFFFFF, ch
        table[ord(ch) & 0xFF] = ord(ch)
    return table


_BOUNDARY_BY_LOW_BYTE = _boundary_by_low_byte()


def _boundaries(text: str) -> np.ndarray:
    """Positions of clause-boundary characters in ``text``, plus one (sorted int64 array), with 0 before them
    and ``len(text) + 1`` after them: those of ``"\\n" + text + "\\n"``, whose line breaks stand for the
    text's ends (a copy of the text costs less than numpy calls to add them)."""
    codes = np.frombuffer(("\n" + text + "\n").encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return (_BOUNDARY_BY_LOW_BYTE.take(codes & np.uint32(0xFF)) == codes).nonzero()[0]


def _positions(text: str, chars: str) -> list[int]:
    """The positions of ``chars`` in ``text``, in order (found with ``str.find``: far quicker than a regex
    scanning every character, for rare characters)."""
    out = []
    for c in chars:
        i = text.find(c)
        while i >= 0:
            out.append(i)
            i = text.find(c, i + 1)
    out.sort()
    return out


def _gloss_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``text``'s pinyin glosses (``PINYIN_GLOSS_RE``), in order. A gloss opens with a
    parenthesis and holds no other, so it is tried at each parenthesis only (``_positions``) that a lower-case
    letter follows (every pinyin syllable starts with one: most parentheses are passed over at the cost of
    a string index instead of a regex match)."""
    spans = []
    for i in _positions(text, "(（"):
        if text[i + 1:i + 2].islower():
            m = PINYIN_GLOSS_RE.match(text, i)
            if m is not None:
                spans.append(m.span())
    return spans


class _GlossMap(NamedTuple):
    """How to map offsets of the gloss-stripped text back to the original (see ``_to_original``): the
    stripped-text positions at which glosses were cut out (``where``, in order), and ``shift[k]``, the total
    length cut out before the position ``where[k]`` (``shift[0]`` is 0; one more entry than ``where``)."""

    where: np.ndarray
    shift: np.ndarray


def _strip_glosses(text: str) -> tuple[str, _GlossMap | None]:
    """``text`` without pinyin glosses, and how to map offsets back (None: nothing stripped). Worked out
    with plain ints: a document has a few glosses at most, too few for numpy's fixed cost per call."""
    spans = _gloss_spans(text)
    if not spans:
        return text, None
    where, shift, pieces = [], [0], []
    kept = removed = 0
    for a, b in spans:
        pieces.append(text[kept:a])
        where.append(a - removed)
        removed += b - a
        shift.append(removed)
        kept = b
    pieces.append(text[kept:])
    return "".join(pieces), _GlossMap(np.array(where, dtype=np.int64), np.array(shift, dtype=np.int64))


def _to_original_all(gloss_map: _GlossMap | None, starts: list[int], *ends: list[int]) -> list[list[int]]:
    """Map spans of the gloss-stripped text back to the original text: ``[starts, *ends]`` (each end
    exclusive, so its last character is mapped), all in one array, so that numpy's fixed costs are paid
    once (a position moves by the length cut out at or before it)."""
    if gloss_map is None or not starts:
        return [starts, *ends]
    pos = np.array((starts, *ends), dtype=np.int64)
    pos[1:] -= 1
    pos += gloss_map.shift[gloss_map.where.searchsorted(pos, "right")]
    pos[1:] += 1
    return pos.tolist()


def _to_original(starts: list[int], ends: list[int], gloss_map: _GlossMap | None) -> tuple[list[int], list[int]]:
    """Map spans of the gloss-stripped text back to the original text (end stays exclusive)."""
    starts, ends = _to_original_all(gloss_map, starts, ends)
    return starts, ends


class _Rows:
    """The figures found, one plain list per field (gloss-stripped coordinates), from the scan's rows
    ``(value, unit, qualifier, start, end, mend, relation)``."""

    __slots__ = ("value", "unit", "qual", "start", "end", "mend", "rel")

    def __init__(self, rows: list[tuple[float, str, str, int, int, int, str | None]]) -> None:
        cols = [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in range(7)]
        self.value, self.unit, self.qual, self.start, self.end, self.mend, self.rel = cols


class _Form(NamedTuple):
    """What the scan knows of every token written alike, worked out once (see ``_scan``).

    Written alike: the same text matched by ``TOKEN_RX`` (the same groups, and so the same reading, unless
    ``Token.read_by_context``). ``rule``: its ``rules.Verdict``'s rule (the number is ``width`` characters
    long; a declined token spans ``declined_after`` more: its multiplier); the figure it is if no rule
    declines it: its ``unit``, the qualifier it writes (``qual``; None: the words before it decide), its
    ``value`` (None for a range: ``rows``, each value, start and end relative to the token's start,
    relation). What to look at around each token: ``watch``, the characters before it that need a closer
    look (spaces, the Verdict's ``before``, the last characters of qualifier words if the words before it
    decide); ``beyond``, whether a guard looks past the token (the Verdict's ``after``, ``then`` for the
    character ``then_after`` characters after the number, ``quoted``); ``checks``, the Verdict's; and
    ``next_not``, the characters that may not follow the token (3个多月 runs into a compound unit).

    A kind is the form shared by the tokens with a ``tokens.arabic_number`` and the same text after it
    (537件 and 12件), when their Verdict does not depend on the number: its ``width`` is 0 and a token's
    value is its number times ``factor`` (``_numbered``)."""

    rule: str | None
    width: int
    declined_after: int
    watch: frozenset[str]
    beyond: bool
    checks: _Checks | None
    next_not: frozenset[str]
    unit: str | None
    qual: str | None
    value: float | None
    factor: int
    rows: tuple[tuple[float, int, int, str | None], ...]


#: What ``_around`` says of a token when a rule that reads the text around it may hold, but which one
#: needs reading it into a ``Token``.
_READ_IT = ""


class _Checks(NamedTuple):
    """The rules that read the text around the tokens of a ``_Form`` (``rules.Verdict.checks``), and their
    guards all together: ``before``, and what they look at past the token, ``after`` and ``then`` (the
    character ``then_after`` characters after the number), none of them settled by the token itself, and
    ``quoted``.

    What ``_around`` needs, worked out once: by each character that may stand right before the number
    (``before_hit``), right after it (``after_hit``) or ``then_after`` characters after it (``then_hit``),
    the first of ``rules`` whose guard holds for it (its index and what ``_around`` says of it); and the
    first quoted rule (index, name; the index is ``len(rules)`` if there is none)."""

    rules: tuple[Check, ...]
    before: frozenset[str]
    after: frozenset[str]
    then: frozenset[str]
    then_after: int
    quoted: bool
    before_hit: dict[str, tuple[int, str]]
    after_hit: dict[str, tuple[int, str]]
    then_hit: dict[str, tuple[int, str]]
    quoted_at: int
    quoted_name: str | None


def _checks(rules: tuple[Check, ...], before: frozenset[str], after: frozenset[str], then: frozenset[str],
            then_after: int, quoted: bool) -> _Checks:
    """The ``_Checks`` of ``rules`` (``after``/``then`` empty: settled by the token, no guard of theirs holds)."""
    before_hit: dict[str, tuple[int, str]] = {}
    after_hit: dict[str, tuple[int, str]] = {}
    then_hit: dict[str, tuple[int, str]] = {}
    for i, c in enumerate(rules):
        said = c.name if c.exact else _READ_IT
        for ch in c.before:
            before_hit.setdefault(ch, (i, said))
        for ch in c.after if after else ():
            after_hit.setdefault(ch, (i, said))
        for ch in c.then if then else ():
            then_hit.setdefault(ch, (i, said))
    quoted_at = next((i for i, c in enumerate(rules) if c.quoted), len(rules))
    return _Checks(rules, before, after, then, then_after, quoted, before_hit, after_hit, then_hit, quoted_at,
                   rules[quoted_at].name if quoted_at < len(rules) else None)


def _around(t: str, s: int, e: int, checks: _Checks | None, words: bool) -> tuple[str | None, str]:
    """What the text around the token of ``t`` whose number is ``t[s:e]`` says: the rule among ``checks``
    that declines it (None if none does; ``_READ_IT`` if that takes reading it), and, if ``words``, the
    qualifier of the words before it ("exact" if none)."""
    p = s - 1
    while p >= 0 and t[p] in SPACES:
        p -= 1
    prev = t[p] if p >= 0 else ""  # Token.prev
    said = words_qualifier(t[max(0, p - 2):p + 1]) if words and prev in PREFIX_LAST else "exact"
    if checks is None:
        return None, said
    return _beyond(t, s, e, checks, checks.before_hit.get(prev)), said


def _beyond(t: str, s: int, e: int, checks: _Checks, hit: tuple[int, str] | None = None) -> str | None:
    """The rule among ``checks`` that declines the token of ``t`` whose number is ``t[s:e]`` (``_around``'s),
    of the rules whose guard before it holds, the first (``hit``: its index and what it says; None: none
    holds, as for a token with nothing to watch before it, ``_Form.watch``). The first rule whose guard
    past it holds is looked up by the characters it looks at (``_Checks.after_hit``, ``then_hit``); a
    quoted rule before them all holds if the token is in quotation marks."""
    n = len(t)
    if e < n:
        after_hit = checks.after_hit.get(t[e])
        if after_hit is not None and (hit is None or after_hit[0] < hit[0]):
            hit = after_hit
    j = e + checks.then_after
    if j < n:
        then_hit = checks.then_hit.get(t[j])
        if then_hit is not None and (hit is None or then_hit[0] < hit[0]):
            hit = then_hit
    if checks.quoted_at < (hit[0] if hit is not None else len(checks.rules)) and in_quotes(t, s, e):
        return checks.quoted_name
    return hit[1] if hit is not None else None


_NONE: frozenset[str] = frozenset()
_MORE = frozenset(MORE)
#: Forms whose every token is read into a ``Token`` and goes through the rule table (a rule without a
#: neighbour guard reads the text around it); with ``explain=False``, forms always declined; and kinds
#: whose tokens are known by their whole text only (the number matters).
_READ = _Form(None, 0, 0, _NONE, False, None, _NONE, None, None, None, 0, ())
_DECLINED = _Form(None, 0, 0, _NONE, False, None, _NONE, None, None, None, 0, ())
_BY_TEXT = _Form(None, 0, 0, _NONE, False, None, _NONE, None, None, None, 0, ())
#: The forms learnt so far, without and with ``explain``, by the text of a token, and the kinds, by the text
#: after the number (caches keyed on small tokens, cleared when full).
_FORMS: tuple[dict[str, _Form], dict[str, _Form]] = ({}, {})
_KINDS: tuple[dict[str, _Form], dict[str, _Form]] = ({}, {})
_MAX_FORMS = 1 << 12
#: The groups of ``TOKEN_RX`` ``_learn`` reads, by number (the same in both token regexes).
_NUM, _TAIL = TOKEN_RX.groupindex["num"], TOKEN_RX.groupindex["tail"]
assert TOKEN_RX_EXPLAIN.groupindex == TOKEN_RX.groupindex
#: ``tuple.__new__``: a ``_Form`` from a tuple of its fields, without ``_make``'s Python-level checks.
_new_tuple = tuple.__new__


def _learn(t: str, m: re.Match[str], explain: bool) -> _Form:
    """The ``_Form`` of the token ``m``, remembered for the tokens written alike unless reading it looked at
    the text around it (``Token.read_by_context``): from its kind if that is known, else from its reading
    (and its kind is learnt on the way)."""
    num, tail = m.group(_NUM, _TAIL)
    number = arabic_number(num)
    kind = _KINDS[explain].get(tail) if number is not None else _BY_TEXT
    if kind is not None and kind is not _BY_TEXT:  # most new tokens of a text: cheap, no reading
        forms = _FORMS[explain]
        if len(forms) >= _MAX_FORMS:
            forms.clear()
        form = forms[m[0]] = _numbered(kind, num, number)
        return form
    k = Token(t, m)
    if k.read_by_context(m):
        return _READ
    v = verdict(k)
    if kind is None:
        if v.number_matters and (explain or not v.declined_anyway):
            _remember(_KINDS[explain], tail, _BY_TEXT)
        else:
            kind = _remember(_KINDS[explain], tail, _form(k, m, v, explain, kind=True))
            return _remember(_FORMS[explain], m[0], _numbered(kind, num, number))
    return _remember(_FORMS[explain], m[0], _form(k, m, v, explain, kind=False))


def _remember(cache: dict[str, _Form], key: str, form: _Form) -> _Form:
    if len(cache) >= _MAX_FORMS:
        cache.clear()
    cache[key] = form
    return form


def _numbered(kind: _Form, num: str, number: int | Decimal) -> _Form:
    """The form of the token of ``kind`` whose number is ``num`` (of value ``number``)."""
    if kind is _READ or kind is _DECLINED:
        return kind
    rule, _width, declined_after, watch, beyond, checks, next_not, unit, qual, value, factor, rows = kind
    if rule is None:
        value = float(number * factor)
    return _new_tuple(_Form, (rule, len(num), declined_after, watch, beyond, checks, next_not, unit, qual, value,
                              factor, rows))


def _form(k: Token, m: re.Match[str], v: Verdict, explain: bool, kind: bool) -> _Form:
    """The ``_Form`` of the tokens written like ``k`` (``m``, its match; ``kind``: but for its number), of
    ``Verdict`` ``v``."""
    next_not = _MORE if k.unit in COMPOUND_HEADS and not k.post else _NONE
    s, e, end = k.s, k.e, m.end()
    width = 0 if kind else e - s
    if v.rule is not None and not explain:
        # declined, whatever the rules that read the text around it say (if it is read as written)
        return _Form(v.rule, width, k.de - e, _NONE, False, None, next_not, None, None, None, 0, ()) if next_not \
            else _DECLINED
    text, ue = m[0], k.ue
    if v.unguarded or (e < end and text[e - s] in v.after) or (ue < end and text[ue - s] in v.then):
        return _READ  # a rule without guard, or a guard that holds for every token written alike
    # the guards on a character inside the token were settled just now
    after = v.after if e >= end else _NONE
    then = v.then if ue >= end else _NONE
    checks = _checks(v.checks, v.before, after, then, ue - e, v.quoted) if v.checks else None
    beyond = bool(after or then or v.quoted)
    figure = _figure(k) if v.rule is None else v.rule
    if isinstance(figure, str):  # declined by a rule, or out of range (after every rule of the table)
        return _Form(figure, width, k.de - e, _watch(v.before, False), beyond, checks, next_not, None, None, None, 0,
                     ())
    unit, rows = figure
    qual = written_qualifier(k, unit)
    watch = _watch(v.before, qual is None)
    return _Form(None, width, k.de - e, watch, beyond, checks, next_not, unit, qual,
                 rows[0][0] if len(rows) == 1 and not kind else None, multiplier(k.mult) if k.mult else 1, rows)


@lru_cache(maxsize=256)
def _watch(before: frozenset[str], words: bool) -> frozenset[str]:
    """``_Form.watch``: spaces, ``before``, and the last characters of qualifier words if ``words``."""
    return before | _SPACES | (PREFIX_LAST if words else _NONE)


def _scan(t: str, explain: bool) -> tuple[_Rows, list[tuple[int, int, str]]]:
    """Find, read and classify every number-like token of ``t``: (figure rows, declined (start, end, rule);
    the declined tokens are listed with ``explain`` only).

    Tokens written alike are read alike, and the rules that read only the token (``token_only``) say the
    same of them; so do they of tokens whose Arabic number alone differs, unless a rule reads the number
    (537件 and 12件, not 2019年 and 12年). That is worked out once per written form (``_learn``, with
    ``rules.verdict``), and for each token only the rules that read the text around it are left, which
    their guards settle in most cases (no 第 before 537件, no + after it: a figure; 第 before it: an
    ordinal). A token the guards do not settle is read into a ``Token`` and goes through the whole table."""
    rows: list[tuple[float, str, str, int, int, int, str | None]] = []
    declined: list[tuple[int, int, str]] = []
    add, decline = rows.append, declined.append
    forms, read, declined_form = _FORMS[explain], _READ, _DECLINED
    for m in (TOKEN_RX_EXPLAIN if explain else TOKEN_RX).finditer(t):
        f = forms.get(m[0]) or _learn(t, m, explain)
        if f is declined_form:
            continue
        if f is not read:
            rule, width, declined_after, watch, beyond, checks, next_not, unit, qual, value, _factor, more_rows = f
            s, mend = m.span()
            e = s + width
            said = "exact"  # the qualifier of the words before the number
            if s and t[s - 1] in watch:
                heard, said = _around(t, s, e, checks, qual is None)
                if heard is not None:
                    rule = heard  # _READ_IT, or the rule that declines it
            elif beyond:
                heard = _beyond(t, s, e, checks)
                if heard is not None:
                    rule = heard
            if rule != _READ_IT and not (next_not and mend < len(t) and t[mend] in next_not):
                if rule is not None:
                    decline((s, e + declined_after, rule))
                elif value is not None:
                    add((value, unit, qual or said, s, e, mend, None))
                else:
                    for value, a, z, rel in more_rows:
                        add((value, unit, qual or said, s + a, s + z, mend, rel))
                continue
        k = Token(t, m)
        rule = declining_rule(k) or _add_figure(k, add)
        if rule is not None:
            decline((k.s, k.de, rule))
    return _Rows(rows), declined if explain else []


def _figure(k: Token) -> tuple[str, tuple[tuple[float, int, int, str | None], ...]] | str:
    """``k``'s figure: its unit and rows (value, start and end relative to the token's start, relation: two
    rows for a range); the rule name if its value is out of range instead."""
    n = len(k.num)
    if k.fraction:
        fv = float(k.value)
        if not math.isfinite(fv):
            return "out_of_range"
        return k.unit, ((fv, 0, n, None),)
    unit = "%" if k.unit == "％" else k.unit
    value, high = k.value, k.high
    if k.mult:
        factor = multiplier(k.mult)
        value = value * factor
        if high is not None:
            high = high * factor
    if k.high_txt is None:
        fv = float(value)
        if fv == math.inf:
            return "out_of_range"
        return unit, ((fv, 0, n, None),)
    flo, fhi = float(value), float(high)
    if flo == math.inf or fhi == math.inf:
        return "out_of_range"
    return unit, ((flo, 0, len(k.low), "range_low"), (fhi, n - len(k.high_txt), n, "range_high"))


def _add_figure(k: Token, add) -> str | None:
    """Add ``k``'s row (two for a range) with ``add``; the rule name if its value is out of range instead."""
    figure = _figure(k)
    if isinstance(figure, str):
        return figure
    unit, rows = figure
    qual = qualifier(k, unit)
    for value, a, z, rel in rows:
        add((value, unit, qual, k.s + a, k.s + z, k.mend, rel))
    return None


def _link_changes(t: str, rows: _Rows) -> list[str | None]:
    """Relations of the rows: their own (ranges), plus "from"/"to" for a change 由/从 A … 至/到/为 B: A is the
    first figure after the marker (within 40 characters), B the next one (within 40 characters of A, with a
    至/到/为 between them), all in one sentence, with the same unit (or one unit a prefix of the other)."""
    rel = list(rows.rel)
    starts, mends, units = rows.start, rows.mend, rows.unit
    if len(starts) < 2:
        return rel
    last = len(starts) - 1
    for p in _positions(t, "由从從"):
        p += 1
        i = bisect_left(starts, p)
        if i >= last:
            break
        j = i + 1
        if starts[i] - p > 40 or starts[j] - mends[i] > 40 or rel[i] is not None or rel[j] is not None:
            continue
        ua, ub = units[i], units[j]
        if not ua or not ub or not (ua.startswith(ub) or ub.startswith(ua)):
            continue
        if _SENTENCE_END.search(t, p, starts[j]):
            continue
        if _TO_RX.search(t, mends[i], starts[j]):
            rel[i] = "from"
            rel[j] = "to"
    return rel


def _quotes(text: str, starts: list[int], ends: list[int]) -> tuple[np.ndarray, np.ndarray, pa.ChunkedArray]:
    """The clause around each number: (quote_start, quote_end, quote), at most ``MAX_QUOTE_SIDE`` characters
    either side of the number. The quotes go to Arrow a chunk at a time, so that text dense with figures
    never holds them all as Python strings."""
    if not starts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, pa.chunked_array([], type=pa.large_string())
    span = np.array((starts, ends), dtype=np.int64)
    bounds = _boundaries(text)  # in text positions plus one
    at = bounds.searchsorted(span, "right")
    at[0] -= 1
    # the last boundary before the number, plus one; the first at or after its end, plus one: in text
    # positions, the quote's start, and its end plus one
    quote = bounds[at]
    quote[1] -= 1
    span += _QUOTE_SIDES
    np.maximum(quote[0], span[0], out=quote[0])
    np.minimum(quote[1], span[1], out=quote[1])
    qs, qe = quote
    qsl, qel = quote.tolist()
    chunks = [pa.array([text[a:b] for a, b in zip(qsl[i:i + _QUOTE_CHUNK], qel[i:i + _QUOTE_CHUNK], strict=True)],
                       type=pa.large_string())
              for i in range(0, len(qsl), _QUOTE_CHUNK)]
    return qs, qe, pa.chunked_array(chunks, type=pa.large_string())


@overload
def extract_figures(text: str) -> pd.DataFrame: ...
@overload
def extract_figures(text: str, *, explain: bool) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]: ...


def extract_figures(text: str, *, explain: bool = False) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Every figure stated in ``text``, one row each, sorted by (start, end).

    Columns (``schema.FIGURE_SCHEMA``; see the module docstring for the conventions): ``value`` (float64,
    万/亿 multiplied out), ``unit`` (as written, in the text's script; ``%`` for rates), ``qualifier``
    ("exact", "at_least", "at_most", "about"), ``start``/``end`` (int64 ``str`` offsets of the number itself,
    end exclusive, so ``text[start:end]`` is the number as written), ``quote`` (the clause stating it,
    verbatim), ``section`` (Int64), ``theme`` (``describe.describe_figures`` from the figure's clause and its
    heading; ``<NA>`` where it cannot tell), ``indicator``, ``label_zh``, ``label_en`` (always ``<NA>`` here:
    curated labels are added by ``Report.figures()``), ``indicator_phrase``, ``phrase_start``,
    ``phrase_end``, ``direction`` (from ``describe.describe_figures``), ``quote_start``/``quote_end`` (the
    quote's span), ``relation`` ("from"/"to" for a stated change, "range_low"/"range_high" for a range, else
    ``<NA>``), then ``part`` (the kind of part of the report the figure sits in).

    With ``explain=True`` returns ``(figures, declined)``; ``declined`` has one row per number-like token
    that is not a figure: ``token``, ``start``, ``end``, ``rule`` (the name of the rule of ``rules.RULES``
    that declined it: "date", "year", "ordinal", "list_ordinal", "no_unit", …) and ``context`` (the token
    with up to 10 characters either side). Never raises on a ``str``; runs in time linear in ``len(text)``.
    """
    if not isinstance(text, str):
        raise ReportTypeError(f"extract_figures expects text (str), not {type(text).__name__}")
    t, gloss_map = _strip_glosses(text)
    rows, declined = _scan(t, explain)
    relation = _link_changes(t, rows)
    starts, ends, unit_ends = _to_original_all(gloss_map, rows.start, rows.end, rows.mend)
    qs, qe, quotes = _quotes(text, starts, ends)
    sections, heading_themes, parts = locate(text, starts)
    phrase, phrase_start, phrase_end, theme, direction = describe_figures(
        text, starts, ends, rows.unit, unit_ends, relation, heading_themes)
    figures = figures_frame({
        "value": rows.value, "unit": rows.unit, "qualifier": rows.qual, "start": starts, "end": ends,
        "quote": quotes, "section": sections, "theme": theme, "indicator_phrase": phrase,
        "phrase_start": phrase_start, "phrase_end": phrase_end, "direction": direction,
        "quote_start": qs, "quote_end": qe, "relation": relation, "part": parts,
    }, len(starts))
    if not explain:
        return figures
    ds, de, rule = (list(c) for c in zip(*declined, strict=True)) if declined else ([], [], [])
    ds, de = _to_original_all(gloss_map, ds, de)
    return figures, declined_frame({
        "token": [text[a:b] for a, b in zip(ds, de, strict=True)], "start": ds, "end": de, "rule": rule,
        "context": [text[max(0, a - 10):b + 10] for a, b in zip(ds, de, strict=True)],
    }, len(ds))
