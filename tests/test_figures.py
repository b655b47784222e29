"""report.figures(): every figure of the 2019 report, labelled, with exact spans, in both scripts."""

from __future__ import annotations

import pandas as pd
import pytest

from wxanalysis.text import convert_script

# indicator, number as written, value, unit (traditional), qualifier, section (None = outside sections)
# Read from the report by eye; in text order.
EXPECTED = [
    ("approval_days_before", "60", 60, "個工作日", "exact", 1),
    ("approval_days_after", "11", 11, "個工作日", "exact", 1),
    ("commitment_exempt_items", "38", 38, "個", "exact", 1),
    ("online_service_items", "413", 413, "項", "exact", 1),
    ("online_application_rate", "100", 100, "%", "exact", 1),
    ("online_review_rate", "100", 100, "%", "exact", 1),
    ("township_direct_approvals_before", "15", 15, "項", "exact", 1),
    ("township_service_items_before", "71", 71, "項", "exact", 1),
    ("township_direct_approvals_added", "57", 57, "項", "exact", 1),
    ("township_service_items_added", "42", 42, "項", "exact", 1),
    ("county_items_in_townships", "98", 98, "項", "exact", 1),
    ("township_direct_online_items", "16", 16, "項", "exact", 1),
    ("normative_docs_reviewed", "54", 54, "件", "exact", 2),
    ("normative_docs_kept", "46", 46, "件", "exact", 2),
    ("normative_docs_amended", "2", 2, "件", "exact", 2),
    ("normative_docs_repealed", "6", 6, "件", "exact", 2),
    ("legal_advisers", "4", 4, "名", "exact", 2),
    ("adviser_documents_drafted", "3", 3, "件", "exact", 2),
    ("adviser_contracts_reviewed", "30", 30, "份", "at_least", 2),
    ("adviser_litigation_cases", "3", 3, "件", "exact", 2),
    ("enforcement_supervision_inspections", "2", 2, "次", "exact", 3),
    ("permit_originals_inspected", "32", 32, "個", "exact", 3),
    ("permit_duplicates_inspected", "82", 82, "個", "exact", 3),
    ("permits_replaced", "14", 14, "個", "exact", 3),
    ("permit_originals_new", "5", 5, "個", "exact", 3),
    ("permit_duplicates_new", "12", 12, "個", "exact", 3),
    ("permit_originals_cancelled", "5", 5, "個", "exact", 3),
    ("permit_duplicates_cancelled", "16", 16, "個", "exact", 3),
    ("medical_disputes_mediated", "30", 30, "件", "exact", 4),
    ("medical_mediation_success_rate", "100", 100, "%", "exact", 4),
    ("reconsideration_accepted", "6", 6, "件", "exact", 4),
    ("reconsideration_concluded", "6", 6, "件", "exact", 4),
    ("litigation_cases", "2", 2, "件", "exact", 4),
    ("litigation_won", "1", 1, "件", "exact", 4),
    ("litigation_pending", "1", 1, "件", "exact", 4),
    ("head_in_court_rate", "100", 100, "%", "exact", 4),
    ("mediation_townships", "16", 16, "個", "exact", 4),
    ("mediation_villages", "522", 522, "個", "exact", 4),
    ("disputes_mediated", "300", 300, "起", "at_least", 4),
    ("dispute_mediation_rate", "100", 100, "%", "exact", 4),
    ("dispute_mediation_success_rate", "95", 95, "%", "at_least", 4),
    ("citizen_hotline_hours", "24", 24, "小時", "exact", 5),
    ("plans_focus_areas", "三", 3, "個", "exact", None),
]
THEME_OF_SECTION = {1: "admin_reform", 2: "decision_making", 3: "law_enforcement", 4: "dispute_resolution",
                    5: "oversight"}
API_COLUMNS = ["value", "unit", "qualifier", "start", "end", "quote", "section", "theme", "indicator",
               "label_zh", "label_en"]


@pytest.fixture(scope="module")
def figs(trad):
    return trad.figures()


def test_columns_and_dtypes(report):
    f = report.figures()
    assert list(f.columns[: len(API_COLUMNS)]) == API_COLUMNS
    assert f["value"].dtype == "float64"
    for col in ("unit", "qualifier", "quote", "theme", "indicator", "label_zh", "label_en"):
        assert str(f[col].dtype) == "string", col
    assert f["start"].dtype == "int64" and f["end"].dtype == "int64"
    assert str(f["section"].dtype) == "Int64"


def test_every_figure_value_unit_qualifier_and_span(figs, trad):
    assert len(figs) == len(EXPECTED)
    for row, (key, number, value, unit, qual, section) in zip(figs.itertuples(), EXPECTED, strict=True):
        assert row.indicator == key
        assert trad.text[row.start:row.end] == number, key
        assert row.value == value, key
        assert row.unit == unit, key
        assert row.qualifier == qual, key
        if section is None:
            assert pd.isna(row.section) and pd.isna(row.theme), key
        else:
            assert row.section == section and row.theme == THEME_OF_SECTION[section], key
        assert number in row.quote and row.quote in trad.text, key
        assert not pd.isna(row.label_zh) and not pd.isna(row.label_en), key


def test_spans_are_unique_except_the_double_indicator(figs):
    spans = list(zip(figs["start"], figs["end"], strict=True))
    assert len(set(spans)) == len(spans) - 1
    two = figs[figs["indicator"].isin(["online_application_rate", "online_review_rate"])]
    assert two["start"].nunique() == 1 and two["end"].nunique() == 1
    assert len(figs) == 43 and len(set(spans)) == 42


def test_every_section_has_figures(figs):
    assert sorted(figs["section"].dropna().unique()) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    "not_a_figure",
    ["2019年度", "2020-01-06", "〔2020〕1号", "777737060/2020-882", "961890", "9月份", "10月份",
     "2020年1月2日", "七五", "一是", "六是"],
)
def test_non_figures_are_not_figures(figs, trad, not_a_figure):
    t = trad.text
    i = t.find(not_a_figure)
    assert i >= 0, not_a_figure
    while i >= 0:
        j = i + len(not_a_figure)
        assert not ((figs["start"] < j) & (figs["end"] > i)).any(), not_a_figure
        i = t.find(not_a_figure, i + 1)


def test_both_scripts_give_the_same_figures(trad, simp):
    a, b = trad.figures(), simp.figures()
    for col in ("value", "qualifier", "start", "end", "section", "theme", "indicator", "label_en"):
        assert a[col].equals(b[col]), col
    assert list(b["unit"]) == [convert_script(u, "simplified") for u in a["unit"]]
    assert b["unit"].iat[0] == "个工作日"
    assert list(b["label_zh"]) == list(b["label_zh_hans"])
    assert list(a["label_zh"]) == list(a["label_zh_hant"])


def test_quotes_are_verbatim_clauses(figs, trad):
    for row in figs.itertuples():
        assert trad.text[row.quote_start:row.quote_end] == row.quote
        assert row.quote_start <= row.start < row.end <= row.quote_end


def test_change_is_marked_from_to(figs):
    rel = figs.set_index("indicator")["relation"]
    assert rel["approval_days_before"] == "from" and rel["approval_days_after"] == "to"


def test_other_reports_get_no_labels(tmp_path, trad):
    p = tmp_path / "other.txt"
    p.write_text(trad.text.replace("2020年1月2日", "2020年1月3日"), encoding="utf-8")
    import wxanalysis as wx

    f = wx.load_report(p).figures()
    assert len(f) == 42 and f["indicator"].isna().all()
