"""The package's one reader of numbers: Arabic (half- and full-width) and Chinese numerals to ``Decimal``.

Used by the extractor (figures), the outline (heading numbers 一、 (二)), the formulas (四办, 三重一大) and the
quality checks (一是, 二是). Exact arithmetic (``Decimal``) so that ``57.95万`` is ``579500`` and not
``579499.99999999994``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

#: Chinese numeral characters the extractor recognises (digits and place/scale characters).
CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
             "八": 8, "九": 9}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
CN_CHARS = "".join(CN_DIGITS) + "".join(CN_SMALL) + "".join(CN_BIG)
#: Decimal points of Chinese numerals (三点二 = 3.2).
CN_POINT = "点點"
#: The numerals of list items and headings, in order (一是, 二是 …; 一、 … 十、).
CN_ORDER = "一二三四五六七八九十"

#: Multipliers written after an Arabic number (57.95万, 3.2亿).
SCALE = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}

_FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")


def arabic_value(s: str) -> Decimal | None:
    """Value of an Arabic number as written: half- or full-width digits, ``,`` thousands separators, one
    decimal point (``.`` or ``．``). ``None`` if it is not a plain number (e.g. two decimal points)."""
    t = s.translate(_FULLWIDTH).replace(",", "")
    if t.count(".") > 1:
        return None
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


def chinese_value(s: str) -> Decimal | None:
    """Value of a Chinese numeral: positional (``一百零五`` → 105, ``两万`` → 20000, ``十一`` → 11),
    digit-by-digit (``二〇一九`` → 2019) or with a decimal point (``三点二`` → 3.2, ``零点五`` → 0.5).
    ``None`` for a run with no digit at all (``万``) or that is not a numeral."""
    if not s:
        return None
    for point in CN_POINT:
        if point in s:
            whole, _, frac = s.partition(point)
            head = chinese_value(whole)
            if head is None or not frac or any(c not in CN_DIGITS for c in frac):
                return None
            return head + Decimal("0." + "".join(str(CN_DIGITS[c]) for c in frac))
    if len(s) > 1 and all(c in CN_DIGITS for c in s):
        return Decimal("".join(str(CN_DIGITS[c]) for c in s))
    total = 0
    section = 0
    number = 0
    seen = False
    for c in s:
        if c in CN_DIGITS:
            number = CN_DIGITS[c]
            seen = True
        elif c in CN_SMALL:
            if number == 0:  # 十一 = 11, 百分之… = 100
                number = 1
            section += number * CN_SMALL[c]
            number = 0
            seen = True
        elif c in CN_BIG:
            big = CN_BIG[c]
            if big == 10**8:
                total = (total + section + number) * big
            else:
                total += (section + number) * big
            section = number = 0
        else:
            return None
    if not seen:
        return None
    return Decimal(total + section + number)


def chinese_int(s: str) -> int | None:
    """Value of a whole Chinese numeral as an ``int`` (``十二`` → 12, ``两`` → 2), or ``None``."""
    v = chinese_value(s)
    return int(v) if v is not None and v == v.to_integral_value() else None


def fraction_value(s: str) -> tuple[Decimal, Decimal] | None:
    """``(denominator, numerator)`` of ``X分之Y`` (``百分之九十五`` → (100, 95), ``十分之一`` → (10, 1))."""
    den_s, _, num_s = s.partition("分之")
    den = chinese_value(den_s) if den_s else None
    num = chinese_value(num_s)
    if num is None:
        num = arabic_value(num_s)
    if den is None or num is None or den == 0:
        return None
    return den, num
