"""The notebooks' prose helpers: numbers, quotes and formulas from the tables, in either script and language."""

from __future__ import annotations

import pytest

from wxanalysis import narrative, tables


def test_fill_takes_numbers_quotes_and_members_from_the_tables(simp) -> None:
    text = narrative.fill(simp, "{approval_days_before}→{approval_days_after} ({approval_time_cut_pct}); "
                                "{disputes_mediated}; {dispute_mediation_success_rate}; {quote:legal_advisers}; "
                                "{members:四办} ({count:四办})")
    # expected values read in the report
    assert text == "60→11 (81.7%); 300+; 95%+; 「县政府法律顾问已增至4名」; 承诺办、网上办、就近办、全程代办 (4)"


@pytest.mark.parametrize("key", ["四办", "四辦"])
def test_formulas_are_found_in_either_script(trad, simp, key) -> None:
    assert narrative.fill(trad, f"{{members:{key}}}") == "承諾辦、網上辦、就近辦、全程代辦"
    assert narrative.fill(simp, f"{{count:{key}}}") == "4"


def test_template_chinese_follows_the_reports_script(trad, simp) -> None:
    template = "**四办** ({count:四办}) — 出庭应诉 {litigation_cases}"
    assert narrative.fill(trad, template) == "**四辦** (4) — 出庭應訴 2"
    assert narrative.fill(simp, template) == "**四办** (4) — 出庭应诉 2"


def test_fill_refuses_unknown_keys(simp) -> None:
    with pytest.raises(KeyError, match="no_such_indicator"):
        narrative.fill(simp, "{no_such_indicator}")
    with pytest.raises(KeyError, match="五办"):
        narrative.fill(simp, "{members:五办}")


def test_values_count_the_report_and_its_defects(trad) -> None:
    vals = narrative.values(trad)
    assert vals["n_sections"] == "5"
    assert vals["n_figures"] == str(len(trad.figures()))
    assert vals["litigation_lost"] == "0"
    assert vals["n_conversion_error"] == "2"
    assert vals["n_defects"] == str(len(trad.quality()))


@pytest.mark.parametrize(("lang", "label", "figure"), [
    ("en", "Disputes mediated", "300+ disputes"),
    ("zh-Hans", "调解矛盾纠纷", "300+起"),
    ("zh-Hant", "調解矛盾糾紛", "300+起"),
])
def test_evidence_speaks_the_language_and_traces_to_the_text(simp, lang, label, figure) -> None:
    ev = narrative.evidence(tables.mediation(simp), lang=lang)
    row = ev[ev["indicator"] == "disputes_mediated"].iloc[0]
    assert (row["label"], row["figure"]) == (label, figure)
    assert simp.text[row["start"]:row["end"]] == "300"


def test_part_text_quotes_every_line(simp) -> None:
    md = narrative.part_text(simp, "problems").data
    assert "败诉率较高" in md and md.startswith("> ")
    body = md.split("\n\n<small>")[0]
    assert all(line.startswith(">") for line in body.splitlines())
