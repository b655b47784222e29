"""report.quality(): the source's own defects, found by rule where a rule can see them."""

from __future__ import annotations

import wxanalysis as wx
from wxanalysis.quality import find_defects


def _kinds(q):
    return {(r.kind, r.excerpt) for r in q.itertuples()}


def test_defects_of_the_report(report):
    q = report.quality()
    assert list(q.columns[:5]) == ["kind", "start", "end", "excerpt", "note"]
    for r in q.itertuples():
        assert report.text[r.start:r.end] == r.excerpt
        assert r.note
    heads = q[q["kind"] == "missing_heading_numeral"]
    assert len(heads) == 5
    assert (heads["found_by"] == "rule").all()
    assert list(heads["start"]) == list(report.sections["start"].iloc[1:6])


def test_defects_named_in_the_issue(trad):
    got = _kinds(trad.quality())
    assert ("lacuna", "各和定期調度推進機制") in got
    assert ("missing_character", "我法治政府建設") in got
    assert ("missing_character", "我將以貫徹習近") in got
    assert ("missing_character", "點做好三個方面") in got
    mixed = {e for k, e in got if k == "mixed_script"}
    assert mixed == {"发布机构:司法局", "字体:[", "体裁分类:事前公开", "主题分类:其他", "文号:威政呈〔2020〕1号"}
    glued = {e for k, e in got if k == "missing_punctuation"}
    assert glued == {"化一是", "制四是", "紛一是", "高三是", "感三是"}


def test_simplified_view_keeps_the_mixed_script_finding(trad, simp):
    a, b = trad.quality(), simp.quality()
    assert list(a["kind"]) == list(b["kind"])
    assert list(a["start"]) == list(b["start"])


def test_rules_find_the_same_damage_elsewhere(tmp_path):
    text = ("某县2020年度法治政府建设情况报告\n"
            "一、深化改革,优化服务。推进放管服改革,办理事项12项。\n"
            "、严格执法,规范行为。开展执法检查3次化解纠纷一是加强调解;二是加强复议。\n"
            "2020年,我法治政府建设取得成效,但仍有差距。\n")
    p = tmp_path / "other.txt"
    p.write_text(text, encoding="utf-8")
    q = find_defects(wx.load_report(p))
    kinds = list(q["kind"])
    assert kinds.count("missing_heading_numeral") == 1
    assert "missing_character" in kinds and "missing_punctuation" in kinds
    assert "lacuna" not in kinds  # reviewed findings belong to the bundled report only


def test_clean_text_has_no_defects(tmp_path):
    p = tmp_path / "clean.txt"
    p.write_text("某县2020年度法治政府建设情况报告\n一、深化改革,优化服务。我县办理事项12项。\n", encoding="utf-8")
    assert find_defects(wx.load_report(p)).empty
