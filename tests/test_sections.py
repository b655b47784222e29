"""Sections: five numbered sections recovered although the source lost their numerals."""

from __future__ import annotations

import pandas as pd

from wxanalysis.sections import split_sections

THEMES = ["admin_reform", "decision_making", "law_enforcement", "dispute_resolution", "oversight"]


def test_parts_of_the_report(report):
    s = report.sections
    assert list(s.columns) == ["number", "kind", "theme", "title", "start", "end"]
    assert list(s["kind"]) == ["preamble"] + ["section"] * 5 + ["problems", "plans", "closing"]
    assert list(s["number"].dropna()) == [1, 2, 3, 4, 5]
    assert s["number"].iloc[[0, 6, 7, 8]].isna().all()
    assert list(s["theme"].iloc[1:6]) == THEMES
    assert s["theme"].iloc[[0, 6, 7, 8]].isna().all()
    assert str(s["number"].dtype) == "Int64"
    assert s["start"].dtype == "int64" and s["end"].dtype == "int64"
    assert (s["start"].to_numpy()[1:] >= s["end"].to_numpy()[:-1]).all()


def test_titles_and_boundaries(trad):
    s = trad.sections
    t = trad.text
    titles = list(s["title"].iloc[1:6])
    assert titles == [
        "堅持改革創新,推動政府高效履職",
        "科學依法決策,確保重大行政決策程序、內容、實施合規合法",
        "規範執法行爲,全面提升行政執法水平",
        "聚焦工作重點,推進矛盾糾紛多元化解",
        "健全監督體系,着力強化行政權力制約",
    ]
    spans = {k: t[a:b] for k, a, b in zip(s["kind"], s["start"], s["end"], strict=True)}
    assert spans["preamble"].startswith("威縣人民政府2019年度法治政府建設報告")
    assert spans["preamble"].endswith("現將有關情況報告如下:")
    assert spans["problems"].startswith("2019年,我法治政府建設取得了一些成績")
    assert spans["plans"].startswith("2020年,我將以貫徹")
    assert spans["closing"].startswith("威縣人民政府") and spans["closing"].endswith("2020年1月2日")
    assert t[s["start"].iat[1]:s["end"].iat[1]].startswith("、堅持改革創新")
    assert t[s["start"].iat[5]:s["end"].iat[5]].startswith("健全監督體系")
    assert t[s["start"].iat[5]:s["end"].iat[5]].endswith("切實加強財經紀律監督檢查。")


def test_numbered_headings_of_another_report():
    text = (
        "某县人民政府2021年度法治政府建设情况报告\n\n2021年,我县扎实推进法治政府建设。现报告如下:\n"
        "一、深化“放管服”改革\n(一)精简审批。取消审批事项12项。\n1.网上办理。网办率达98%。\n"
        "二、严格规范公正文明执法\n开展执法检查3次。\n"
        "三、存在的问题\n一是法治意识有待提高。\n"
        "四、下一步工作打算\n一是加强学习。\n"
    )
    s = split_sections(text)
    assert list(s["kind"]) == ["preamble", "section", "section", "problems", "plans"]
    assert list(s["number"].iloc[1:]) == [1, 2, 3, 4]
    assert list(s["theme"].iloc[1:3]) == ["admin_reform", "law_enforcement"]
    assert pd.isna(s["theme"].iat[3])
    assert s["title"].iat[1] == "深化“放管服”改革"


def test_text_without_headings_is_one_preamble():
    s = split_sections("办理案件3件。")
    assert list(s["kind"]) == ["preamble"]
    assert split_sections("").empty


def test_figures_take_the_theme_of_their_sub_heading_when_the_section_has_none():
    import wxanalysis as wx

    text = ("某市2022年法治政府建设情况报告\n一、主要工作成效\n(一)深化放管服改革。取消审批事项12项。\n"
            "(二)严格规范执法。开展执法检查3次。\n二、存在的问题\n培训不足2次。\n")
    f = wx.extract_figures(text).set_index("value")
    assert f.loc[12.0, "theme"] == "admin_reform" and f.loc[12.0, "section"] == 1
    assert f.loc[3.0, "theme"] == "law_enforcement"
    # outside the numbered sections a figure still has the theme of its own clause (培训: "other")
    assert pd.isna(f.loc[2.0, "section"]) and f.loc[2.0, "theme"] == "other"


_SHAPES = [
    "",
    "  \n ",
    "办理案件3件。",
    "一、改革\n",
    "1.执法\n一、深化改革\n（二）决策\n",
    "某县2021年报告\n一、主要工作\n（一）深化放管服改革。取消审批12项。\n（二）严格执法。检查3次。\n"
    "（三）依法决策。论证2次。\n二、存在的问题\n不足2次。\n三、下一步工作打算\n继续。\n\n某县人民政府\n\n\xa0\n2022年1月2日\n",
    "报告\n、加强组织领导,压实法治建设责任。" + "内容" * 30 + "\n健全监督体系,着力强化权力制约。" + "内容" * 30
    + "\n2020年,我县法治政府建设还存在一些不足。\n2021年,我将继续推进。"
    + "\n\n\xa0\xa0\xa0\xa0\xa0\n\n单位\n\n2021年1月2日\n",
]


def test_locate_agrees_with_the_parts_and_with_itself_unsorted(trad, simp):
    """``locate`` (its fast path for positions in order, and the one for any order) against the parts and
    sub-headings as ``parts_of``/``outline`` give them, at every position of texts of several shapes."""
    import random

    from wxanalysis.sections import locate, outline, parts_of, theme_of

    rnd = random.Random(3)
    for text in [trad.text, simp.text, *_SHAPES]:
        parts = parts_of(text)
        assert parts == parts_of(text, outline(text))  # the scan for parts == the full outline
        subs = [(h.start, theme_of(h.title)) for h in outline(text) if h.level > 1 and theme_of(h.title)]
        positions = list(range(len(text) + 1))
        sections, themes, kinds = locate(text, positions)
        shuffled = positions[:]
        rnd.shuffle(shuffled)
        assert locate(text, shuffled) == tuple(
            [col[p] for p in shuffled] for col in (sections, themes, kinds))
        for p in positions:
            part = next((q for q in parts if q.start <= p < q.end), None)
            if part is None:
                assert (sections[p], themes[p], kinds[p]) == (None, None, None)
                continue
            assert kinds[p] == part.kind
            assert sections[p] == (part.number if part.kind == "section" else None)
            if part.kind == "section" and part.theme is None:
                inner = [t for s, t in subs if part.start <= s <= p]
                assert themes[p] == (inner[-1] if inner else None)
            else:
                assert themes[p] == (part.theme if part.kind == "section" else None)
