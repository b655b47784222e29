"""``wx.extract_figures`` on sentences written for these tests (not taken from the seed or the devset).

Each case states the figures a reader finds in the sentence: value, unit, qualifier, the number as written,
and the relation. They cover the forms of issue 4 item 1 and the traps that are not figures. They were
written before the extractor was run on them, as the held-out check of bench/README.md.
"""

from __future__ import annotations

import importlib.util
import math
import re
from pathlib import Path

import pandas as pd
import pytest

import wxanalysis as wx
from wxanalysis import extract, rules
from wxanalysis.extract import DECLINED_COLUMNS, FIGURE_COLUMNS, UNITS
from wxanalysis.schema import FIGURE_SCHEMA
from wxanalysis.text import convert_script

ROOT = Path(__file__).resolve().parents[1]
NA = None

# (sentence, [(value, unit, qualifier, number as written, relation or None), ...])
CASES: list[tuple[str, list[tuple]]] = [
    ("全年共办理行政复议案件三十余件,其中纠正违法行为五件。",
     [(30, "件", "at_least", "三十", NA), (5, "件", "exact", "五", NA)]),
    ("群众满意率达到百分之九十五以上。", [(95, "%", "at_least", "百分之九十五", NA)]),
    ("累计培训执法人员两万余人次。", [(20000, "人次", "at_least", "两万", NA)]),
    ("该县已连续十一年开展普法考试。", [(11, "年", "exact", "十一", NA)]),
    ("线上服务覆盖15万余人次,办件1,234件。",
     [(150000, "人次", "at_least", "15", NA), (1234, "件", "exact", "1,234", NA)]),
    ("受理申请１２３件。", [(123, "件", "exact", "１２３", NA)]),
    ("按时办结率为98.96%。", [(98.96, "%", "exact", "98.96", NA)]),
    ("每个乡镇配备3—5个调解员。",
     [(3, "个", "exact", "3", "range_low"), (5, "个", "exact", "5", "range_high")]),
    ("一般事项三至五个工作日办结。",
     [(3, "个工作日", "exact", "三", "range_low"), (5, "个工作日", "exact", "五", "range_high")]),
    ("办理时限由20个工作日压缩至5个工作日。",
     [(20, "个工作日", "exact", "20", "from"), (5, "个工作日", "exact", "5", "to")]),
    ("案件办结率从85%提高到97.5%。", [(85, "%", "exact", "85", "from"), (97.5, "%", "exact", "97.5", "to")]),
    ("全县约有300家企业参与,受理投诉近200起,化解纠纷1000件左右。",
     [(300, "家", "about", "300", NA), (200, "起", "about", "200", NA), (1000, "件", "about", "1000", NA)]),
    ("审批压缩在3个工作日以内,不到10天即可办结,涉案金额5万元以下。",
     [(3, "个工作日", "at_most", "3", NA), (10, "天", "at_most", "10", NA), (50000, "元", "at_most", "5", NA)]),
    ("超过2000人参加考试,不合格率不足5%。",
     [(2000, "人", "at_least", "2000", NA), (5, "%", "at_most", "5", NA)]),
    ("提前7个月完成任务,进入全省前3名。",
     [(7, "个月", "exact", "7", NA), (3, "名", "at_most", "3", NA)]),
    ("新增市场主体1.2万户,完成投资3.5亿元。",
     [(12000, "户", "exact", "1.2", NA), (350000000, "元", "exact", "3.5", NA)]),
    ("重点做好三个方面的工作,共有一百零五个村参与。",
     [(3, "个", "exact", "三", NA), (105, "个", "exact", "一百零五", NA)]),
    ("培训千余人,走访百余家企业,化解纠纷万余件,新增十多万人次。",
     [(1000, "人", "at_least", "千", NA), (100, "家", "at_least", "百", NA), (10000, "件", "at_least", "万", NA),
      (100000, "人次", "at_least", "十", NA)]),
    # traditional script, with the pinyin glosses of a mirror site
    ("全年調解糾紛300餘(yú)起,連續(xù)5年獲評先進,佔比十分之一強(qiáng)。",
     [(300, "起", "at_least", "300", NA), (5, "年", "exact", "5", NA),
      (0.1, "", "at_least", "十分之一", NA)]),
    ("審批時限由60個(gè)工作日壓減至11個工作日。",
     [(60, "個工作日", "exact", "60", "from"), (11, "個工作日", "exact", "11", "to")]),
    # not figures at all
    ("2023年3月29日,县政府印发《关于做好2023年度工作的通知》(威政办〔2023〕12号),热线12345全天受理,"
     "咨询电话0319-1234567。", []),
    ("深入贯彻党的二十大和二十届三中全会精神,落实“十四五”规划,推行“一窗受理、一次办好”,建立“1+3+N”工作机制。", []),
    ("一是加强领导;(二)完善制度;\n3.强化考核。", []),
    ("在全省考评中排名第一,入选第二批示范县,县委十二届八次全会作出部署。", []),
    ("县政府十分重视,千家万户受益,形成“六位一体”格局,实现一次性告知,上一年度工作扎实。", []),
    ("今年9月份开展检查,上半年完成数十个项目,上千人参与,每人三四个课时。", []),
]


