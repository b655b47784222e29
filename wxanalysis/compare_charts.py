"""Charts of the comparison across reports (notebook 07): drawn from ``compare``'s tables, in the
project's chart style (``charts.style()``: the CJK font set up by ``wxanalysis.fonts``), in three languages."""

from __future__ import annotations

import re

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from .catalog import THEME_LABELS
from .charts import PALETTE, style
from .text import convert_script

__all__ = ["density_chart", "doc_labels", "short_place", "theme_share_chart"]

_WORDS = {
    "zh-Hans": {"density": "每千字列出的数字", "density_title": "各报告开头每千字列出多少数字（威县高亮）",
                "share": "占该报告数字的比例", "share_title": "各报告开头的数字属于哪些主题",
                "whole": "全文", "opening": "开头"},
    "en": {"density": "figures per 1,000 characters", "density_title":
           "How many figures each report's opening states per 1,000 characters (Wei County highlighted)",
           "share": "share of the document's figures", "share_title":
           "Which themes the figures of each report's opening are on", "whole": "whole", "opening": "opening"},
}
_THEME_COLOURS = ["#2f6f9f", "#8c6bb1", "#d98c2b", "#4c9a6a", "#c9a227", "#b8b8b8"]


def _w(lang: str, key: str) -> str:
    if lang == "en":
        return _WORDS["en"][key]
    text = _WORDS["zh-Hans"][key]
    return convert_script(text, "traditional") if lang == "zh-Hant" else text


_PREFIX = re.compile(r"^.+?(?:省|自治区|自治州|市)(?=.{2})")
_ETHNIC = re.compile(r"(?:(?:哈尼|土家|蒙古|朝鲜|维吾尔|哈萨克|柯尔克孜|布依|仫佬|毛南|达斡尔|鄂温克"
                     r"|[\u4e00-\u9fff])族)+自治")


def short_place(place: str) -> str:
    """The last administrative unit of a place name, without its ethnic qualifiers: 河北省邢台市威县 → 威县,
    云南省红河哈尼族彝族自治州金平苗族瑶族傣族自治县 → 金平县."""
    name = place
    while (m := _PREFIX.match(name)) is not None:
        name = name[m.end():]
    return _ETHNIC.sub("", name) or place


def doc_labels(across: pd.DataFrame, lang: str = "zh-Hans") -> list[str]:
    """A short label per document: the place's last part and the year (and whole/opening for Wei County)."""
    out = []
    for place, year, kind, doc in zip(across["place"], across["year"], across["kind"], across["doc_id"],
                                      strict=True):
        name = str(doc) if lang == "en" else short_place(str(place))
        if lang == "zh-Hant":
            name = convert_script(name, "traditional")
        label = f"{name} {'' if pd.isna(year) else int(year)}".strip()
        if str(doc).startswith("weixian"):
            label += f" ({_w(lang, 'whole' if kind == 'whole report' else 'opening')})"
        out.append(label)
    return out


def _figure(height: float) -> Figure:
    return Figure(figsize=(9.0, height), layout="constrained")


def density_chart(across: pd.DataFrame, lang: str = "zh-Hans") -> Figure:
    """Figures per 1,000 characters, one bar per document (table ``compare.across_reports``), Wei County's
    bars highlighted."""
    table = across.sort_values("per_1000_chars", kind="stable").reset_index(drop=True)
    labels = doc_labels(table, lang)
    colours = [PALETTE["accent"] if str(d).startswith("weixian") else PALETTE["main"] for d in table["doc_id"]]
    with matplotlib.rc_context(style()):
        fig = _figure(0.24 * len(table) + 1.2)
        ax = fig.subplots()
        ax.barh(range(len(table)), table["per_1000_chars"].to_numpy(dtype=float), color=colours)
        ax.set_yticks(range(len(table)), labels)
        ax.set_xlabel(_w(lang, "density"))
        fig.suptitle(_w(lang, "density_title"), x=0.01, ha="left", fontsize=11)
        fig.draw_without_rendering()  # tick labels made now, under the style, keep the CJK font
    return fig


def theme_share_chart(shares: pd.DataFrame, across: pd.DataFrame, lang: str = "zh-Hans") -> Figure:
    """Each document's figures by theme (table ``compare.theme_shares``), stacked to 1."""
    table = across[["doc_id", "place", "year", "kind"]].merge(shares, on="doc_id", how="left").fillna(
        {t: 0.0 for t in THEME_LABELS})
    labels = doc_labels(table, lang)
    with matplotlib.rc_context(style()):
        fig = _figure(0.24 * len(table) + 1.6)
        ax = fig.subplots()
        left = [0.0] * len(table)
        for colour, (theme, (hans, en)) in zip(_THEME_COLOURS, THEME_LABELS.items(), strict=True):
            vals = table[theme].to_numpy(dtype=float)
            name = en if lang == "en" else (convert_script(hans, "traditional") if lang == "zh-Hant" else hans)
            ax.barh(range(len(table)), vals, left=left, color=colour, label=name)
            left = [a + b for a, b in zip(left, vals, strict=True)]
        ax.set_yticks(range(len(table)), labels)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_xlabel(_w(lang, "share"))
        ax.legend(ncols=3, loc="upper center", bbox_to_anchor=(0.5, -0.06 - 1.0 / len(table)), fontsize=8)
        fig.suptitle(_w(lang, "share_title"), x=0.01, ha="left", fontsize=11)
        fig.draw_without_rendering()
    return fig
