"""Accuracy on devset2 (``data/corpus/devset2``: 16 excerpts of other reports, 144 gold figures).

A small scorer with the matching rule of ``bench/accuracy.py``: a predicted figure matches a gold figure when
its number span lies inside an occurrence of the gold quote and its value equals the gold value (gold values
are 万/亿-multiplied already); each gold figure matches at most one prediction; predictions inside an
``optional`` gold quote count neither way. Unit and qualifier accuracy are over matched figures.

devset2 was read while the rules for real formatting were written (spaces around numbers, 3市8县, 超8000余人),
so these are development figures, not held-out ones.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import wxanalysis as wx

DEVSET2 = Path(__file__).resolve().parents[1] / "data" / "corpus" / "devset2"


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    unit_ok: int = 0
    qual_ok: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0


def _occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(quote), text)]


def score(name: str, text: str, gold: dict) -> Score:
    """Score ``wx.extract_figures(text)`` against one devset2 gold file."""
    pred = wx.extract_figures(text)
    rows = list(zip(pred["start"], pred["end"], pred["value"], pred["unit"], pred["qualifier"], strict=True))
    used = [False] * len(rows)
    sc = Score()
    for g in gold["figures"]:
        occ = _occurrences(text, g["quote"])
        hit = next((k for k, (s, e, v, _u, _q) in enumerate(rows)
                    if not used[k] and abs(v - g["value"]) <= 1e-9 * max(1.0, abs(g["value"]))
                    and any(a <= s and e <= b for a, b in occ)), None)
        if hit is None:
            sc.fn += 1
            sc.problems.append(f"[{name}] miss {g['value']:g} {g['unit']} in {g['quote']!r}")
            continue
        used[hit] = True
        sc.tp += 1
        _s, _e, _v, u, q = rows[hit]
        sc.unit_ok += u == g["unit"]
        sc.qual_ok += q == g["qualifier"]
        if u != g["unit"] or q != g["qualifier"]:
            sc.problems.append(f"[{name}] {u!r}/{q!r} != {g['unit']!r}/{g['qualifier']!r} in {g['quote']!r}")
    optional = [iv for g in gold["optional"] for iv in _occurrences(text, g["quote"])]
    for k, (s, e, v, u, _q) in enumerate(rows):
        if not used[k] and not any(a <= s and e <= b for a, b in optional):
            sc.fp += 1
            sc.problems.append(f"[{name}] false positive {v:g} {u} in {text[max(0, s - 8):e + 8]!r}")
    return sc


def _docs() -> list[tuple[str, str, dict]]:
    out = []
    for path in sorted((DEVSET2 / "texts").glob("*.txt")):
        text = path.read_text(encoding="utf-8").split("\n", 2)[2]
        gold = json.loads((DEVSET2 / "gold" / f"{path.stem}.json").read_text(encoding="utf-8"))
        out.append((path.stem, text, gold))
    return out


DOCS = _docs()


def test_devset2_is_complete() -> None:
    assert len(DOCS) == 16
    assert sum(len(g["figures"]) for _n, _t, g in DOCS) == 144
    assert sum(len(g["optional"]) for _n, _t, g in DOCS) == 7


def test_devset2_accuracy() -> None:
    """Figure F1 ≥ 0.98 with every matched unit and qualifier right."""
    total = Score()
    for name, text, gold in DOCS:
        sc = score(name, text, gold)
        total.tp += sc.tp
        total.fp += sc.fp
        total.fn += sc.fn
        total.unit_ok += sc.unit_ok
        total.qual_ok += sc.qual_ok
        total.problems += sc.problems
    assert total.f1 >= 0.98, total.problems
    assert total.unit_ok == total.tp and total.qual_ok == total.tp, total.problems


@pytest.mark.parametrize(("name", "quote", "value", "unit", "qualifier"), [
    ("03", "受理法律援助案件 537 件", 537, "件", "exact"),
    ("03", "办理 1.3 万件", 13000, "件", "exact"),
    ("03", "提供法律咨询 240 余人次", 240, "人次", "at_least"),
    ("13", "受众超8000余人", 8000, "人", "at_least"),
    ("21", "在3市", 3, "市", "exact"),
    ("19", "约17万村民", 170000, "村民", "about"),
])
def test_real_formatting_in_devset2(name: str, quote: str, value: float, unit: str, qualifier: str) -> None:
    text = next(t for n, t, _g in DOCS if n == name)
    at = text.index(quote)
    f = wx.extract_figures(text)
    row = f[(f["start"] >= at) & (f["end"] <= at + len(quote))]
    assert list(zip(row["value"], row["unit"], row["qualifier"], strict=True)) == [(value, unit, qualifier)]
