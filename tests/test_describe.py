"""describe_figures: what each figure counts (phrase and span), its theme and its direction.

The sentences of ``PHRASES``, ``THEMES`` and ``DIRECTIONS`` were written for this test, in the genre's style
but not copied from any excerpt, before the function was run on them.
"""

from __future__ import annotations

import csv
from importlib import resources

import pandas as pd
import pytest
from accuracy_scorer import acc

import wxanalysis as wx
from wxanalysis.catalog import THEME_LABELS
from wxanalysis.describe import describe_figures, phrase_words, theme_keywords
from wxanalysis.text import convert_script

# (sentence, number as written, expected indicator_phrase)
PHRASES = [
    ("全年共受理行政复议案件48件，办结45件。", "48", "受理行政复议案件"),
    ("全年共受理行政复议案件48件，办结45件。", "45", "办结"),
    ("新建成12个村级公共法律服务室。", "12", "村级公共法律服务室"),
    ("全市政务服务事项网上可办率达98.6%。", "98.6", "政务服务事项网上可办率"),
    ("累计开展普法宣传活动320场次，发放宣传资料1.2万份。", "320", "开展普法宣传活动"),
    ("累计开展普法宣传活动320场次，发放宣传资料1.2万份。", "1.2", "发放宣传资料"),
    ("为农民工追回欠薪860万元。", "860", "追回欠薪"),
    ("审查政府合同45份，提出法律意见120条。", "45", "审查政府合同"),
    ("审查政府合同45份，提出法律意见120条。", "120", "提出法律意见"),
    ("聘请7名律师担任政府法律顾问。", "7", "律师"),
    ("全县共有行政执法人员1352名。", "1352", "行政执法人员"),
    ("公布33项重大行政决策事项目录。", "33", "重大行政决策事项目录"),
    ("縣政府常務會議學法6次。", "6", "學法"),
    ("通過12345熱線受理群眾訴求2.3萬件。", "2.3", "受理群眾訴求"),
    ("行政复议纠错率为8.5%。", "8.5", "行政复议纠错率"),
]

# (sentence, number, heading theme, expected theme)
THEMES = [
    ("深化放管服改革。全年办理行政复议案件15件。", "15", "admin_reform", "dispute_resolution"),
    ("依法化解矛盾纠纷。组织领导干部集中学法4次。", "4", "dispute_resolution", "other"),
    ("开展执法检查36次，查处违法案件12起。", "36", None, "law_enforcement"),
    ("审核规范性文件22件。", "22", "oversight", "decision_making"),
    ("办理人大代表建议56件、政协委员提案71件。", "71", None, "oversight"),
    ("企业开办时间压缩至1个工作日。", "1", None, "admin_reform"),
    ("办理法律援助案件210件。", "210", "dispute_resolution", "other"),
    ("完成审计项目9个。", "9", None, "oversight"),
    ("成功調解各類矛盾糾紛1200餘件。", "1200", None, "dispute_resolution"),
    ("推进依法行政。新增就业岗位3000个。", "3000", None, "other"),
]

# (sentence, number, relation, expected direction)
DIRECTIONS = [
    ("行政复议案件同比增长12%。", "12", None, "up"),
    ("行政诉讼败诉率下降3.5个百分点。", "3.5", None, "down"),
    ("信访案件较上年减少8件。", "8", None, "down"),
    ("审批时间缩短60%以上。", "60", None, "down"),
    ("群众满意度提高4个百分点。", "4", None, "up"),
    ("办理时限由20个工作日压减至5个工作日。", "20", "from", None),
    ("办理时限由20个工作日压减至5个工作日。", "5", "to", "down"),
    ("受理行政复议案件30件。", "30", None, None),
    ("新增市场主体2000户。", "2000", None, None),
    ("案件数量同比下降了15.2%。", "15.2", None, "down"),
]


def _one(sentence: str, number: str, relation: str | None = None, heading: str | None = None):
    """describe_figures on one figure of ``sentence`` (unit end: after the unit word that follows)."""
    s = sentence.index(number)
    e = s + len(number)
    figs = wx.extract_figures(sentence)
    row = figs[figs["start"] == s]
    unit = str(row["unit"].iat[0]) if len(row) else ""
    ue = sentence.index(unit, e) + len(unit) if unit else e
    out = describe_figures(sentence, [s], [e], [unit], [ue], [relation], [heading])
    return [col[0] for col in out]


@pytest.mark.parametrize(("sentence", "number", "expected"), PHRASES)
def test_phrase_of_own_sentences(sentence, number, expected):
    phrase, ps, pe, _theme, _dir = _one(sentence, number)
    assert phrase == expected
    assert sentence[ps:pe] == phrase


@pytest.mark.parametrize(("sentence", "number", "heading", "expected"), THEMES)
def test_theme_of_own_sentences(sentence, number, heading, expected):
    assert _one(sentence, number, heading=heading)[3] == expected


@pytest.mark.parametrize(("sentence", "number", "relation", "expected"), DIRECTIONS)
def test_direction_of_own_sentences(sentence, number, relation, expected):
    assert _one(sentence, number, relation=relation)[4] == expected


