"""``wx.extract_figures`` on the seed report (威县 2019): every figure, nothing else, in both scripts.

The expected list below was read in the report (and agrees with the brief of the data-core issue); the
spans and quotes are in ``tests/data/seed_gold.csv``.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from test_extract import assert_nothing_dropped

import wxanalysis as wx
from wxanalysis.text import convert_script

GOLD = Path(__file__).resolve().parent / "data" / "seed_gold.csv"

# value, unit (traditional), qualifier — in the order of the text
EXPECTED = [
    (60, "個工作日", "exact"), (11, "個工作日", "exact"), (38, "個", "exact"), (413, "項", "exact"),
    (100, "%", "exact"), (15, "項", "exact"), (71, "項", "exact"), (57, "項", "exact"), (42, "項", "exact"),
    (98, "項", "exact"), (16, "項", "exact"), (54, "件", "exact"), (46, "件", "exact"), (2, "件", "exact"),
    (6, "件", "exact"), (4, "名", "exact"), (3, "件", "exact"), (30, "份", "at_least"), (3, "件", "exact"),
    (2, "次", "exact"), (32, "個", "exact"), (82, "個", "exact"), (14, "個", "exact"), (5, "個", "exact"),
    (12, "個", "exact"), (5, "個", "exact"), (16, "個", "exact"), (30, "件", "exact"), (100, "%", "exact"),
    (6, "件", "exact"), (6, "件", "exact"), (2, "件", "exact"), (1, "件", "exact"), (1, "件", "exact"),
    (100, "%", "exact"), (16, "個", "exact"), (522, "個", "exact"), (300, "起", "at_least"),
    (100, "%", "exact"), (95, "%", "at_least"), (24, "小時", "exact"), (3, "個", "exact"),
]

NOT_FIGURES = ["2019年度", "2019年以來", "2020年,", "2020-01-06", "〔2020〕1号", "777737060/2020-882",
               "961890服務", "(961890)", "9月份", "10月份", "2020年1月2日", "“七五”", "“四辦”", "“兩不見面”",
               "三線並聯", "“一窗受理”", "“一流程、兩機制”", "“六位一體”", "“四位一體”", "“三重一大”", "一把手",
               "一站式", "一次性", "一體化", "每個項目", "任一層級", "全天候", "上一年度"]


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    with GOLD.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def figs_trad(trad: wx.Report) -> pd.DataFrame:
    return wx.extract_figures(trad.text)


@pytest.fixture(scope="module")
def figs_simp(simp: wx.Report) -> pd.DataFrame:
    return wx.extract_figures(simp.text)


def test_every_figure_in_order(figs_trad: pd.DataFrame) -> None:
    got = list(zip(figs_trad["value"], figs_trad["unit"], figs_trad["qualifier"], strict=True))
    assert got == [(float(v), u, q) for v, u, q in EXPECTED]
    assert len(figs_trad) == 42


def test_spans_and_quotes_match_gold(trad: wx.Report, figs_trad: pd.DataFrame, gold: list[dict]) -> None:
    assert len(gold) == len(figs_trad) == len(EXPECTED)
    for row, g in zip(figs_trad.itertuples(), gold, strict=True):
        assert (row.start, row.end) == (int(g["start"]), int(g["end"]))
        assert trad.text[row.start:row.end] == g["number"]
        assert row.quote == g["quote"] and trad.text[row.quote_start:row.quote_end] == row.quote
        assert row.start >= row.quote_start and row.end <= row.quote_end
        assert (None if pd.isna(row.relation) else row.relation) == (g["relation"] or None)
        assert float(g["value"]) == row.value and g["unit"] == row.unit and g["qualifier"] == row.qualifier


def test_approval_time_change(trad: wx.Report, figs_trad: pd.DataFrame) -> None:
    rel = figs_trad.dropna(subset=["relation"])
    assert rel["relation"].tolist() == ["from", "to"]
    assert rel["value"].tolist() == [60.0, 11.0]
    assert rel["quote"].iat[0] == "審批時限由60個工作日壓減至11個工作日"


def test_online_rates_is_one_row(figs_trad: pd.DataFrame) -> None:
    """"網上申請率、審覈率均100%": one span, one row here (the curated layer gives it two indicators)."""
    rows = figs_trad[figs_trad["quote"] == "網上申請率、審覈率均100%"]
    assert len(rows) == 1 and rows["value"].iat[0] == 100.0


def test_three_aspects_in_plans(trad: wx.Report, figs_trad: pd.DataFrame) -> None:
    last = figs_trad.iloc[-1]
    assert trad.text[last["start"]:last["end"]] == "三" and last["unit"] == "個"
    assert last["quote"] == "點做好三個方面的工作"


def test_nothing_else_is_a_figure(trad: wx.Report, figs_trad: pd.DataFrame) -> None:
    text = trad.text
    spans = list(zip(figs_trad["start"], figs_trad["end"], strict=True))
    for phrase in NOT_FIGURES:
        at = text.find(phrase)
        assert at >= 0, phrase
        while at >= 0:
            assert not any(at <= s < at + len(phrase) for s, _e in spans), phrase
            at = text.find(phrase, at + 1)


def test_declined_tokens_of_the_seed(trad: wx.Report) -> None:
    _figs, declined = wx.extract_figures(trad.text, explain=True)
    rules = dict(zip(declined["token"], declined["rule"], strict=True))
    assert rules["2020-01-06"] == "date"
    assert rules["777737060/2020-882"] == "phone_or_index"
    assert rules["961890"] == "phone_or_index"
    assert rules["9"] == rules["10"] == "date"
    by_rule = declined.groupby("rule")["token"].apply(list).to_dict()
    assert by_rule["document_number"] == ["2020", "1"]
    assert by_rule["slogan_or_formula"] == ["一", "六", "四"]  # 一次性, “六位一體”, “四位一體”
    assert sorted(by_rule["list_ordinal"]) == sorted("一二三四一二三四一二三四一二三一二三四五六一二三一二三")
    assert by_rule["year"] == ["2019", "2019", "2019", "2019", "2020", "2020"]


def test_nothing_dropped_in_seed(trad: wx.Report, simp: wx.Report) -> None:
    assert_nothing_dropped(trad.text)
    assert_nothing_dropped(simp.text)


def test_simplified_same_values_and_spans(figs_trad: pd.DataFrame, figs_simp: pd.DataFrame) -> None:
    cols = ["value", "qualifier", "start", "end", "quote_start", "quote_end", "relation", "section", "theme"]
    pd.testing.assert_frame_equal(figs_trad[cols], figs_simp[cols])
    assert figs_simp["unit"].tolist() == [convert_script(u, "simplified") for u in figs_trad["unit"]]
    assert "个工作日" in figs_simp["unit"].tolist() and "個" not in figs_simp["unit"].tolist()


def test_sections_and_themes(figs_trad: pd.DataFrame) -> None:
    """Each figure sits in a section (1–5) with its theme, except 三個方面 in the 2020 plans."""
    body = figs_trad.iloc[:-1]
    assert body["section"].notna().all() and body["theme"].notna().all()
    assert body["section"].tolist() == sorted(body["section"].tolist())
    assert set(body["section"]) == {1, 2, 3, 4, 5}
    assert pd.isna(figs_trad["section"].iat[-1])
    first = figs_trad.groupby("section")["theme"].first().to_dict()
    assert first == {1: "admin_reform", 2: "decision_making", 3: "law_enforcement", 4: "dispute_resolution",
                     5: "oversight"}
