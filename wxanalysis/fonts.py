"""A font for Chinese chart labels, on any machine.

``setup_cjk_font()`` picks, once per process, a font family that has every glyph the charts need, in
simplified and traditional script:

1. a CJK font the system already has (Noto Sans CJK / Source Han Sans, PingFang, Microsoft YaHei,
   WenQuanYi …), looked up in matplotlib's font list *and* by scanning the system font folders directly,
   because matplotlib's font cache may have been built before the font was installed;
2. otherwise the font shipped in the ``noto-cjk-sans-otc`` wheel (Noto Sans CJK, OFL), registered with
   matplotlib's font manager, using its "Noto Sans CJK SC" face.

It changes no rcParams: ``wxanalysis.charts`` puts the family it returns into its own style.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

log = logging.getLogger(__name__)

#: System font families tried in this order (simplified-Chinese faces first; each must also cover PROBE).
SYSTEM_CANDIDATES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
    "PingFang SC",
    "Hiragino Sans GB",
    "Microsoft YaHei",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Noto Sans CJK TC",
    "Source Han Sans TC",
    "PingFang TC",
    "Microsoft JhengHei",
    "Heiti SC",
    "SimHei",
    "Droid Sans Fallback",
)

#: The face of the packaged collection to use (matplotlib >= 3.11 registers every face of a .ttc).
PACKAGED_FAMILY = "Noto Sans CJK SC"

#: Characters a chosen font must have: simplified and traditional forms that the charts print.
PROBE = (
    "威县縣人民政府法治建设設报告報告审批審批时限時限压减壓減调解調解"
    "复议複議诉讼訴訟镇鎮项項审核審覈规范規範乡鄉"
)

_chosen: str | None = None


def _packaged_path() -> Path:
    from noto_cjk_sans_otc import FONT_PATH

    return Path(FONT_PATH)


def _entries(family: str, *, system_only: bool = False) -> list[font_manager.FontEntry]:
    packaged = _packaged_path() if system_only else None
    return [e for e in font_manager.fontManager.ttflist
            if e.name == family and (packaged is None or Path(e.fname) != packaged)]


def _regularness(entry: font_manager.FontEntry) -> tuple[bool, int]:
    weight = entry.weight if isinstance(entry.weight, int) else 400
    return (entry.style != "normal", abs(weight - 400))


def missing_glyphs(family: str, text: str, *, system_only: bool = False) -> set[str]:
    """The characters of ``text`` (other than whitespace) that the regular face of ``family`` lacks.

    Returns every character when the family is not registered with matplotlib (with ``system_only``: not
    registered from a file other than the packaged font).
    """
    wanted = {c for c in text if not c.isspace()}
    entries = _entries(family, system_only=system_only)
    if not entries:
        return wanted
    entry = min(entries, key=_regularness)
    charmap = FT2Font(entry.fname, face_index=getattr(entry, "index", 0)).get_charmap()
    return {c for c in wanted if ord(c) not in charmap}


def _covers(family: str, *, system_only: bool = False) -> bool:
    try:
        return not missing_glyphs(family, PROBE, system_only=system_only)
    except (OSError, RuntimeError, ValueError):  # unreadable font file
        return False


def _first_system_covering(candidates: Iterable[str]) -> str | None:
    packaged = _packaged_path()
    known = {e.name for e in font_manager.fontManager.ttflist if Path(e.fname) != packaged}
    for family in candidates:
        if family in known and _covers(family, system_only=True):
            return family
    return None


def _scan_system_fonts() -> int:
    """Register with matplotlib every system font file its (possibly stale) cache does not list.

    Returns the number of files added.
    """
    known = {str(Path(e.fname)) for e in font_manager.fontManager.ttflist}
    added = 0
    for path in sorted(font_manager.findSystemFonts()):
        if str(Path(path)) in known:
            continue
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError) as exc:  # a broken font file is not our problem
            log.debug("skipping font %s: %s", path, exc)
            continue
        added += 1
    return added


def find_system_cjk_font() -> str | None:
    """The family name of a system CJK font covering simplified and traditional script, or None.

    The packaged font does not count, even once registered.
    """
    family = _first_system_covering(SYSTEM_CANDIDATES)
    if family is None and _scan_system_fonts():
        family = _first_system_covering(SYSTEM_CANDIDATES)
    return family


def register_packaged_font() -> str:
    """Register the font of the ``noto-cjk-sans-otc`` wheel with matplotlib and return the family to use.

    "Noto Sans CJK SC" with matplotlib >= 3.11; with older versions, which register only the first face of a
    collection, whatever that face is called ("Noto Sans CJK JP"), which still covers both scripts.
    """
    path = _packaged_path()
    if not path.is_file():
        raise RuntimeError(f"the packaged CJK font is missing: {path}; reinstall noto-cjk-sans-otc")
    registered = [e for e in font_manager.fontManager.ttflist if Path(e.fname) == path]
    if not registered:
        font_manager.fontManager.addfont(str(path))
        registered = [e for e in font_manager.fontManager.ttflist if Path(e.fname) == path]
    names = [e.name for e in registered]
    family = PACKAGED_FAMILY if PACKAGED_FAMILY in names else names[0]
    if not _covers(family):
        missing = sorted(missing_glyphs(family, PROBE))
        raise RuntimeError(f"the packaged font {family} lacks glyphs: {missing}")
    return family


def setup_cjk_font(*, refresh: bool = False) -> str:
    """Make a CJK font available to matplotlib and return its family name (idempotent).

    A system CJK font is preferred; the packaged Noto Sans CJK is the fallback. The result is remembered for
    the process; ``refresh=True`` chooses again.
    """
    global _chosen
    if _chosen is None or refresh:
        family = find_system_cjk_font()
        if family is None:
            family = register_packaged_font()
            log.info("no system CJK font found; using the packaged %s", family)
        _chosen = family
    return _chosen


def font_path(family: str) -> str:
    """The file matplotlib uses for ``family`` (for tests and diagnostics)."""
    return str(font_manager.findfont(font_manager.FontProperties(family=[family]), fallback_to_default=False))
