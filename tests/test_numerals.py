"""The package's one number reader (``wxanalysis.numerals``) and who uses it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from wxanalysis import formulas, numerals, quality, sections, tokens
from wxanalysis.numerals import arabic_value, chinese_int, chinese_value, fraction_value


@pytest.mark.parametrize(("text", "value"), [
    ("一百零五", 105), ("两万", 20000), ("十一", 11), ("二〇一九", 2019), ("三十", 30), ("兩萬", 20000),
    ("一亿二千万", 120000000), ("三点二", Decimal("3.2")), ("零点五", Decimal("0.5")), ("十二點七五", Decimal("12.75")),
    ("万", None), ("三点", None), ("点五", None), ("三点十", None), ("", None), ("abc", None),
])
def test_chinese_value(text: str, value) -> None:
    assert chinese_value(text) == (None if value is None else Decimal(value))


def test_chinese_int() -> None:
    assert [chinese_int(s) for s in ("一", "九", "十", "十二", "二十", "九十九", "两")] == [1, 9, 10, 12, 20, 99, 2]
    assert chinese_int("三点五") is None and chinese_int("万") is None


def test_arabic_and_fraction_values() -> None:
    assert arabic_value("57.95") == Decimal("57.95") and arabic_value("１２３") == 123
    assert arabic_value("1,234") == 1234 and arabic_value("1.2.3") is None
    assert fraction_value("百分之九十五") == (100, 95) and fraction_value("三分之一") == (3, 1)
    assert fraction_value("零分之一") is None


def test_one_reader_everywhere() -> None:
    """Headings, formulas and the quality checks read numerals with the same function as the extractor."""
    assert sections.chinese_int is numerals.chinese_int
    assert formulas.chinese_int is numerals.chinese_int
    assert quality.chinese_int is numerals.chinese_int
    assert tokens.chinese_value is numerals.chinese_value
    for name in ("_VAL", "_numeral", "_DIGITS", "chinese_to_int"):
        for mod in (sections, formulas, quality):
            assert not hasattr(mod, name), (mod.__name__, name)