def _rows(df: pd.DataFrame, text: str) -> list[tuple]:
    return [(v, u, q, text[s:e], None if pd.isna(r) else r)
            for v, u, q, s, e, r in zip(df["value"], df["unit"], df["qualifier"], df["start"], df["end"],
                                        df["relation"], strict=True)]


def _same(got: list[tuple], want: list[tuple]) -> bool:
    return len(got) == len(want) and all(
        math.isclose(g[0], w[0], rel_tol=1e-12) and g[1:] == w[1:] for g, w in zip(got, want, strict=True))


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:12] for c in CASES])
def test_written_sentences(sentence: str, expected: list[tuple]) -> None:
    got = _rows(wx.extract_figures(sentence), sentence)
    assert _same(got, expected), got


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:12] for c in CASES])
def test_written_sentences_other_script(sentence: str, expected: list[tuple]) -> None:
    """The same sentence converted to the other script gives the same figures (units in that script)."""
    for script in ("simplified", "traditional"):
        conv = convert_script(sentence, script)
        got = _rows(wx.extract_figures(conv), conv)
        want = [(v, convert_script(u, script) if u else u, q, convert_script(num, script), r)
                for v, u, q, num, r in expected]
        assert _same(got, want), (script, got)


def test_columns_and_dtypes() -> None:
    df, declined = wx.extract_figures("受理申请12件,2019年。", explain=True)
    assert list(df.columns) == [*FIGURE_COLUMNS, "part"]
    expect = {"value": "float64", "unit": "string", "qualifier": "string", "start": "int64", "end": "int64",
              "quote": "string", "section": "Int64", "theme": "string", "indicator": "string",
              "label_zh": "string", "label_en": "string", "indicator_phrase": "string", "phrase_start": "Int64",
              "phrase_end": "Int64", "direction": "string", "quote_start": "int64", "quote_end": "int64",
              "relation": "string"}
    assert FIGURE_SCHEMA == expect and FIGURE_COLUMNS == list(expect)
    assert {c: str(df[c].dtype) for c in expect} == expect
    assert list(declined.columns) == DECLINED_COLUMNS
    assert {c: str(declined[c].dtype) for c in DECLINED_COLUMNS} == {
        "token": "string", "start": "int64", "end": "int64", "rule": "string", "context": "string"}
    assert df["indicator"].isna().all() and df["label_zh"].isna().all() and df["label_en"].isna().all()
    assert declined["token"].tolist() == ["2019"] and declined["rule"].tolist() == ["year"]


def test_empty_text() -> None:
    df, declined = wx.extract_figures("", explain=True)
    assert df.empty and declined.empty
    assert list(df.columns[: len(FIGURE_COLUMNS)]) == FIGURE_COLUMNS
    assert str(df["value"].dtype) == "float64" and str(df["unit"].dtype) == "string"
    assert str(declined["start"].dtype) == "int64"
    assert wx.extract_figures("").empty


def test_not_a_str() -> None:
    with pytest.raises(TypeError):
        wx.extract_figures(b"12\xe4\xbb\xb6")  # type: ignore[arg-type]
    with pytest.raises(wx.ReportError, match="expects text"):
        wx.extract_figures(None)  # type: ignore[arg-type]


def test_quote_is_the_clause() -> None:
    text = "今年以来,共受理案件6件、办结6件;调解率100%。"
    df = wx.extract_figures(text)
    assert df["quote"].tolist() == ["共受理案件6件、办结6件", "共受理案件6件、办结6件", "调解率100%"]
    for q, a, b in zip(df["quote"], df["quote_start"], df["quote_end"], strict=True):
        assert text[a:b] == q


def test_quote_is_bounded_without_punctuation() -> None:
    """Text with no clause boundary: quotes stop 200 characters either side of the number."""
    text = "审批事项12个" * 2000
    df = wx.extract_figures(text)
    assert len(df) == 2000
    assert (df["quote_end"] - df["quote_start"] <= df["end"] - df["start"] + 400).all()
    assert df["quote"].iat[1000] == text[df["quote_start"].iat[1000]:df["quote_end"].iat[1000]]


