"""Accuracy on the devset (tests/data/devset, a copy of ../shared/devset): the figures reached are held here.

The scorer is ``bench/accuracy.py`` (matching rule in its docstring). The devset was used during
development, so these are not held-out figures; see bench/README.md.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from accuracy_scorer import acc
from test_extract import assert_nothing_dropped

import wxanalysis as wx

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "tests" / "data" / "devset"


DOCS = acc.load_devset()
GOLD_COUNTS = {"01": 15, "02": 11, "03": 13, "04": 6, "05": 5, "06": 4, "07": 13, "08": 7, "09": 6, "10": 18,
               "11": 8, "12": 7}


def test_devset_is_complete() -> None:
    assert {d.name: len(d.figures) for d in DOCS} == GOLD_COUNTS
    assert sum(len(d.optional) for d in DOCS) == 14
    assert (DEVSET / "README.md").is_file()


def test_devset_checker_passes() -> None:
    """The devset's own consistency check: every gold quote is found in its excerpt."""
    res = subprocess.run([sys.executable, str(DEVSET / "check.py")], capture_output=True, text=True,
                         encoding="utf-8", check=False)
    assert res.returncode == 0, res.stdout[-2000:]
    assert "TOTAL figures=113 optional=14 errors=0" in res.stdout


def test_gold_normalisation() -> None:
    assert acc.normalise(57.95, "万件") == (579500.0, "件")
    assert acc.normalise(15, "万人次") == (150000.0, "人次")
    assert acc.normalise(62, "万条") == (620000.0, "条")
    assert acc.normalise(3, "个") == (3.0, "个")


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_devset_file(doc) -> None:
    """Per file: every gold figure found (value + span), no false positive, units and qualifiers right."""
    sc = acc.score_doc(doc, wx.extract_figures(doc.text))
    assert (sc.tp, sc.fp, sc.fn) == (GOLD_COUNTS[doc.name], 0, 0), sc.misses + sc.false_pos
    assert sc.unit_ok == sc.tp and sc.qual_ok == sc.tp, sc.wrong


def test_devset_overall_and_baseline() -> None:
    _per, total = acc.evaluate(DOCS, wx.extract_figures)
    assert (total.tp, total.fp, total.fn) == (113, 0, 0)
    assert total.f1 == 1.0 and total.unit_acc == 1.0 and total.qual_acc == 1.0
    _bper, base = acc.evaluate(DOCS, acc.baseline)
    # the plain regex with a unit list: what the extractor improves on
    assert (base.tp, base.fp, base.fn) == (100, 54, 13)
    assert base.recall < 0.9 and base.precision < 0.7


def test_seed_scored_the_same_way() -> None:
    for script in ("traditional", "simplified"):
        doc = acc.load_seed(script)
        sc = acc.score_doc(doc, wx.extract_figures(doc.text))
        assert (sc.tp, sc.fp, sc.fn, sc.unit_ok, sc.qual_ok) == (42, 0, 0, 42, 42), sc.misses + sc.wrong


@pytest.mark.parametrize("doc", DOCS, ids=[d.name for d in DOCS])
def test_devset_nothing_dropped(doc) -> None:
    assert_nothing_dropped(doc.text)


def test_optional_entries_are_declined_or_found() -> None:
    """Ordinals (第一批, 排名第一, 第六屆) are declined as ordinals; the devset leaves them optional."""
    texts = {d.name: d.text for d in DOCS}
    _f, declined = wx.extract_figures(texts["08"], explain=True)
    ordinals = declined[declined["rule"] == "ordinal"]["token"].tolist()
    assert ordinals == ["六", "一", "八", "四"]  # 第六屆, 第一批, 第八個(五年規劃), 第四批
    gold12 = json.loads((DEVSET / "gold" / "12.json").read_text(encoding="utf-8"))
    assert [o["quote"] for o in gold12["optional"]] == ["压减至3个", "第三批"]
