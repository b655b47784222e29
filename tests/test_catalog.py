"""The curated label file: every entry names exactly one span, and mismatches fail loudly."""

from __future__ import annotations

import pandas as pd
import pytest

from wxanalysis import catalog
from wxanalysis.catalog import anchor_spans, label_figures, load_curation
from wxanalysis.errors import CurationError
from wxanalysis.extract import extract_figures
from wxanalysis.text import convert_script


@pytest.fixture(scope="module")
def simplified_text(trad):
    return convert_script(trad.text, "simplified")


def test_each_entry_matches_exactly_one_span(trad, simplified_text):
    cur = load_curation()
    figs = extract_figures(trad.text)
    for e in cur.itertuples():
        spans = anchor_spans(simplified_text, e.anchor)
        assert len(spans) == 1, e.indicator
        a, b = spans[0]
        inside = figs[(figs["start"] >= a) & (figs["end"] <= b)]
        assert len(inside) == 1, e.indicator


def test_curation_file_is_well_formed():
    cur = load_curation()
    assert cur["indicator"].is_unique
    assert cur["indicator"].str.fullmatch(r"[a-z][a-z0-9_]*").all()
    assert cur["label_en"].notna().all() and cur["label_zh"].notna().all()
    assert set(cur["theme"].dropna()) <= set(catalog.THEME_LABELS)


def _with_curation(monkeypatch, frame):
    monkeypatch.setattr(catalog, "load_curation", lambda: frame)


def test_anchor_matching_nothing_fails(monkeypatch, trad):
    cur = load_curation().copy()
    cur.loc[0, "anchor"] = "由61个工作日"
    _with_curation(monkeypatch, cur)
    with pytest.raises(CurationError, match="occurs 0 times"):
        label_figures(trad.text, trad.script, trad.sha256)


def test_anchor_matching_several_places_fails(monkeypatch, trad):
    cur = load_curation().copy()
    cur.loc[0, "anchor"] = "工作日"
    _with_curation(monkeypatch, cur)
    with pytest.raises(CurationError, match="occurs 2 times"):
        label_figures(trad.text, trad.script, trad.sha256)


def test_anchor_covering_two_figures_fails(monkeypatch, trad):
    cur = load_curation().copy()
    cur.loc[0, "anchor"] = "由60个工作日压减至11个工作日"
    _with_curation(monkeypatch, cur)
    with pytest.raises(CurationError, match="covers 2 figures"):
        label_figures(trad.text, trad.script, trad.sha256)


def test_uncurated_figure_fails(monkeypatch, trad):
    cur = load_curation().iloc[1:].reset_index(drop=True)
    _with_curation(monkeypatch, cur)
    with pytest.raises(CurationError, match="without a curated indicator"):
        label_figures(trad.text, trad.script, trad.sha256)


def test_theme_mismatch_fails(monkeypatch, trad):
    cur = load_curation().copy()
    cur.loc[0, "theme"] = "oversight"
    _with_curation(monkeypatch, cur)
    with pytest.raises(CurationError, match="curated theme"):
        label_figures(trad.text, trad.script, trad.sha256)


def test_labels_follow_the_report_script(trad, simp):
    a = trad.figures().set_index("indicator")
    b = simp.figures().set_index("indicator")
    assert b.loc["approval_days_before", "label_zh"] == "企业投资项目审批时限(改革前)"
    assert a.loc["approval_days_before", "label_zh"] == "企業投資項目審批時限(改革前)"
    assert not pd.isna(a.loc["approval_days_before", "label_en"])


_CLAUSE_END = set("，,。；;：:！？!?\n")


def test_every_automatic_phrase_lies_inside_or_next_to_its_curated_anchor(simp):
    """The curated labels stand; the automatic phrase of each curated figure overlaps its anchor or stands
    just before it in the same clause (审批时限 in 审批时限由60个工作日压减至11个工作日)."""
    cur = load_curation().set_index("indicator")
    text = simp.text
    for row in simp.figures().itertuples():
        a, b = anchor_spans(text, cur.loc[row.indicator, "anchor"])[0]
        assert not pd.isna(row.phrase_start), row.indicator
        ps, pe = int(row.phrase_start), int(row.phrase_end)
        if ps < b and a < pe:
            continue
        gap = text[pe:a] if pe <= a else text[b:ps]
        assert len(gap) <= 12 and not set(gap) & _CLAUSE_END, (row.indicator, row.indicator_phrase, gap)


def test_curated_themes_stand(trad):
    cur = load_curation().set_index("indicator")
    f = trad.figures()
    for key, theme in zip(f["indicator"], f["theme"], strict=True):
        want = cur.loc[key, "theme"]
        assert (pd.isna(want) and pd.isna(theme)) or want == theme, key


def test_label_figures_takes_plain_values(trad):
    f = label_figures(trad.text, trad.script, trad.sha256)
    assert f["indicator"].notna().all()
    other = label_figures(trad.text, trad.script, "0" * 64)
    assert other["indicator"].isna().all() and other["theme"].notna().all()
    assert other["indicator_phrase"].notna().sum() >= len(other) - 2


def test_themed_tables_work_on_other_reports(tmp_path):
    """Another report has none of Wei County's indicators: its themed tables are empty, not errors."""
    import wxanalysis as wx
    from wxanalysis import tables

    p = tmp_path / "other.txt"
    p.write_text("某县2023年法治政府建设情况报告\n一、深化放管服改革\n全年受理行政复议案件12件，办结11件。\n",
                 encoding="utf-8")
    rep = wx.load_report(p)
    out = tables.all_tables(rep)
    assert len(out["figures"]) == 2
    for name in tables.THEMED_TABLES:
        assert len(out[name]) == 0, name
    assert len(out["derived_indicators"]) == 0 and len(out["checks"]) == 0
    assert len(tables.verify(rep)) == 0
    by_theme = out["figures_by_theme"].set_index("theme")
    assert by_theme.loc["dispute_resolution", "n_figures"] == 2


def test_other_is_a_theme_with_labels():
    assert "other" in catalog.THEME_LABELS
    assert list(catalog.THEME_LABELS)[:5] == ["admin_reform", "decision_making", "law_enforcement",
                                             "dispute_resolution", "oversight"]