def test_glosses_keep_original_offsets() -> None:
    text = "習(xí)近平指出,全年調解糾紛300餘(yú)起。"
    df = wx.extract_figures(text)
    (s, e), = zip(df["start"], df["end"], strict=True)
    assert text[s:e] == "300" and df["quote"].iat[0] == "全年調解糾紛300餘(yú)起"


EXPLAIN_RULES = [
    ("发布时间:2020-01-06", "2020-01-06", "date"),
    ("更新时间:2021/03/29 11:30:01", "11:30:01", "time"),
    ("威政呈〔2020〕1号", "2020", "document_number"),
    ("威政呈〔2020〕1号", "1", "document_number"),
    ("索引号:777737060/2020-882", "777737060/2020-882", "phone_or_index"),
    ("开通961890服务监督热线", "961890", "phone_or_index"),
    ("共3-5.5.5件", "3-5.5.5", "phone_or_index"),  # a range whose high end reads as no number (raised before)
    ("94.3至94.3．1个", "94.3至94.3．1", "phone_or_index"),
    ("(2015—2020年)", "2015—2020", "year"),
    ("一是加强领导", "一", "list_ordinal"),
    ("\n1.深化改革", "1", "list_ordinal"),
    ("第二批示范县", "二", "ordinal"),
    ("十九届四中全会", "十九", "meeting_or_plan"),
    ("省委十一届三次、四次全会", "四", "meeting_or_plan"),
    ("第八个五年规划", "五", "meeting_or_plan"),
    ("“四位一体”新模式", "四", "slogan_or_formula"),
    ("“1311”推进机制", "1311", "slogan_or_formula"),
    ("项目一次性提交材料", "一", "slogan_or_formula"),
    ("高效办成一件事", "一", "indefinite_one"),
    ("县政府十分重视", "十", "adverb"),
    ("完成数十个项目", "十", "vague"),
    ("每人三四个课时", "三四", "vague"),
    ("上千人参与", "千", "no_digit"),
    ("千家万户", "千", "no_digit"),
    ("申请材料525", "525", "no_unit"),
    ("今年9月份", "9", "date"),
]


@pytest.mark.parametrize(("text", "token", "rule"), EXPLAIN_RULES)
def test_declined_rules(text: str, token: str, rule: str) -> None:
    figures, declined = wx.extract_figures(text, explain=True)
    assert figures.empty
    got = dict(zip(declined["token"], declined["rule"], strict=True))
    assert got.get(token) == rule, got
    for tok, s, e in zip(declined["token"], declined["start"], declined["end"], strict=True):
        assert text[s:e] == tok


def _check_module():
    path = ROOT / "tests" / "data" / "devset" / "check.py"
    spec = importlib.util.spec_from_file_location("devset_check", path)
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def assert_nothing_dropped(text: str) -> None:
    """Every digit run and every Chinese-numeral run before a measure word (the devset checker's own
    pattern) is accounted for: each of its characters lies in a figure (its number, multiplier and unit)
    or in a declined token, and no character is claimed by both tables. (Checked per character because
    the checker's pattern backtracks: in 12万两万 it finds 万两, half multiplier of 12万, half of 两万.)"""
    pat = _check_module().PAT
    figures, declined = wx.extract_figures(text, explain=True)
    fig_cov = [False] * len(text)
    dec_cov = [False] * len(text)
    for s, e, u in zip(figures["start"], figures["end"], figures["unit"], strict=True):
        end = e
        if u == "%":
            found = (text.find("%", e, e + 12), text.find("％", e, e + 12))
            at = min((i for i in found if i >= 0), default=-1)
            end = at + 1 if at >= 0 else e
        elif u:
            at = text.find(u, e, e + 12)
            if at >= 0:
                end = at + len(u)
            elif (first := text.find(u[0], e, e + 12)) >= 0 and (last := text.find(u[-1], first + 1, e + 12)) >= 0:
                end = last + 1  # a qualifier inside the unit: 3个多月 (unit 个月)
        for i in range(s, end):  # the number, multiplier and unit
            fig_cov[i] = True
    for s, e in zip(declined["start"], declined["end"], strict=True):
        for i in range(s, e):
            assert not fig_cov[i], ("declined token inside a figure", text[s:e])
            dec_cov[i] = True
    for m in pat.finditer(text):
        a, b = m.span()
        assert all(fig_cov[i] or dec_cov[i] for i in range(a, b)), (m.group(), text[max(0, a - 10):b + 10])


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:12] for c in CASES])
def test_nothing_dropped_in_written_sentences(sentence: str, expected: list[tuple]) -> None:
    assert_nothing_dropped(sentence)


