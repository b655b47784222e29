"""Chart functions: titles state the finding with the tables' values, plotted values equal the tables', labels
follow the language, qualifiers show, no glyph is missing, and saved files are byte-identical on rerun."""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import matplotlib
import pandas as pd
import pytest
from matplotlib.figure import Figure

import wxanalysis as wx
from wxanalysis import charts, tables
from wxanalysis.charts import format_value

pytestmark = pytest.mark.filterwarnings("error::UserWarning")

#: Charts drawn with vertical bars (value = bar height); the others are horizontal (value = bar width).
VERTICAL = {"approval_time", "permits"}

#: Indicators whose value (with qualifier) each chart's title must state.
TITLE_FIGURES = {
    "approval_time": ["approval_days_before", "approval_days_after"],
    "online_services": ["online_service_items", "commitment_exempt_items", "county_items_in_townships"],
    "township_powers": ["township_direct_approvals_before", "township_direct_approvals_after",
                        "township_service_items_before", "township_service_items_after"],
    "permits": ["permit_originals_inspected", "permit_duplicates_inspected", "permits_replaced",
                "permit_originals_new", "permit_duplicates_new", "permit_originals_cancelled",
                "permit_duplicates_cancelled"],
    "mediation": ["mediation_townships", "mediation_villages", "disputes_mediated",
                  "dispute_mediation_success_rate"],
    "reconsideration_litigation": ["reconsideration_accepted", "reconsideration_concluded", "litigation_cases",
                                   "litigation_won", "litigation_pending"],
    "normative_documents": ["normative_docs_reviewed", "normative_docs_kept", "normative_docs_amended",
                            "normative_docs_repealed"],
    "legal_advisers": ["legal_advisers", "adviser_documents_drafted", "adviser_contracts_reviewed",
                       "adviser_litigation_cases"],
}


@pytest.fixture(scope="module")
def reports() -> dict[str, wx.Report]:
    return {"simplified": wx.load_report(script="simplified"), "traditional": wx.load_report(script="traditional")}


def _report_for(lang: str, reports: dict[str, wx.Report]) -> wx.Report:
    return reports["traditional" if lang == "zh-Hant" else "simplified"]


def _inputs(name: str, report: wx.Report) -> list[pd.DataFrame]:
    return [getattr(tables, t)(report) for t in charts.CHARTS[name][1]]


def _draw(name: str, lang: str, report: wx.Report) -> Figure:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return charts.CHARTS[name][0](*_inputs(name, report), lang=lang)


def _render_png(fig: Figure) -> bytes:
    """Render outside the chart style, as IPython's inline backend does; glyph warnings are raised here."""
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(buf, format="png", bbox_inches="tight")
    return buf.getvalue()


def _bars(fig: Figure) -> dict[str, matplotlib.patches.Rectangle]:
    return {p.get_gid(): p for ax in fig.axes for p in ax.patches if p.get_gid()}


def _texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]


def _value_of(bar: matplotlib.patches.Rectangle, vertical: bool) -> float:
    return abs(bar.get_height() if vertical else bar.get_width())


def _fmt(table: pd.DataFrame, indicator: str) -> str:
    row = table[table["indicator"] == indicator].iloc[0]
    return format_value(float(row["value"]), str(row["unit"]), str(row["qualifier"]))


# --- every chart, every language ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", charts.LANGS)
@pytest.mark.parametrize("name", sorted(charts.CHARTS))
def test_chart_renders_with_title_source_and_no_missing_glyph(name: str, lang: str, reports) -> None:
    fig = _draw(name, lang, _report_for(lang, reports))
    assert isinstance(fig, Figure)
    assert fig.get_suptitle().strip()
    assert charts.vocabulary(lang)["source"].split("\n")[0][:12] in " ".join(_texts(fig)).replace("\n", " ")
    png = _render_png(fig)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 10_000


@pytest.mark.parametrize("lang", charts.LANGS)
@pytest.mark.parametrize("name", sorted(TITLE_FIGURES))
def test_title_states_the_tables_figures(name: str, lang: str, reports) -> None:
    report = _report_for(lang, reports)
    table = pd.concat(_inputs(name, report), ignore_index=True)
    title = charts.CHARTS[name][0](*_inputs(name, report), lang=lang).get_suptitle()
    title = title.replace("\n", " " if lang == "en" else "")
    for indicator in TITLE_FIGURES[name]:
        assert _fmt(table, indicator) in title, (indicator, title)


def test_approval_title_states_the_cut_from_derived_indicators(reports) -> None:
    report = reports["simplified"]
    derived = tables.derived_indicators(report).set_index("indicator")["value"]
    pct = charts.format_number(round(derived["approval_time_cut_pct"], 1))
    title = charts.approval_time(tables.approval_time(report), lang="en").get_suptitle()
    assert f"(−{pct} %, computed)" in title
    assert "working days" in title


