"""Themed tables, derived indicators and the report's self-checks."""

from __future__ import annotations

import pandas as pd
import pytest

from wxanalysis import tables
from wxanalysis.errors import ConsistencyError


def _vals(df, by="stage"):
    return {k: v for k, v in zip(df[by], df["value"], strict=True)}


def test_every_themed_table_has_the_shared_columns(report):
    for name, fn in tables.THEMED_TABLES.items():
        df = fn(report)
        assert list(df.columns) == tables.THEMED_COLUMNS, name
        assert {c: str(t) for c, t in df.dtypes.items()} == tables.THEMED_DTYPES, name
        real = df[~df["derived"]]
        assert real["start"].notna().all() and real["quote"].notna().all(), name
        for r in real.itertuples():
            assert r.quote in report.text


def test_approval_time(trad):
    df = tables.approval_time(trad)
    assert _vals(df) == {"before": 60.0, "after": 11.0}
    d = tables.derived_indicators(trad).set_index("indicator")["value"]
    assert d["approval_days_cut"] == 49
    assert round(d["approval_time_cut_pct"], 1) == 81.7


def test_township_powers(trad):
    df = tables.township_powers(trad)
    got = {(g, s): v for g, s, v in zip(df["group"], df["stage"], df["value"], strict=True)}
    assert got == {("direct_approval", "before"): 15, ("direct_approval", "added"): 57,
                   ("direct_approval", "after"): 72, ("public_service", "before"): 71,
                   ("public_service", "added"): 42, ("public_service", "after"): 113}
    assert df.loc[df["stage"] == "after", "derived"].all()
    assert df.loc[df["stage"] == "after", "start"].isna().all()


def test_normative_documents_add_up(trad):
    df = tables.normative_documents(trad)
    v = _vals(df)
    assert v == {"reviewed": 54, "kept": 46, "amended": 2, "repealed": 6}
    assert v["kept"] + v["amended"] + v["repealed"] == v["reviewed"]


def test_permits(trad):
    df = tables.permits(trad)
    got = {(g, s): v for g, s, v in zip(df["group"], df["stage"], df["value"], strict=True)}
    assert got == {("original", "inspected"): 32, ("duplicate", "inspected"): 82, ("both", "replaced"): 14,
                   ("original", "new"): 5, ("duplicate", "new"): 12, ("original", "cancelled"): 5,
                   ("duplicate", "cancelled"): 16}


def test_reconsideration_and_litigation(trad):
    assert _vals(tables.reconsideration(trad)) == {"accepted": 6, "concluded": 6}
    lit = tables.litigation(trad).set_index("indicator")["value"]
    assert (lit["litigation_cases"], lit["litigation_won"], lit["litigation_pending"]) == (2, 1, 1)
    assert lit["head_in_court_rate"] == 100
    d = tables.derived_indicators(trad).set_index("indicator")["value"]
    assert d["reconsideration_closure_pct"] == 100
    assert d["litigation_lost"] == 0


def test_mediation(trad):
    m = tables.mediation(trad).set_index("indicator")
    assert m.loc["mediation_townships", "value"] == 16
    assert m.loc["mediation_villages", "value"] == 522
    assert (m.loc["disputes_mediated", "value"], m.loc["disputes_mediated", "qualifier"]) == (300, "at_least")
    assert m.loc["dispute_mediation_rate", "value"] == 100
    assert (m.loc["dispute_mediation_success_rate", "value"],
            m.loc["dispute_mediation_success_rate", "qualifier"]) == (95, "at_least")


def test_self_checks_hold(report):
    c = tables.verify(report)
    assert list(c.columns) == tables.CHECK_COLUMNS
    assert c["ok"].all() and len(c) >= 8
    assert "normative_documents_add_up" in set(c["check"])
    assert set(c["kind"]) == set(tables.CHECK_KINDS)
    assert set(c["relation"]) == {"==", "<="}


def test_checks_show_both_sides_of_the_relation(trad):
    c = tables.checks(trad).set_index("check")
    # values read in the report: 注销正本5个 of 32 originals inspected; 54 = 46 + 2 + 6
    row = c.loc["permits_cancelled_within_inspected_originals"]
    assert (row["left"], row["relation"], row["right"], row["kind"]) == (5, "<=", 32, "consistency")
    row = c.loc["normative_documents_add_up"]
    assert (row["left"], row["relation"], row["right"]) == (54, "==", 54)
    row = c.loc["permits_replaced_within_inspected"]
    assert (row["left"], row["right"]) == (14, 32 + 82)


def test_no_case_lost_is_a_finding_that_never_stops_the_build(trad):
    c = tables.checks(trad).set_index("check")
    assert c.loc["no_case_reported_lost", "kind"] == "finding"
    figs = trad.figures()
    figs.loc[figs["indicator"] == "litigation_won", "value"] = 0.0  # as if one case had been lost

    class Fake:
        script = trad.script
        text = trad.text

        def figures(self):
            return figs.copy()

    out = tables.verify(Fake()).set_index("check")
    assert not out.loc["no_case_reported_lost", "ok"]
    assert out.loc["no_case_reported_lost", "left"] == 2 and out.loc["no_case_reported_lost", "right"] == 1


def test_a_mismatch_stops_the_build(monkeypatch, trad):
    figs = trad.figures()
    figs.loc[figs["indicator"] == "normative_docs_kept", "value"] = 45.0

    class Fake:
        script = trad.script
        text = trad.text

        def figures(self):
            return figs.copy()

    with pytest.raises(ConsistencyError, match="normative_documents_add_up"):
        tables.verify(Fake())


def test_derived_indicators_columns(report):
    d = tables.derived_indicators(report)
    assert list(d.columns) == tables.DERIVED_COLUMNS
    assert d["value"].dtype == "float64"
    assert d["indicator"].is_unique


def test_figures_by_theme_and_sections_overview(report):
    ft = tables.figures_by_theme(report)
    assert ft["n_figures"].sum() == len(report.figures())
    assert list(ft["theme"].iloc[: len(tables.THEME_LABELS)]) == list(tables.THEME_LABELS)
    so = tables.sections_overview(report)
    assert so["n_figures"].sum() == len(report.figures())
    assert (so["n_chars"] > 0).all()


def test_all_tables_is_complete(report):
    t = tables.all_tables(report)
    assert {"sections", "figures", "formulas", "quality", "derived_indicators", "checks",
            "figures_by_theme"} <= set(t)
    assert set(tables.THEMED_TABLES) <= set(t)
    for name, df in t.items():
        assert isinstance(df, pd.DataFrame) and len(df.columns), name
