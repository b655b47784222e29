"""report.quality(): the source's own defects, found by rule where a rule can see them."""

from __future__ import annotations

import csv

import pytest

import wxanalysis as wx
from wxanalysis.conversion import conversion_errors
from wxanalysis.quality import find_defects
from wxanalysis.text import convert_script


def _defects(report: wx.Report):
    return find_defects(report.text, report.script, source_text=report.source_text,
                        source_script=report.source_script, sha256=report.sha256)


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
    q = _defects(wx.load_report(p))
    kinds = list(q["kind"])
    assert kinds.count("missing_heading_numeral") == 1
    assert "missing_character" in kinds and "missing_punctuation" in kinds
    assert "lacuna" not in kinds  # reviewed findings belong to the bundled report only


def test_clean_text_has_no_defects(tmp_path):
    p = tmp_path / "clean.txt"
    p.write_text("某县2020年度法治政府建设情况报告\n一、深化改革,优化服务。我县办理事项12项。\n", encoding="utf-8")
    assert _defects(wx.load_report(p)).empty


def test_find_defects_takes_plain_values(trad):
    assert _defects(trad).equals(trad.quality())
    plain = find_defects(trad.text, "traditional")  # no source text: the text is the source
    assert set(plain["kind"]) >= {"missing_heading_numeral", "conversion_error"}
    assert "lacuna" not in set(plain["kind"])  # reviewed findings need the bundled checksum
    with pytest.raises(ValueError, match="same length"):
        find_defects(trad.text, "traditional", source_text=trad.text[:-1])


def test_conversion_errors_of_the_bundled_report(report):
    """OpenCC chose 髮 (hair) in 換發新證 and 製 in 考查測試制度; nothing else in the report is flagged."""
    q = report.quality()
    conv = q[q["kind"] == "conversion_error"]
    context = {report.source_text[r.start - 1:r.end + 2]: r.note for r in conv.itertuples()}
    assert set(context) == {"換髮新證", "試製度,"}
    assert context["換髮新證"].endswith("likely 發")
    assert context["試製度,"].endswith("likely 制")
    assert (conv["found_by"] == "rule").all()


@pytest.mark.parametrize(("text", "likely"), [
    ("推進黨員干部學法用法。", "幹"),         # 干部 written for 幹部: the chosen form makes no word
    ("建立考查測試製度。", "制"),             # overlapping words disagree
])
def test_conversion_errors_elsewhere(text, likely):
    found = conversion_errors(text, convert_script(text, "simplified"))
    assert [e.likely for e in found] == [likely]


def test_correct_conversions_are_not_flagged():
    text = "建立健全制度,頭髮花白,發佈公告,依法複議,乾淨整潔,幹部隊伍,考查測試制度。"
    assert conversion_errors(text, convert_script(text, "simplified")) == []


def test_the_rule_is_as_good_as_openccs_dictionary():
    """A known limit: OpenCC's dictionary has 换发 → 換髮, so a correct 換發 makes "no word" of it."""
    found = conversion_errors("換發新證。", "换发新证。")
    assert [(e.chosen, e.likely, e.rule) for e in found] == [("發", "髮", "no_word")]


def test_conversion_errors_false_positives_on_the_traditional_devset(root):
    """The devset's traditional excerpts (not OpenCC conversions) are flagged only where OpenCC's dictionary
    and the text disagree: real errors (示范, 干部, 制作, 于) and a few variants both in use (考核/考覈 …)."""
    flagged = {}
    with (root / "data" / "corpus" / "documents.csv").open(encoding="utf-8") as fh:
        for doc in csv.DictReader(fh):
            if doc["script"] == "traditional":
                text = wx.load_report(root / "data" / "corpus" / doc["path"]).source_text
                for e in conversion_errors(text, convert_script(text, "simplified")):
                    flagged[(doc["doc_id"], e.start)] = (e.chosen, e.likely, e.rule)
    variants_in_use = {("扎", "紮"), ("占", "佔"), ("布", "佈"), ("匯", "彙"), ("核", "覈")}
    errors = {(c, k) for c, k, _ in flagged.values()} - variants_in_use
    assert errors == {("范", "範"), ("干", "幹"), ("制", "製"), ("于", "於")}
    assert sum((c, k) in variants_in_use for c, k, _ in flagged.values()) <= 6
    assert {rule for *_, rule in flagged.values()} == {"no_word"}