@pytest.mark.parametrize("name", sorted(TITLE_FIGURES))
def test_plotted_values_equal_the_tables(name: str, reports) -> None:
    report = reports["simplified"]
    table = pd.concat(_inputs(name, report), ignore_index=True)
    bars = _bars(_draw(name, "en", report))
    stated = table[~table["derived"] & ~table.apply(charts._is_stated_rate, axis=1)]
    assert set(bars) == set(stated["indicator"]), name
    for row in stated.itertuples():
        assert _value_of(bars[row.indicator], name in VERTICAL) == pytest.approx(row.value), row.indicator


def test_township_powers_stack_to_the_derived_totals(reports) -> None:
    table = tables.township_powers(reports["simplified"])
    fig = charts.township_powers(table, lang="en")
    bars = _bars(fig)
    texts = " ".join(_texts(fig))
    for group in ("direct_approval", "public_service"):
        rows = table[table["group"] == group].set_index("stage")
        before, added = rows.loc["before"], rows.loc["added"]
        assert bars[added["indicator"]].get_x() == pytest.approx(before["value"])  # stacked on "before"
        assert bars[added["indicator"]].get_x() + bars[added["indicator"]].get_width() == pytest.approx(
            rows.loc["after", "value"])
        assert bool(rows.loc["after", "derived"])
        assert f"After (computed) {_fmt(table, rows.loc['after', 'indicator'])} items" in texts
    assert fig.get_suptitle().count("(computed)") == 2


def test_normative_documents_parts_fill_the_total(reports) -> None:
    table = tables.normative_documents(reports["simplified"])
    bars = _bars(charts.normative_documents(table, lang="en"))
    by_stage = table.set_index("stage")["indicator"]
    parts = [bars[by_stage[s]] for s in ("kept", "amended", "repealed")]
    assert parts[0].get_x() == 0
    assert parts[-1].get_x() + parts[-1].get_width() == pytest.approx(bars[by_stage["reviewed"]].get_width())


def test_permits_draw_cancellations_as_outflows(reports) -> None:
    table = tables.permits(reports["simplified"])
    bars = _bars(charts.permits(table, lang="en"))
    for row in table.itertuples():
        height = bars[row.indicator].get_height()
        assert height == pytest.approx(-row.value if row.stage == "cancelled" else row.value)


def test_figures_by_theme_and_section_lengths_plot_their_tables(reports) -> None:
    report = reports["simplified"]
    by_theme = tables.figures_by_theme(report)
    bars = _bars(charts.figures_by_theme(by_theme, lang="en"))
    for row in by_theme.itertuples():
        key = f"theme_{row.theme}" if isinstance(row.theme, str) else "theme_none"
        assert bars[key].get_width() == row.n_figures
    title = charts.figures_by_theme(by_theme, lang="en").get_suptitle()
    assert f"states {by_theme['n_figures'].sum()} figures" in title
    overview = tables.sections_overview(report)
    widths = [p.get_width() for p in charts.section_lengths(overview, lang="en").axes[0].patches]
    assert widths == overview["n_chars"].astype(float).tolist()


def test_qualifiers_are_shown_on_the_bars(reports) -> None:
    report = reports["simplified"]
    mediation = " ".join(_texts(charts.mediation(tables.mediation(report), lang="en")))
    assert "300+" in mediation and "95%+" in mediation
    advisers = " ".join(_texts(charts.legal_advisers(tables.legal_advisers(report), lang="zh-Hans")))
    assert "30+份" in advisers


@pytest.mark.parametrize("lang", charts.LANGS)
def test_labels_follow_the_language(lang: str, reports) -> None:
    report = _report_for(lang, reports)
    table = tables.online_services(report)
    fig = charts.online_services(table, lang=lang)
    ticks = {t.get_text().replace("\n", " " if lang == "en" else "") for ax in fig.axes
             for t in ax.get_yticklabels()}
    drawn = ~table.apply(charts._is_stated_rate, axis=1)
    assert ticks == set(charts.label_column(table[drawn], lang))
    words = " ".join(_texts(fig)).replace("\n", " " if lang == "en" else "")
    assert all(label in words for label in charts.label_column(table[~drawn], lang))
    source = charts.vocabulary(lang)["source"]
    assert source in _texts(fig) or source.replace("\n", " ") in " ".join(_texts(fig)).replace("\n", " ")
    words = " ".join(_texts(fig))
    if lang == "zh-Hant":
        assert "威縣" in words and "威县" not in words
    elif lang == "zh-Hans":
        assert "威县" in words and "威縣" not in words
    else:
        assert "Source: Wei County" in words


