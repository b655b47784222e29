"""CJK fonts: a system font is preferred, the packaged Noto Sans CJK is the fallback, and no chart misses a glyph.

Both paths are exercised whatever the machine has: the fallback by making the system lookup find nothing.
Missing-glyph warnings are errors here; glyphs are looked up at draw time, so every check renders to PNG.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import pytest
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.text import Text

import wxanalysis as wx
from wxanalysis import charts, fonts, tables

pytestmark = pytest.mark.filterwarnings("error::UserWarning")


def _render_png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(buf, format="png")  # outside the chart style, as IPython draws it
    return buf.getvalue()


def _title(fig: Figure) -> Text:
    return next(t for t in fig.findobj(Text) if t.get_text() and t.get_text() == fig.get_suptitle())


def _all_chart_words() -> str:
    return "".join(v for lang in charts.LANGS for v in charts.vocabulary(lang).values())


@pytest.fixture(scope="module")
def reports() -> dict[str, wx.Report]:
    return {"simplified": wx.load_report(script="simplified"), "traditional": wx.load_report(script="traditional")}


@pytest.fixture
def fresh_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forget the process's font choice for this test; the original is restored afterwards."""
    monkeypatch.setattr(fonts, "_chosen", None)


def test_missing_glyph_is_an_error_here() -> None:
    """The guard works: Chinese text in a Latin-only font fails the render."""
    fig = Figure()
    fig.text(0.1, 0.5, "威县", family="DejaVu Sans")
    with pytest.raises(UserWarning, match="missing from font"):
        _render_png(fig)


def test_setup_is_idempotent_and_covers_both_scripts(fresh_choice: None) -> None:
    family = fonts.setup_cjk_font()
    assert fonts.setup_cjk_font() == family
    assert family in {e.name for e in font_manager.fontManager.ttflist}
    assert fonts.missing_glyphs(family, fonts.PROBE) == set()
    cjk = {c for c in _all_chart_words() if ord(c) >= 0x2E80}
    assert fonts.missing_glyphs(family, "".join(cjk)) == set()


def test_setup_does_not_touch_global_rcparams(fresh_choice: None) -> None:
    import matplotlib

    before = (list(matplotlib.rcParams["font.family"]), list(matplotlib.rcParams["font.sans-serif"]))
    fonts.setup_cjk_font(refresh=True)
    after = (list(matplotlib.rcParams["font.family"]), list(matplotlib.rcParams["font.sans-serif"]))
    assert after == before


def test_packaged_font_registers_the_sc_face() -> None:
    from noto_cjk_sans_otc import FONT_PATH

    family = fonts.register_packaged_font()
    assert family == "Noto Sans CJK SC"  # matplotlib >= 3.11 registers every face of the collection
    assert Path(fonts.font_path(family)) == Path(FONT_PATH)
    assert fonts.missing_glyphs(family, fonts.PROBE) == set()


def test_fallback_path_renders_every_chart_without_missing_glyphs(
    fresh_choice: None, monkeypatch: pytest.MonkeyPatch, reports: dict[str, wx.Report]
) -> None:
    """As on a machine without any CJK font: the packaged font is chosen and every chart renders clean."""
    from noto_cjk_sans_otc import FONT_PATH

    monkeypatch.setattr(fonts, "find_system_cjk_font", lambda: None)
    family = fonts.setup_cjk_font(refresh=True)
    assert family == fonts.PACKAGED_FAMILY
    for name, (fn, table_names) in charts.CHARTS.items():
        for lang in charts.LANGS:
            report = reports["traditional" if lang == "zh-Hant" else "simplified"]
            fig = fn(*(getattr(tables, t)(report) for t in table_names), lang=lang)
            title = fig.get_suptitle()
            assert title, name
            used = font_manager.findfont(_title(fig).get_fontproperties())
            assert Path(used) == Path(FONT_PATH), (name, lang, used)
            assert _render_png(fig)[:8] == b"\x89PNG\r\n\x1a\n"


def _system_cjk_or_skip() -> str:
    family = fonts.find_system_cjk_font()
    if family is None:
        pytest.skip("no system CJK font on this machine (apt-get install fonts-wqy-microhei to test this path)")
    return family


def test_system_font_is_preferred(fresh_choice: None, reports: dict[str, wx.Report]) -> None:
    system = _system_cjk_or_skip()
    assert fonts.setup_cjk_font(refresh=True) == system
    fig = charts.approval_time(tables.approval_time(reports["simplified"]), lang="zh-Hans")
    assert _title(fig).get_fontproperties().get_family()[0] == system
    _render_png(fig)


def test_system_font_found_despite_a_stale_font_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """A font installed after matplotlib built its cache is found by scanning the font folders."""
    system = _system_cjk_or_skip()
    system_files = {e.fname for e in font_manager.fontManager.ttflist if e.name == system}
    stale = [e for e in font_manager.fontManager.ttflist if e.fname not in system_files]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", stale)
    assert system not in {e.name for e in font_manager.fontManager.ttflist}
    assert fonts.find_system_cjk_font() is not None
    assert system in {e.name for e in font_manager.fontManager.ttflist}
