"""Numbered policy formulas (提法) with the count they name and their members."""

from __future__ import annotations

import pytest

from wxanalysis.formulas import find_formulas

EXPECTED = {
    # formula (simplified): (count, members (simplified))
    "四办": (4, ["承诺办", "网上办", "就近办", "全程代办"]),
    "两不见面": (2, ["不与群众见面", "不与多职能部门见面"]),
    "三线并联": (3, ["企业承诺", "用地审批", "规划设计"]),
    "一窗受理": (1, []),
    "一流程、两机制": (3, []),
    "六位一体": (6, ["县级领导", "责任单位一把手", "政法干警", "金融机构", "首席代办员", "全职代办员"]),
    "四位一体": (4, ["人民调解", "行政调解", "司法调解", "社会组织调解"]),
    "三重一大": (4, []),
    "七五": (7, []),
}


def test_formulas_of_the_report(simp):
    f = simp.formulas()
    assert list(f.columns[:5]) == ["formula", "count", "members", "start", "end"]
    assert str(f["count"].dtype) == "Int64"
    got = {r.formula: (r.count, r.members) for r in f.itertuples()}
    assert got == EXPECTED
    for r in f.itertuples():
        assert simp.text[r.start:r.end] == r.formula
        for m in r.members:
            assert m in simp.text


def test_formulas_in_traditional_script(trad):
    f = trad.formulas().set_index("formula")
    assert f.loc["四辦", "members"] == ["承諾辦", "網上辦", "就近辦", "全程代辦"]
    assert f.loc["三線並聯", "count"] == 3
    assert f.loc["七五", "kind"] == "plan_ordinal"
    assert f.loc["兩不見面", "occurrences"] == 2


@pytest.mark.parametrize(
    ("text", "formula", "count", "members"),
    [
        ("推行“三证合一”改革,实现企业登记便利。", "三证合一", 3, []),
        ("坚持“十四五”规划引领。", "十四五", 14, []),
        ("建立公安、检察、法院三线并联机制。", "三线并联", 3, ["公安", "检察", "法院"]),
    ],
)
def test_formulas_elsewhere(text, formula, count, members):
    f = find_formulas(text).set_index("formula")
    assert f.loc[formula, "count"] == count
    assert f.loc[formula, "members"] == members


def test_list_ordinals_and_words_are_not_formulas():
    f = find_formulas("一是“一把手”带头;二是加强学习。")
    assert f.empty