def test_charts_leave_global_rcparams_alone(reports) -> None:
    before = dict(matplotlib.rcParams)
    _draw("approval_time", "zh-Hans", reports["simplified"])
    after = dict(matplotlib.rcParams)
    assert {k: v for k, v in after.items() if before.get(k) != v} == {}


def test_unknown_language_is_refused(reports) -> None:
    with pytest.raises(ValueError, match="lang"):
        charts.approval_time(tables.approval_time(reports["simplified"]), lang="fr")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "expected"),
    [
        (300.0, "起", "at_least", "300+"),
        (95.0, "%", "at_least", "95%+"),
        (100.0, "%", "exact", "100%"),
        (81.666666, "%", "exact", "81.7%"),
        (5.0, "个", "at_most", "≤5"),
        (40.0, "人次", "about", "~40"),
        (11.0, "个工作日", "exact", "11"),
    ],
)
def test_format_value(value: float, unit: str, qualifier: str, expected: str) -> None:
    assert format_value(value, unit, qualifier) == expected


def test_format_value_with_units() -> None:
    assert format_value(30.0, "份", "at_least", with_unit=True) == "30+份"
    assert format_value(30.0, "份", "at_least", with_unit=True, lang="en") == "30+ contracts"
    assert format_value(16.0, "个", with_unit=True, lang="en") == "16"
    assert format_value(2.0, "項", with_unit=True, lang="zh-Hans") == "2项"
    assert format_value(2.0, "项", with_unit=True, lang="zh-Hant") == "2項"


# --- saving ------------------------------------------------------------------------------------------------


def test_save_writes_png_svg_csv_byte_identically(tmp_path: Path, reports) -> None:
    table = tables.permits(reports["simplified"])
    first = charts.save(charts.permits(table), "permits", table, tmp_path / "a")
    second = charts.save(charts.permits(table), "permits", table, tmp_path / "b")
    assert [p.name for p in first] == ["permits.png", "permits.svg", "permits.csv"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    png, svg, csv = (p.read_bytes() for p in first)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"Software" not in png and b"tIME" not in png
    assert b"<dc:date>" not in svg and b"<svg" in svg
    assert csv.decode("utf-8") == table.to_csv(index=False, lineterminator="\n")
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["permits.csv", "permits.png", "permits.svg"]


def test_save_stacks_several_tables(tmp_path: Path, reports) -> None:
    report = reports["simplified"]
    recon, lit = tables.reconsideration(report), tables.litigation(report)
    fig = charts.reconsideration_litigation(recon, lit)
    csv = charts.save(fig, "cases", [recon, lit], tmp_path)[2]
    assert len(pd.read_csv(csv)) == len(recon) + len(lit)


def test_save_without_a_folder_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reports) -> None:
    """A hand run (figures_dir=None) writes no file, wherever it runs and whatever the environment says."""
    monkeypatch.setenv("WXANALYSIS_FIGURES_DIR", str(tmp_path / "env"))
    monkeypatch.chdir(tmp_path)
    table = tables.approval_time(reports["simplified"])
    assert charts.save(charts.approval_time(table), "approval_time", table) == []
    assert charts.draw(reports["simplified"], "approval_time").paths == []
    assert list(tmp_path.iterdir()) == []


