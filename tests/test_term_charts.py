"""Vocabulary charts: drawn in every language with no missing glyph, bars equal to the tables behind them."""

from __future__ import annotations

import io
import warnings

import matplotlib
import pytest
from matplotlib.figure import Figure

import wxanalysis as wx
from wxanalysis import term_charts
from wxanalysis.terms import distinctive_terms

pytestmark = pytest.mark.filterwarnings("error::UserWarning")
LANGS = ["zh-Hans", "zh-Hant", "en"]


@pytest.fixture(scope="module")
def simp() -> wx.Report:
    return wx.load_report(script="simplified")


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph … missing" is a UserWarning raised at draw time
        fig.savefig(buf, format="png")
    return buf.getvalue()


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


@pytest.mark.parametrize("lang", LANGS)
def test_every_chart_renders_in_every_language(simp: wx.Report, lang: str) -> None:
    terms = simp.terms()
    figs = [term_charts.top_terms(terms, simp.sections, lang=lang),
            term_charts.term_heatmap(terms, simp.sections, lang=lang),
            term_charts.distinctive(distinctive_terms(simp), lang=lang),
            term_charts.formula_counts(simp.formulas(), lang=lang)]
    for fig in figs:
        assert _png(fig).startswith(b"\x89PNG")
    texts = " ".join(_texts(figs[0]))
    if lang == "en":
        assert "normative documents" in texts and "规范性文件" not in texts
    elif lang == "zh-Hant":
        assert "規範性文件" in texts
    else:
        assert "规范性文件" in texts


def test_top_terms_bars_are_the_counts(simp: wx.Report) -> None:
    terms = simp.terms()
    fig = term_charts.top_terms(terms, simp.sections, lang="zh-Hans", n=5)
    bars = {p.get_gid(): p.get_width() for ax in fig.axes for p in ax.patches if p.get_gid()}
    expected = terms[terms["part"].eq("section")].groupby("section").head(5)
    assert len(bars) == len(expected)
    for row in expected.itertuples():
        assert bars[f"s{row.section}_{row.key}"] == row.count


def test_distinctive_bars_are_the_z_scores(simp: wx.Report) -> None:
    table = distinctive_terms(simp)
    fig = term_charts.distinctive(table, lang="en")
    bars = {p.get_gid(): p.get_width() for p in fig.axes[0].patches}
    assert bars == pytest.approx({f"z_{k}": z for k, z in zip(table["key"], table["z"], strict=True)})


def test_bad_language_is_refused(simp: wx.Report) -> None:
    with pytest.raises(ValueError, match="lang"):
        term_charts.formula_counts(simp.formulas(), lang="fr")  # type: ignore[arg-type]