def test_explain_does_not_change_figures() -> None:
    text = "\n".join(c[0] for c in CASES)
    plain = wx.extract_figures(text)
    explained, _declined = wx.extract_figures(text, explain=True)
    pd.testing.assert_frame_equal(plain, explained)


def test_unit_vocabulary_is_closed_under_script_conversion() -> None:
    """A unit recognised in one script is recognised in the other (else simplified and traditional texts
    would differ)."""
    for unit in UNITS:
        for script in ("simplified", "traditional"):
            assert convert_script(unit, script) in UNITS, (unit, script)


def test_no_hand_typed_numbers_in_package() -> None:
    """The extractor's source contains no figure of the seed report (numbers come from the text)."""
    for module in ("extract", "tokens", "rules", "numerals", "sections", "schema"):
        src = (ROOT / "wxanalysis" / f"{module}.py").read_text(encoding="utf-8")
        for n in ("413", "522", "961890", "777737060"):
            assert not re.search(rf"(?<![0-9]){n}(?![0-9])", src), (module, n)


def test_declined_rules_come_from_the_rule_table() -> None:
    """Every declined token is named by an entry of ``rules.RULES``; each entry is a named, documented
    predicate."""
    names = {r.name for r in rules.RULES}
    assert {rule for _t, _tok, rule in EXPLAIN_RULES} <= names
    text = "\n".join(c[0] for c in CASES) + "\n" + "\n".join(t for t, _tok, _r in EXPLAIN_RULES)
    _f, declined = wx.extract_figures(text, explain=True)
    assert set(declined["rule"]) <= names and len(set(declined["rule"])) >= 12
    for r in rules.RULES:
        assert r.name and callable(r.test) and (r.test.__doc__ or "").strip(), r


def test_describe_hook_is_called_once_on_plain_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    """``extract_figures`` hands every figure to ``describe.describe_figures`` in one call, on plain lists
    in the text's coordinates, and fills the phrase, theme and direction columns from what it returns."""
    calls = []

    def fake(text, starts, ends, units, unit_ends, relations, heading_themes):
        calls.append((text, starts, ends, units, unit_ends, relations, heading_themes))
        k = len(starts)
        return (["受理案件"] * k, [s - 4 for s in starts], list(starts), ["other"] * k,
                ["down" if r == "to" else None for r in relations])

    monkeypatch.setattr(extract, "describe_figures", fake)
    text = "習(xí)近平。\n一、深化放管服改革\n受理案件 13 个乡,时限由20个工作日压减至5个工作日。"
    df = wx.extract_figures(text)
    assert len(calls) == 1
    t, starts, ends, units, unit_ends, relations, themes = calls[0]
    assert t == text and all(type(x) is list for x in (starts, ends, units, unit_ends, relations, themes))
    assert [text[s:e] for s, e in zip(starts, ends, strict=True)] == ["13", "20", "5"]
    assert [text[s:e] for s, e in zip(starts, unit_ends, strict=True)] == ["13 个", "20个工作日", "5个工作日"]
    assert units == ["个", "个工作日", "个工作日"] and relations == [None, "from", "to"]
    assert themes == ["admin_reform"] * 3
    assert df["indicator_phrase"].tolist() == ["受理案件"] * 3 and df["theme"].tolist() == ["other"] * 3
    assert df["phrase_end"].tolist() == df["start"].tolist()
    assert df["direction"].isna().tolist() == [True, True, False]


def test_describe_fills_phrase_theme_and_direction() -> None:
    text = "一、深化放管服改革\n取消审批事项12项，办理时限减少3天。"
    df = wx.extract_figures(text)
    assert df["theme"].tolist() == ["admin_reform", "admin_reform"]
    assert df["indicator_phrase"].iloc[0] == "取消审批事项"
    assert text[df["phrase_start"].iloc[0]:df["phrase_end"].iloc[0]] == "取消审批事项"
    assert df["direction"].tolist()[1] == "down" and pd.isna(df["direction"].iloc[0])


def test_one_figures_schema() -> None:
    """The figures table's columns are written once (``schema.FIGURE_SCHEMA``) and imported elsewhere."""
    from wxanalysis import catalog, schema

    assert extract.FIGURE_COLUMNS is schema.FIGURE_COLUMNS
    assert catalog.API_FIGURE_COLUMNS is schema.API_FIGURE_COLUMNS
    assert not hasattr(catalog, "FIGURE_COLUMNS")
    assert schema.API_FIGURE_COLUMNS[-1] == "direction" and schema.FIGURE_COLUMNS[-1] == "relation"
