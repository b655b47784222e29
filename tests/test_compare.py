"""compare and compare_charts: one report's figures by theme and changes, and the reports side by side."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

import wxanalysis as wx
from wxanalysis import compare, compare_charts
from wxanalysis.charts import PALETTE


@pytest.fixture(scope="module")
def corpus():
    docs = compare.documents()
    figs = compare.corpus_figures(docs)
    return docs, figs, compare.across_reports(docs, figs)


def test_theme_figures_use_curated_labels_else_phrases(simp, tmp_path):
    t = compare.theme_figures(simp)
    assert len(t) == len(simp.figures())
    assert "企业投资项目审批时限(改革前)" in set(t["what"])
    p = tmp_path / "r.txt"
    p.write_text("某县报告\n一、深化放管服改革\n全年受理行政复议案件12件，政务服务事项网上可办率达98%。\n",
                 encoding="utf-8")
    other = compare.theme_figures(wx.load_report(p), lang="en")
    assert list(other["what"]) == ["政务服务事项网上可办率", "受理行政复议案件"]
    assert list(other["theme"]) == ["Administrative reform (放管服)", "Dispute resolution"]  # theme order


def test_changes_of_the_bundled_report(simp):
    c = compare.changes(simp)
    assert list(c["relation"].dropna()) == ["from", "to"]
    to = c[c["relation"] == "to"].iloc[0]
    assert to["direction"] == "down" and to["figure"].startswith("11")
    assert simp.text[int(to["start"]):int(to["start"]) + 2] == "11"


def test_documents_and_across_reports(corpus):
    docs, figs, across = corpus
    assert len(docs) == 30 and list(docs["kind"][:2]) == ["whole report", "opening"]
    assert (docs["kind"][1:] == "opening").all()
    opening = docs["text"].iat[1]
    assert len(opening.encode("utf-8")) <= compare.OPENING_BYTES and docs["text"].iat[0].startswith(opening)
    assert list(across["doc_id"]) == list(docs["doc_id"])
    for row in across.itertuples():
        n = int((figs["doc_id"] == row.doc_id).sum())
        assert row.n_figures == n
        assert row.per_1000_chars == pytest.approx(n / row.n_chars * 1000)
        assert 0 <= row.hedged <= 1
    whole = across.set_index("doc_id").loc["weixian-2019"]
    assert whole["n_figures"] == len(wx.load_report().figures().drop_duplicates(["start", "end"]))


def test_theme_shares_sum_to_one(corpus):
    _docs, figs, _across = corpus
    shares = compare.theme_shares(figs)
    sums = shares.drop(columns="doc_id").sum(axis=1)
    assert ((sums - 1).abs() < 1e-9).all()
    assert list(shares.columns[1:]) == list(wx.catalog.THEME_LABELS)


def test_units_and_placement(corpus):
    _docs, figs, across = corpus
    units = compare.unit_counts(figs)
    assert units["unit"].is_unique and units["n_documents"].is_monotonic_decreasing
    assert units.set_index("unit").loc["个工作日", "in_bundled"]
    place = compare.placement(across).set_index("measure")
    assert set(place.index) == {"per_1000_chars", "hedged", "n_figures"}
    assert ((place["opening_rank"] >= 1) & (place["opening_rank"] <= place["n_openings"])).all()


def test_shared_indicators_match_by_phrase():
    figs = pd.DataFrame({
        "doc_id": ["a", "b", "c", "c", "weixian-2019-opening"],
        "indicator_phrase": ["受理行政复议案件", "办理行政复议案件", "行政复议案件", "政务服务事项网上可办率",
                             "行政复议案件"],
    })
    out = compare.shared_indicators(figs)
    assert list(out["indicator"]) == ["行政复议案件"]
    row = out.iloc[0]
    assert row["n_documents"] == 3 and row["documents"] == "a、b、c" and not row["in_bundled"]
    glossed = pd.DataFrame({"doc_id": ["a", "b"], "indicator_phrase": ["会前学(xué)法", "会前学法"]})
    assert list(compare.shared_indicators(glossed)["indicator"]) == ["会前学法"]


@pytest.mark.parametrize("place, short", [("河北省邢台市威县", "威县"), ("广东省广州市", "广州市"),
                                          ("云南省红河哈尼族彝族自治州金平苗族瑶族傣族自治县", "金平县"),
                                          ("安徽省", "安徽省"), ("广西壮族自治区桂林市", "桂林市")])
def test_short_place(place, short):
    assert compare_charts.short_place(place) == short


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_charts_draw_every_document_without_missing_glyphs(corpus, lang):
    _docs, figs, across = corpus
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dens = compare_charts.density_chart(across, lang=lang)
        share = compare_charts.theme_share_chart(compare.theme_shares(figs), across, lang=lang)
        dens.savefig(__import__("io").BytesIO(), format="png")
        share.savefig(__import__("io").BytesIO(), format="png")
    bars = dens.axes[0].patches
    assert len(bars) == len(across)
    ordered = across.sort_values("per_1000_chars", kind="stable")
    heights = [b.get_width() for b in bars]
    assert heights == pytest.approx(list(ordered["per_1000_chars"]))
    from matplotlib.colors import to_hex

    wei = [to_hex(b.get_facecolor()) for b, d in zip(bars, ordered["doc_id"], strict=True) if d.startswith("weixian")]
    assert wei == [PALETTE["accent"]] * 2
    assert len(share.axes[0].patches) == len(across) * len(wx.catalog.THEME_LABELS)