def test_extract_figures_fills_the_columns():
    text = "一、深化放管服改革\n全年共受理行政复议案件48件，同比下降12%。审批时限由20个工作日压减至5个工作日。"
    f = wx.extract_figures(text)
    cols = list(f.columns)
    i = cols.index("label_en")
    assert cols[i + 1:i + 5] == ["indicator_phrase", "phrase_start", "phrase_end", "direction"]
    assert str(f["phrase_start"].dtype) == "Int64" and str(f["direction"].dtype) == "string"
    by_value = f.set_index("value")
    assert by_value.loc[48.0, "indicator_phrase"] == "受理行政复议案件"
    assert by_value.loc[48.0, "theme"] == "dispute_resolution"  # its clause, not its heading
    assert by_value.loc[12.0, "direction"] == "down"
    assert by_value.loc[5.0, "direction"] == "down" and pd.isna(by_value.loc[20.0, "direction"])
    for row in f.itertuples():
        if not pd.isna(row.phrase_start):
            assert text[row.phrase_start:row.phrase_end] == row.indicator_phrase


def test_both_scripts_give_the_same_description(trad, simp):
    a, b = trad.figures(), simp.figures()
    for col in ("phrase_start", "phrase_end", "direction", "theme"):
        assert a[col].equals(b[col]), col
    assert [convert_script(p, "simplified") for p in a["indicator_phrase"].dropna()] == \
        list(b["indicator_phrase"].dropna())


def test_phrase_never_crosses_a_clause_or_a_numbered_item():
    text = "办理人大代表建议56件、政协委员提案71件，办复率100%。"
    f = wx.extract_figures(text).set_index("value")
    assert f.loc[71.0, "indicator_phrase"] == "政协委员提案"
    assert f.loc[100.0, "indicator_phrase"] == "办复率"


def test_word_lists_are_data_and_themes_are_the_catalog_themes():
    assert set(theme_keywords().values()) == set(THEME_LABELS)
    kinds = set(phrase_words())
    assert {"lead", "tail", "prep", "verb", "stop", "keep", "subject", "up", "down"} <= kinds
    path = resources.files("wxanalysis").joinpath("data", "theme_keywords.csv")
    with path.open(encoding="utf-8") as fh:
        keys = [r["keyword"] for r in csv.DictReader(fh)]
    assert len(keys) == len(set(keys)), "a keyword belongs to one theme"
    assert all(convert_script(k, "simplified") == k for k in keys), "keywords are in simplified script"


def test_empty_and_phrase_less_inputs():
    assert describe_figures("", [], [], [], [], [], []) == ([], [], [], [], [])
    phrase, ps, pe, theme, direction = describe_figures("95%", [0], [2], ["%"], [3], [None], [None])
    assert phrase == [None] and ps == [None] and theme == ["other"] and direction == [None]


def test_long_unpunctuated_line():
    """Long runs without punctuation before each figure: every figure still gets its own phrase, bounded to its
    neighbourhood (time on such input is measured in bench/bench_extract.py, never in a test)."""
    unit = "甲" * 5000 + "受理案件3件。" + "乙" * 5000
    k = 50
    text = unit * k
    starts = [i * len(unit) + 5004 for i in range(k)]
    assert {text[s] for s in starts} == {"3"}
    phrases, pstarts, pends, _themes, _dirs = describe_figures(
        text, starts, [s + 1 for s in starts], ["件"] * k, [s + 2 for s in starts], [None] * k, [None] * k)
    assert all(text[a:b] == p for p, a, b in zip(phrases, pstarts, pends, strict=True))
    assert all(p is not None and "受理案件" in p and len(p) <= 40 for p in phrases), phrases[:3]


def test_devset2_phrase_overlap_and_theme_accuracy():
    """Issue 7 point 8, on the figures the extractor finds in devset2 (data/corpus/devset2)."""
    docs = acc.load_devset2()
    assert len(docs) == 16 and sum(len(d.figures) for d in docs) == 144
    _per, total = acc.evaluate(docs, wx.extract_figures)
    assert total.phrase_n >= 100
    assert total.phrase_overlap >= 0.8
    assert total.theme_acc >= 0.9


def test_word_tries_match_like_the_longest_first_alternation():
    """The regexes are tries (speed); at every position and window they find what the alternation of the
    words, longest first, finds."""
    import random
    import re

    from wxanalysis.tokens import trie_regex

    def alternation(words) -> re.Pattern[str]:
        return re.compile("|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))))

    rnd = random.Random(3)
    report = wx.load_report(script="simplified").text
    for words in (list(theme_keywords()), *phrase_words().values()):
        alt, trie = alternation(words), re.compile(trie_regex(words))
        dense = "".join(rnd.choice(words)[: rnd.randrange(1, 6)] for _ in range(2000))
        for text in (report, dense):
            for _ in range(300):
                lo = rnd.randrange(len(text))
                hi = lo + rnd.randrange(0, 120)
                assert [m.span() for m in trie.finditer(text, lo, hi)] == [m.span() for m in alt.finditer(text, lo, hi)]
