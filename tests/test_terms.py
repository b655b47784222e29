"""Vocabulary: dictionary terms kept whole, tokens with exact spans in both scripts, terms() and kwic() traceable
to the text, and the log-odds statistic on examples whose answer is known."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

import wxanalysis as wx
from wxanalysis import segment
from wxanalysis.catalog import THEME_LABELS
from wxanalysis.errors import CurationError, ReportError
from wxanalysis.terms import TERM_TABLE_COLUMNS, distinctive_terms, log_odds_dirichlet
from wxanalysis.text import convert_script, fold_to_simplified

ROOT = Path(__file__).resolve().parents[1]
CORPUS = sorted((ROOT / "data" / "corpus").glob("devset*/texts/*.txt"))
TERMS = list(segment.load_terms()["term"])


# --- the dictionary and the stop words ----------------------------------------------------------------------


def test_dictionary_has_the_genre_terms_with_known_themes() -> None:
    terms = segment.load_terms()
    for t in ["放管服", "一网通办", "行政复议", "规范性文件", "重大行政决策", "出庭应诉", "人民调解", "合法性审查",
              "双随机一公开", "三项制度"]:
        assert t in set(terms["term"]), t
    assert set(terms["theme"]) == set(THEME_LABELS) | {"other"}
    assert terms["gloss_en"].str.len().min() > 0
    assert not terms["term"].duplicated().any()


def test_stopwords_are_data_and_never_hide_a_dictionary_term() -> None:
    stop = segment.stopwords()
    assert {"一是", "进一步", "以及"} <= stop
    assert not stop & set(TERMS)
    lines = [w for w in (ROOT / "wxanalysis/data/stopwords.txt").read_text(encoding="utf-8").splitlines()
             if w and not w.startswith("#")]
    assert len(lines) == len(set(lines)), "a stop word is listed twice"


def test_a_bad_dictionary_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bad = tmp_path / "terms.csv"
    bad.write_text("term,theme,gloss_en\n行政復議,dispute_resolution,reconsideration\n", encoding="utf-8")

    class Files:
        def joinpath(self, *parts: str) -> Path:
            return bad

    monkeypatch.setattr(segment.resources, "files", lambda _pkg: Files())
    segment.load_terms.cache_clear()
    try:
        with pytest.raises(CurationError, match="simplified"):
            segment.load_terms()
        bad.write_text("term,theme,gloss_en\n行政复议,justice,reconsideration\n", encoding="utf-8")
        segment.load_terms.cache_clear()
        with pytest.raises(CurationError, match="unknown themes"):
            segment.load_terms()
    finally:
        segment.load_terms.cache_clear()


@pytest.mark.parametrize("term", TERMS)
def test_each_dictionary_term_is_kept_whole(term: str) -> None:
    """In a sentence, in both scripts, the term is one token (a general segmenter splits most of them)."""
    for sentence in (f"我县全面推进{term}工作", f"关于{term}的说明。"):
        for text in (sentence, convert_script(sentence, "traditional")):
            toks = segment.tokens(text)
            i = sentence.index(term)
            hit = toks[(toks["start"] == i) & (toks["end"] == i + len(term))]
            assert len(hit) == 1 and bool(hit["dictionary"].iloc[0]), (term, list(toks["key"]))


def test_the_segmenter_alone_splits_terms_the_dictionary_keeps() -> None:
    import rjieba

    assert rjieba.cut("法治政府建设", True) != ["法治政府建设"]
    assert segment.tokens("法治政府建设")["key"].tolist() == ["法治政府建设"]


# --- tokens -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [None, *CORPUS[:4], *CORPUS[-4:]], ids=lambda p: p.name if p else "bundled")
def test_tokens_cover_the_text_with_exact_spans_and_agree_across_scripts(path: Path | None) -> None:
    trad = wx.load_report(path, script="traditional")
    simp = wx.load_report(path, script="simplified")
    a, b = segment.tokens(trad.text), segment.tokens(simp.text)
    for report, toks in ((trad, a), (simp, b)):
        assert toks["start"].iloc[0] == 0 and toks["end"].iloc[-1] == len(report.text)
        assert (toks["start"].iloc[1:].to_numpy() == toks["end"].iloc[:-1].to_numpy()).all()
        assert (toks["end"] > toks["start"]).all()
    assert a[["start", "end", "dictionary"]].equals(b[["start", "end", "dictionary"]])
    assert a["key"].tolist() == b["key"].tolist()


# --- terms() ------------------------------------------------------------------------------------------------


def test_terms_columns_and_values_trace_to_the_text(report: wx.Report) -> None:
    terms = report.terms()
    assert list(terms.columns) == TERM_TABLE_COLUMNS
    assert (terms["count"] > 0).all()
    assert set(terms["part"]) <= set(report.sections["kind"])
    assert set(terms["section"].dropna()) == set(report.sections["number"].dropna())
    assert set(terms["theme"].dropna()) <= set(THEME_LABELS) | {"other"}
    # each term is written in the report as shown
    for term in terms["term"].unique():
        assert term in report.text
    assert terms["dictionary"].eq(terms["theme"].notna()).all()


def test_terms_are_the_same_in_both_scripts(trad: wx.Report, simp: wx.Report) -> None:
    a, b = trad.terms(), simp.terms()
    cols = [c for c in TERM_TABLE_COLUMNS if c != "term"]
    pd.testing.assert_frame_equal(a[cols], b[cols])
    assert (a["term"].map(lambda t: convert_script(t, "simplified")) == b["key"]).all()


def _cannot_overlap(term: str) -> bool:
    """No other dictionary term overlaps an occurrence of ``term``, and it cannot overlap itself."""
    for other in TERMS:
        if other == term:
            continue
        if term in other or other in term:
            return False
        for k in range(1, min(len(term), len(other))):
            if term.endswith(other[:k]) or other.endswith(term[:k]):
                return False
    return all(not term.endswith(term[:k]) for k in range(1, len(term)))


@pytest.mark.parametrize("path", [None, *CORPUS[::5]], ids=lambda p: p.name if p else "bundled")
def test_dictionary_counts_equal_str_count(path: Path | None) -> None:
    for script in ("traditional", "simplified"):
        report = wx.load_report(path, script=script)
        terms = report.terms()
        totals = terms.groupby("key")["count"].sum()
        folded = fold_to_simplified(report.text)  # the raw text may write variants (複 for 復)
        checked = 0
        for term in TERMS:
            if not _cannot_overlap(term):
                continue
            assert totals.get(term, 0) == folded.count(term), term
            checked += folded.count(term) > 0
        assert checked > 0 or path is not None


def test_counts_per_part_add_up_and_shares_are_per_thousand_characters(simp: wx.Report) -> None:
    terms = simp.terms()
    # expected values read in the report: 行政复议 occurs four times, all in section 4
    rows = terms[terms["key"] == "行政复议"]
    assert rows[["section", "count"]].values.tolist() == [[4, 4]]
    sec = simp.sections.set_index("number").loc[4]
    nxt = simp.sections[simp.sections["start"] > sec["start"]]["start"].min()
    chars = sum(not c.isspace() for c in simp.text[sec["start"]:nxt])
    assert math.isclose(rows["share"].iloc[0], 4 * 1000 / chars)
    assert terms["count"].sum() == int(segment.counted(segment.tokens(simp.text)).sum())


def test_the_top_dictionary_term_of_each_section_has_its_theme(simp: wx.Report) -> None:
    terms = simp.terms()
    top = terms[terms["dictionary"] & terms["part"].eq("section")].groupby("section").head(1)
    themes = simp.sections.dropna(subset=["number"]).set_index("number")["theme"]
    assert len(top) == len(themes)
    for row in top.itertuples():
        assert row.theme == themes[row.section], row.term


def test_terms_works_on_a_corpus_excerpt() -> None:
    report = wx.load_report(CORPUS[0])
    terms = report.terms()
    assert len(terms) > 20
    assert "法治政府建设" in set(terms["key"])


# --- kwic() -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["行政复议", "行政復議", "调解", "調解", "规范性文件"])
def test_kwic_spans_are_exact_in_both_scripts(report: wx.Report, typed: str) -> None:
    rows = report.kwic(typed)
    key = fold_to_simplified(typed)
    assert len(rows) == fold_to_simplified(report.text).count(key) > 0
    for r in rows.itertuples():
        assert report.text[r.start:r.end] == r.term
        assert fold_to_simplified(r.term) == key
        assert report.script == "simplified" or r.term != key  # written in the report's script
        assert report.text[max(0, r.start - 20):r.start] == r.left
        assert report.text[r.end:r.end + 20] == r.right
    assert rows["start"].is_monotonic_increasing


def test_kwic_sections_agree_with_the_sections_table(simp: wx.Report) -> None:
    rows = simp.kwic("行政复议", width=5)
    assert set(rows["section"]) == {4}
    assert rows["left"].str.len().max() == 5
    rows = simp.kwic("规范性文件")
    assert set(rows["section"]) == {2}


def test_kwic_on_a_corpus_excerpt_and_bad_input() -> None:
    report = wx.load_report(CORPUS[3])
    rows = report.kwic("规范性文件", width=3)
    assert len(rows) == report.text.count("规范性文件") > 0
    assert rows["term"].eq("规范性文件").all()
    assert report.kwic("不在文中的词").empty
    with pytest.raises(ReportError):
        report.kwic("")
    with pytest.raises(ReportError):
        report.kwic("调解", width=-1)


# --- the statistic ------------------------------------------------------------------------------------------


def test_log_odds_known_answer() -> None:
    """Two texts of equal size: a word used at the same rate scores 0, the word over-used in the first text
    scores highest, and the one it under-uses lowest; swapping the texts flips every sign."""
    a = pd.Series({"甲": 40, "乙": 10, "丙": 50})
    b = pd.Series({"甲": 10, "乙": 40, "丙": 50})
    out = log_odds_dirichlet(a, b).set_index("key")
    assert list(out.index) == ["甲", "丙", "乙"]
    assert out.loc["丙", "delta"] == pytest.approx(0.0, abs=1e-12)
    assert out.loc["甲", "z"] > 1.96 and out.loc["乙", "z"] < -1.96
    back = log_odds_dirichlet(b, a).set_index("key")
    assert back["delta"].to_dict() == pytest.approx((-out["delta"]).to_dict())


def test_log_odds_matches_the_formula_by_hand() -> None:
    a = pd.Series({"x": 3, "y": 1})
    b = pd.Series({"x": 1, "y": 5})
    prior = pd.Series({"x": 1, "y": 1})
    out = log_odds_dirichlet(a, b, prior=prior, alpha0=2.0).set_index("key")
    # alpha_x = alpha_y = 1; n_a = 4, n_b = 6
    delta = math.log((3 + 1) / (4 + 2 - 3 - 1)) - math.log((1 + 1) / (6 + 2 - 1 - 1))
    se = math.sqrt(1 / (3 + 1) + 1 / (1 + 1))
    assert out.loc["x", "delta"] == pytest.approx(delta)
    assert out.loc["x", "z"] == pytest.approx(delta / se)
    with pytest.raises(ValueError):
        log_odds_dirichlet(a, b, prior=pd.Series({"x": 1}))


def test_distinctive_terms_on_a_constructed_corpus() -> None:
    """A report about 行政复议 against texts about 人民调解: 行政复议 is the top term, 人民调解 is not listed."""
    path_text = "行政复议。" * 6 + "法治政府建设。" * 3 + "人民调解。"
    corpus = ["人民调解。" * 6 + "法治政府建设。" * 3 + "行政复议。"] * 3

    class Fake:
        text = path_text
        sections = pd.DataFrame({"number": pd.array([pd.NA], dtype="Int64"), "kind": ["preamble"],
                                 "start": [0], "end": [len(path_text)]})

    out = distinctive_terms(Fake(), corpus, top=None, min_count=1)  # type: ignore[arg-type]
    assert out["key"].iloc[0] == "行政复议"
    assert out["z"].iloc[0] > 0 > out.set_index("key").loc["人民调解", "z"]
    assert out["theme"].iloc[0] == "dispute_resolution"


def test_distinctive_terms_of_the_bundled_report(simp: wx.Report) -> None:
    top = distinctive_terms(simp)
    assert len(top) == 10
    assert top["z"].is_monotonic_decreasing and (top["z"] > 0).all()
    assert (top["count"] >= 2).all()
    assert top["term"].map(lambda t: t in simp.text).all()


def test_what_notebook_08_says_holds(simp: wx.Report) -> None:
    """The notebook's prose, checked: place names and dispute-resolution words lead the distinctive terms; the
    genre's frame and 重大行政决策 return in the problems and the plans."""
    top = distinctive_terms(simp)
    assert top["key"].iloc[0] == "威县"
    assert {"调解", "矛盾纠纷", "河北省", "行政执法"} <= set(top["key"])
    terms = simp.terms()
    parts = lambda key: set(terms[terms["key"] == key]["part"])  # noqa: E731
    assert {"preamble", "problems", "plans"} <= parts("法治政府建设")
    assert {"problems", "plans"} <= parts("重大行政决策")


def test_a_text_without_parts_is_one_part() -> None:
    from wxanalysis.terms import term_table

    class Bare:
        text = "行政复议案件。行政复议决定。"
        sections = pd.DataFrame({"number": pd.array([], dtype="Int64"), "kind": pd.array([], dtype="string"),
                                 "start": pd.array([], dtype="int64"), "end": pd.array([], dtype="int64")})

    table = term_table(Bare())  # type: ignore[arg-type]
    row = table[table["key"] == "行政复议"].iloc[0]
    assert row["part"] == "document" and pd.isna(row["section"])
    assert row["count"] == 2 and row["share"] == pytest.approx(2 * 1000 / len(Bare.text))