def test_draw_saves_under_a_name_carrying_the_language_and_renders_once(tmp_path: Path, reports,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = charts.render
    monkeypatch.setattr(charts, "render", lambda fig, fmt: calls.append(fmt) or real(fig, fmt))
    chart = charts.draw(reports["simplified"], "permits", lang="en", figures_dir=tmp_path)
    assert [p.name for p in chart.paths] == ["permits_en.png", "permits_en.svg", "permits_en.csv"]
    assert sorted(calls) == ["png", "svg"]
    png, meta = chart._repr_png_()  # what a notebook shows: the PNG already rendered for the file
    assert png == chart.paths[0].read_bytes() and meta["width"] > 0
    assert sorted(calls) == ["png", "svg"]
    assert charts.file_stem("permits", "zh-Hans") == "permits"
    assert charts.file_stem("permits", "zh-Hant") == "permits_zh-Hant"
    with pytest.raises(KeyError, match="no chart"):
        charts.draw(reports["simplified"], "no_such_chart")


# --- saying no more than the report --------------------------------------------------------------------------


def _hatched(fig: Figure) -> list[matplotlib.patches.Rectangle]:
    return [p for ax in fig.axes for p in ax.patches if p.get_hatch()]


def test_lower_bounds_are_drawn_open_ended(reports) -> None:
    """300余 is a solid bar to 300 and a hatched continuation; 95%以上 a solid bar to 95 hatched up to 100."""
    report = reports["simplified"]
    fig = charts.mediation(tables.mediation(report), lang="zh-Hans")
    bars = _bars(fig)
    hatched = {round(p.get_x()): p for p in _hatched(fig)}
    assert bars["disputes_mediated"].get_width() == 300 and 300 in hatched
    assert bars["dispute_mediation_success_rate"].get_width() == 95
    assert hatched[95].get_x() + hatched[95].get_width() == pytest.approx(100)
    assert any("下限" in t for t in _texts(fig))
    exact = charts.approval_time(tables.approval_time(report), lang="en")
    assert not _hatched(exact)


@pytest.mark.parametrize("name", ["online_services", "mediation", "reconsideration_litigation", "legal_advisers"])
def test_no_axis_mixes_units_or_kinds(name: str, reports) -> None:
    report = reports["simplified"]
    table = pd.concat(_inputs(name, report), ignore_index=True).set_index("indicator")
    for ax in _draw(name, "en", report).axes:
        keys = [p.get_gid() for p in ax.patches if p.get_gid()]
        if not keys:
            continue
        assert len(set(table.loc[keys, "unit"])) == 1, keys
        if len(keys) > 1:  # several bars share an axis only when they count the same kind of thing
            assert name in {"online_services", "reconsideration_litigation"}, keys


@pytest.mark.parametrize("lang", charts.LANGS)
def test_rates_of_a_full_hundred_are_stated_not_drawn(lang: str, reports) -> None:
    report = _report_for(lang, reports)
    for name in ("online_services", "mediation", "reconsideration_litigation"):
        table = pd.concat(_inputs(name, report), ignore_index=True)
        fig = _draw(name, lang, report)
        full = table[table.apply(charts._is_stated_rate, axis=1)]
        assert len(full), name
        assert not set(full["indicator"]) & set(_bars(fig))
        words = " ".join(_texts(fig)).replace("\n", " " if lang == "en" else "")
        assert charts.vocabulary(lang)["stated_rates"] in words
        assert "100%" in words


def test_online_services_are_grouped_by_mode(reports) -> None:
    report = reports["simplified"]
    fig = charts.online_services(tables.online_services(report), lang="zh-Hans")
    titles = [ax.get_title(loc="left") for ax in fig.axes if ax.get_title(loc="left")]
    assert titles == ["网上办", "承诺办（承诺免审办证）", "就近办（派驻乡镇）"]
    by_axis = {ax.get_title(loc="left"): {p.get_gid() for p in ax.patches if p.get_gid()} for ax in fig.axes}
    assert by_axis["网上办"] == {"online_service_items"}
    assert by_axis["就近办（派驻乡镇）"] == {"county_items_in_townships", "township_direct_online_items"}


def test_computed_figures_are_marked_in_titles(reports) -> None:
    report = reports["simplified"]
    assert "计算值" in charts.approval_time(tables.approval_time(report), lang="zh-Hans").get_suptitle()
    assert "computed" in charts.approval_time(tables.approval_time(report), lang="en").get_suptitle()
    powers = charts.township_powers(tables.township_powers(report), lang="zh-Hans")
    assert powers.get_suptitle().count("计算值") == 2


def test_litigation_is_labelled_as_cases_with_an_agency_head_in_court(reports) -> None:
    report = reports["simplified"]
    recon, lit = tables.reconsideration(report), tables.litigation(report)
    en = charts.reconsideration_litigation(recon, lit, lang="en")
    assert "agency head in court" in en.get_suptitle()
    zh = charts.reconsideration_litigation(recon, lit, lang="zh-Hans")
    assert "负责人出庭应诉的行政诉讼" in zh.get_suptitle().replace("\n", "")


@pytest.mark.parametrize("bad", ["", "../x", "a/b", ".hidden"])
def test_save_refuses_bad_names(bad: str, tmp_path: Path, reports) -> None:
    table = tables.approval_time(reports["simplified"])
    with pytest.raises(ValueError, match="name"):
        charts.save(charts.approval_time(table), bad, table, tmp_path)


def test_english_units_agree_with_the_number() -> None:
    assert format_value(1.0, "件", with_unit=True, lang="en") == "1 case"
    assert format_value(2.0, "件", with_unit=True, lang="en") == "2 cases"
    assert charts.unit_name("件", "en") == "cases" and charts.unit_name("项", "zh-Hant") == "項"


def test_the_chosen_font_has_every_glyph_of_the_chart_words() -> None:
    from wxanalysis.fonts import missing_glyphs, setup_cjk_font

    words = "".join(text for lang in charts.LANGS for text in charts.vocabulary(lang).values())
    assert missing_glyphs(setup_cjk_font(), words) == set()
