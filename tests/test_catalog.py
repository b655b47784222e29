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
