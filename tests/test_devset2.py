"""Accuracy on devset2 (``data/corpus/devset2``: 16 excerpts of other reports, 144 gold figures), scored by
``bench/accuracy.py``: a predicted figure matches a gold figure when its number span lies inside an occurrence
of the gold quote and its value equals the gold value; each gold figure matches at most one prediction;
predictions inside an ``optional`` gold quote count neither way. Unit and qualifier accuracy are over matched
figures.

devset2 was read while the rules for real formatting were written (spaces around numbers, 3市8县, 超8000余人),
so these are development figures, not held-out ones.
"""

from __future__ import annotations

import pytest
from accuracy_scorer import acc

import wxanalysis as wx

DOCS = acc.load_devset2()


def test_devset2_is_complete() -> None:
    assert len(DOCS) == 16
    assert sum(len(d.figures) for d in DOCS) == 144
    assert sum(len(d.optional) for d in DOCS) == 7


def test_devset2_accuracy() -> None:
    """Figure F1 ≥ 0.98 with every matched unit and qualifier right."""
    _per, total = acc.evaluate(DOCS, wx.extract_figures)
    problems = total.misses + total.false_pos + total.wrong
    assert total.f1 >= 0.98, problems
    assert total.unit_ok == total.tp and total.qual_ok == total.tp, problems


@pytest.mark.parametrize(("name", "quote", "value", "unit", "qualifier"), [
    ("03", "受理法律援助案件 537 件", 537, "件", "exact"),
    ("03", "办理 1.3 万件", 13000, "件", "exact"),
    ("03", "提供法律咨询 240 余人次", 240, "人次", "at_least"),
    ("13", "受众超8000余人", 8000, "人", "at_least"),
    ("21", "在3市", 3, "市", "exact"),
    ("19", "约17万村民", 170000, "村民", "about"),
])
def test_real_formatting_in_devset2(name: str, quote: str, value: float, unit: str, qualifier: str) -> None:
    text = next(d.text for d in DOCS if d.name == name)
    at = text.index(quote)
    f = wx.extract_figures(text)
    row = f[(f["start"] >= at) & (f["end"] <= at + len(quote))]
    assert list(zip(row["value"], row["unit"], row["qualifier"], strict=True)) == [(value, unit, qualifier)]
