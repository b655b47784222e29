"""Charts of the report's figures: one function per chart, each returning a matplotlib ``Figure``.

Every chart function takes the themed table(s) of ``wxanalysis.tables`` and ``lang`` ("zh-Hans", "zh-Hant" or
"en"). Titles state the finding and are built from the table's values; bars carry value labels (with the
report's qualifiers: "300+", "95%+") and the indicator key as their ``gid``; every chart has a source line.
Nothing here uses pyplot's global state: figures are ``matplotlib.figure.Figure`` objects drawn under one
style (``style()``), so nothing leaks between calls.

``draw(report, name, lang, figures_dir)`` draws a chart of ``CHARTS`` from the report's tables and, when the
build passes a folder, saves it; ``save(fig, name, data, figures_dir)`` writes ``<name>.png``, ``<name>.svg``
and ``<name>.csv`` (the table behind the chart), byte-identical on rerun, and nothing when ``figures_dir`` is
None (a hand run). No environment variable or other hidden state decides where files go.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import matplotlib
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .fonts import setup_cjk_font
from .paths import write_atomic

Lang = Literal["zh-Hans", "zh-Hant", "en"]
LANGS: tuple[Lang, ...] = ("zh-Hans", "zh-Hant", "en")

#: Resolution of saved PNGs (fixed, so reruns give the same bytes).
DPI = 150
#: Hash salt for SVG ids (fixed, so reruns give the same bytes).
SVG_HASHSALT = "wxanalysis"

PALETTE = {
    "main": "#2f6f9f",
    "light": "#a9c6de",
    "grey": "#b8b8b8",
    "up": "#4c9a6a",
    "down": "#c0504d",
    "accent": "#d98c2b",
    "text": "#333333",
    "muted": "#777777",
}

# --- vocabulary: the words of the charts (strings only; every number comes from the tables) -----------------

_VOCAB_HANS: dict[str, str] = {
    "source": "来源：威县人民政府2019年度法治政府建设情况报告",
    "count": "数量",
    "count_unit": "数量（{unit}）",
    "rate": "比率（%）",
    "chars": "篇幅（字）",
    "n_figures_axis": "数字个数（个）",
    "working_days": "审批时限（个工作日）",
    # stages and groups
    "before": "原有",
    "added": "新下放",
    "after": "下放后",
    "approval_before": "改革前",
    "approval_after": "改革后",
    "direct_approval": "直接审批事项",
    "public_service": "公共服务事项",
    "original": "正本",
    "duplicate": "副本",
    "both": "正副本",
    "inspected": "年检",
    "replaced": "换发新证",
    "new": "新办",
    "cancelled": "注销",
    "reviewed": "清理",
    "outcome": "清理结果",
    "kept": "保留",
    "amended": "修改",
    "repealed": "废止",
    # report parts
    "preamble": "引言",
    "problems": "存在问题",
    "plans": "工作打算",
    "closing": "落款",
    "section_n": "{number}. {theme}",
    "figures_suffix": "（{n}个数字）",
    # titles
    "t_figures_by_theme": "报告共列出{total}个数字，最多的是{top}（{top_n}个）",
    "t_section_lengths": "{n_sections}个部分占全文{share}%篇幅，最长的是{longest}（{n_chars}字）",
    "t_approval_time": "企业投资项目审批时限由{before}个工作日压减至{after}个工作日（−{pct}%，计算值）",
    "t_online_services": "“四办”中的三种：网上办政务服务事项{items}，承诺免审办证{commitment}，"
    "派驻乡镇办理县级审批事项{township}",
    "t_township_powers": "乡镇直接审批事项由{da_before}项增至{da_after}项（计算值），"
    "公共服务事项由{ps_before}项增至{ps_after}项（计算值）",
    "computed": "计算值",
    "after_computed": "下放后（计算值）",
    "mode_online": "网上办",
    "mode_commitment": "承诺办（承诺免审办证）",
    "mode_nearby": "就近办（派驻乡镇）",
    "stated_rates": "报告所述比率（无分母、无比较）：",
    "at_least_note": "斜线：报告只给下限（“余”“以上”），实际值不低于实线末端",
    "reconsideration": "行政复议",
    "litigation": "负责人出庭应诉的行政诉讼",
    "t_permits": "罚没许可证年检：正本{o_insp}个、副本{d_insp}个；换发{replaced}个，新办{o_new}/{d_new}个，"
    "注销{o_canc}/{d_canc}个",
    "t_mediation": "{towns}个乡镇、{villages}个村调委会全覆盖；调解纠纷{disputes}起，成功率{success}",
    "t_recon_litigation": "行政复议受理{accepted}件、办结{concluded}件；负责人出庭应诉的"
    "行政诉讼{cases}件：胜诉{won}件、审理中{pending}件",
    "t_normative_documents": "清理规范性文件{reviewed}件：保留{kept}件、修改{amended}件、废止{repealed}件",
    "t_legal_advisers": "{advisers}名法律顾问：起草文件{drafted}件，审核合同{contracts}份，处理诉讼{cases}件",
}

_VOCAB_EN: dict[str, str] = {
    "source": "Source: Wei County People's Government, 2019 rule-of-law government report "
    "(威县人民政府2019年度法治政府建设情况报告)",
    "count": "Count",
    "count_unit": "Count ({unit})",
    "rate": "Rate (%)",
    "chars": "Length (characters)",
    "n_figures_axis": "Figures stated (count)",
    "working_days": "Approval time (working days)",
    "before": "Before",
    "added": "Added",
    "after": "After",
    "approval_before": "Before reform",
    "approval_after": "After reform",
    "direct_approval": "Direct approvals",
    "public_service": "Public service items",
    "original": "Originals",
    "duplicate": "Duplicates",
    "both": "Originals and duplicates",
    "inspected": "Inspected",
    "replaced": "Replaced",
    "new": "Newly issued",
    "cancelled": "Cancelled",
    "reviewed": "Reviewed",
    "outcome": "Outcome",
    "kept": "Kept",
    "amended": "Amended",
    "repealed": "Repealed",
    "preamble": "Preamble",
    "problems": "Problems",
    "plans": "Plans",
    "closing": "Closing",
    "section_n": "{number}. {theme}",
    "figures_suffix": " ({n} figures)",
    "t_figures_by_theme": "The report states {total} figures; most are on {top} ({top_n})",
    "t_section_lengths": "The {n_sections} numbered sections make up {share} % of the text; the longest "
    "is {longest} ({n_chars} characters)",
    "t_approval_time": "Approval time for investment projects cut from {before} to {after} working days "
    "(−{pct} %, computed)",
    "t_online_services": "Three of the four modes (四办): {items} service items online, {commitment} licensed on "
    "commitment, {township} county items handled in townships",
    "t_township_powers": "Townships' direct approvals grew from {da_before} to {da_after} (computed), "
    "public service items from {ps_before} to {ps_after} (computed)",
    "computed": "computed",
    "after_computed": "After (computed)",
    "mode_online": "Online (网上办)",
    "mode_commitment": "By commitment (承诺办): licensed without review",
    "mode_nearby": "Nearby (就近办): in the townships",
    "stated_rates": "Rates as stated (no denominator, no comparison):",
    "at_least_note": "Hatched: the report gives only a lower bound (余, 以上); the value is at least the solid bar",
    "reconsideration": "Administrative reconsideration",
    "litigation": "Lawsuits with an agency head in court",
    "t_permits": "Permit annual inspection: {o_insp} originals and {d_insp} duplicates inspected, {replaced} "
    "replaced; new {o_new}/{d_new}, cancelled {o_canc}/{d_canc} (originals/duplicates)",
    "t_mediation": "Mediation committees in all {towns} townships and {villages} villages; "
    "{disputes} disputes mediated, {success} successfully",
    "t_recon_litigation": "Reconsideration: {concluded} of {accepted} cases concluded; "
    "lawsuits with an agency head in court: {cases}, {won} won, {pending} pending",
    "t_normative_documents": "{reviewed} normative documents reviewed: {kept} kept, {amended} amended, "
    "{repealed} repealed",
    "t_legal_advisers": "{advisers} legal advisers: {drafted} documents drafted, "
    "{contracts} contracts reviewed, {cases} lawsuits handled",
}

#: English names (plural, singular) of the report's measure words (simplified script); those missing print no
#: unit in English.
UNITS_EN_FORMS: dict[str, tuple[str, str]] = {
    "个工作日": ("working days", "working day"),
    "项": ("items", "item"),
    "件": ("cases", "case"),
    "份": ("contracts", "contract"),
    "名": ("people", "person"),
    "次": ("times", "time"),
    "起": ("disputes", "dispute"),
    "小时": ("hours", "hour"),
    "人次": ("person-times", "person-time"),
    "元": ("yuan", "yuan"),
    "个": ("", ""),
}
#: The plural English names (as used on axes).
UNITS_EN: dict[str, str] = {k: plural for k, (plural, _) in UNITS_EN_FORMS.items()}


def _to_script(text: str, lang: Lang) -> str:
    if lang == "en" or not text:
        return text
    from .text import convert_script

    return convert_script(text, "traditional" if lang == "zh-Hant" else "simplified")


@lru_cache(maxsize=3)
def vocabulary(lang: Lang) -> dict[str, str]:
    """The chart words for ``lang`` (zh-Hant is the simplified vocabulary converted with OpenCC s2t)."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    if lang == "en":
        return dict(_VOCAB_EN)
    return {k: _to_script(v, lang) for k, v in _VOCAB_HANS.items()}


def _v(lang: Lang, key: str, **fields: Any) -> str:
    text = vocabulary(lang)[key]
    return text.format(**fields) if fields else text


# --- formatting ---------------------------------------------------------------------------------------------


def format_number(value: float) -> str:
    """A value as printed in the report: integers without decimals, others with up to one decimal."""
    if math.isclose(value, round(value)):
        return str(int(round(value)))
    return f"{value:.1f}"


def format_value(value: float, unit: str = "", qualifier: str = "exact", *, with_unit: bool = False,
                 lang: Lang = "zh-Hans") -> str:
    """A figure with its qualifier: ``300+`` (at least), ``95%+``, ``≤5`` (at most), ``~40`` (about).

    ``with_unit=True`` appends the unit (the Chinese measure word, or its English name for ``lang="en"``).
    """
    text = format_number(value)
    if unit == "%":
        text += "%"
    if qualifier == "at_least":
        text += "+"
    elif qualifier == "at_most":
        text = "≤" + text
    elif qualifier == "about":
        text = "~" + text
    if with_unit and unit and unit != "%":
        if lang == "en":
            plural, singular = UNITS_EN_FORMS.get(_to_script(unit, "zh-Hans"), ("", ""))
            name = singular if value == 1 else plural
            text += f" {name}" if name else ""
        else:
            text += _to_script(unit, lang)
    return text


def unit_name(unit: str, lang: Lang) -> str:
    """The name of a measure word on an axis: the word in ``lang``'s script, or its plural English name."""
    if lang == "en":
        return UNITS_EN.get(_to_script(unit, "zh-Hans"), "")
    return _to_script(unit, lang)


def _wrap(text: str, lang: Lang, width_en: int, width_zh: int) -> str:
    width = width_en if lang == "en" else width_zh
    return "\n".join(textwrap.wrap(text, width=width, break_on_hyphens=False)) if len(text) > width else text


# --- table access -------------------------------------------------------------------------------------------


def label_column(table: pd.DataFrame, lang: Lang) -> pd.Series:
    """The label of each row in ``lang`` (``label_zh_hans``/``label_zh_hant``/``label_en``)."""
    if lang == "en":
        return table["label_en"].astype("string")
    col = "label_zh_hans" if lang == "zh-Hans" else "label_zh_hant"
    if col in table.columns:
        return table[col].astype("string")
    return table["label_zh"].astype("string").map(lambda s: _to_script(s, lang) if isinstance(s, str) else s)


def _row(table: pd.DataFrame, *, indicator: str | None = None, group: str | None = None,
         stage: str | None = None) -> pd.Series:
    mask = pd.Series(True, index=table.index)
    for col, want in (("indicator", indicator), ("group", group), ("stage", stage)):
        if want is not None:
            mask &= table[col].astype("string").eq(want).fillna(False).astype(bool)
    rows = table[mask]
    if len(rows) != 1:
        raise ValueError(f"expected one row with indicator={indicator} group={group} stage={stage}, "
                         f"found {len(rows)}")
    return rows.iloc[0]


def _fmt(row: pd.Series, *, with_unit: bool = False, lang: Lang = "zh-Hans") -> str:
    return format_value(float(row["value"]), str(row["unit"]), str(row["qualifier"]), with_unit=with_unit,
                        lang=lang)


# --- style --------------------------------------------------------------------------------------------------


def style() -> dict[str, Any]:
    """The rcParams every chart is drawn and saved under (the CJK font first, DejaVu Sans for the rest)."""
    family = setup_cjk_font()
    return {
        # Concrete family names, not the generic "sans-serif": a Text keeps its family list, and a generic name
        # would be resolved with whatever rcParams hold when the figure is drawn later (e.g. by IPython).
        "font.family": [family, "DejaVu Sans"],
        "axes.unicode_minus": True,
        "font.size": 9.5,
        "axes.titlesize": 10,
        "axes.labelsize": 9.5,
        "axes.labelcolor": PALETTE["text"],
        "axes.edgecolor": PALETTE["muted"],
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": False,
        "axes.axisbelow": True,
        "xtick.color": PALETTE["text"],
        "ytick.color": PALETTE["text"],
        "legend.frameon": False,
        "figure.dpi": 100,
        "figure.facecolor": "white",
        "savefig.dpi": DPI,
        "savefig.facecolor": "white",
        "svg.hashsalt": SVG_HASHSALT,
        "svg.fonttype": "path",
        "path.simplify": True,
    }


@contextmanager
def _styled() -> Iterator[None]:
    with matplotlib.rc_context(style()):
        yield


def _new_figure(lang: Lang, *, width: float = 9.0, height: float = 4.6, ncols: int = 1,
                width_ratios: Sequence[float] | None = None) -> tuple[Figure, list[Axes]]:
    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(1, ncols, width_ratios=width_ratios, squeeze=False)[0]
    return fig, list(axes)


def _finish(fig: Figure, title: str, lang: Lang) -> Figure:
    fig.suptitle(_wrap(title, lang, 95, 44), x=0.01, ha="left", fontsize=11.5,
                 color=PALETTE["text"])
    fig.text(0.01, 0.012, _wrap(_v(lang, "source"), lang, 150, 80), fontsize=7.5, color=PALETTE["muted"],
             ha="left", va="bottom")
    fig.get_layout_engine().set(rect=(0, 0.05, 1, 0.95))
    # Create tick labels now, under the chart style, so the CJK font sticks when the figure is drawn later
    # (new ticks copy the font of the first one).
    fig.draw_without_rendering()
    return fig


def _hbars(ax: Axes, labels: Sequence[str], values: Sequence[float], texts: Sequence[str],
           gids: Sequence[str], color: str, *, label_width: int) -> None:
    positions = list(range(len(values)))
    bars = ax.barh(positions, values, color=color, height=0.62)
    for bar, gid in zip(bars, gids, strict=True):
        bar.set_gid(gid)
    ax.bar_label(bars, labels=list(texts), padding=3, fontsize=9, color=PALETTE["text"])
    ax.set_yticks(positions, [_wrap_label(s, label_width) for s in labels])
    ax.set_ylim(max(len(values), 3) - 0.5, -0.5)  # top to bottom; a lone bar is not drawn fat
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.margins(x=0.18)


def _wrap_label(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width=width, break_on_hyphens=False)) or text


def _label_width(lang: Lang) -> int:
    return 26 if lang == "en" else 13


# --- the charts ---------------------------------------------------------------------------------------------


def figures_by_theme(table: pd.DataFrame, lang: Lang = "zh-Hans") -> Figure:
    """How many figures the report states in each theme (table ``figures_by_theme``)."""
    vocabulary(lang)
    labels = label_column(table, lang).tolist()
    values = table["n_figures"].astype(float).tolist()
    top = int(table["n_figures"].astype(float).idxmax())
    with _styled():
        fig, (ax,) = _new_figure(lang, height=4.0)
        gids = [f"theme_{t}" for t in table["theme"].astype("string").fillna("none")]
        _hbars(ax, labels, values, [format_number(v) for v in values], gids, PALETTE["main"],
               label_width=_label_width(lang))
        ax.set_xlabel(_v(lang, "n_figures_axis"))
        title = _v(lang, "t_figures_by_theme", total=format_number(sum(values)), top=labels[top],
                   top_n=format_number(values[top]))
        return _finish(fig, title, lang)


def _part_label(row: pd.Series, lang: Lang) -> str:
    from .catalog import THEME_LABELS

    if row["kind"] == "section" and not pd.isna(row["theme"]):
        hans, en = THEME_LABELS[str(row["theme"])]
        theme = en if lang == "en" else _to_script(hans, lang)
        number = "" if pd.isna(row["number"]) else str(int(row["number"]))
        return _v(lang, "section_n", number=number, theme=theme)
    return _v(lang, str(row["kind"]))


def section_lengths(table: pd.DataFrame, lang: Lang = "zh-Hans") -> Figure:
    """Length in characters of each part of the report and the figures it states (``sections_overview``)."""
    vocabulary(lang)
    labels = [_part_label(row, lang) for _, row in table.iterrows()]
    values = table["n_chars"].astype(float).tolist()
    texts = [format_number(c) + _v(lang, "figures_suffix", n=format_number(float(f)))
             for c, f in zip(values, table["n_figures"], strict=True)]
    is_section = table["kind"].eq("section").tolist()
    longest = max(range(len(values)), key=lambda i: values[i])
    share = 100 * sum(v for v, s in zip(values, is_section, strict=True) if s) / sum(values)
    with _styled():
        fig, (ax,) = _new_figure(lang, height=4.4)
        gids = [f"part_{i}" for i in range(len(values))]
        _hbars(ax, labels, values, texts, gids, PALETTE["main"], label_width=_label_width(lang))
        for bar, sec in zip(ax.patches, is_section, strict=True):
            bar.set_facecolor(PALETTE["main"] if sec else PALETTE["grey"])
        ax.set_xlabel(_v(lang, "chars"))
        title = _v(lang, "t_section_lengths", n_sections=format_number(sum(is_section)),
                   share=format_number(round(share)), longest=labels[longest],
                   n_chars=format_number(values[longest]))
        return _finish(fig, title, lang)


def approval_time(table: pd.DataFrame, lang: Lang = "zh-Hans") -> Figure:
    """Approval time for enterprise investment projects before and after the commitment reform."""
    vocabulary(lang)
    before = _row(table, stage="before")
    after = _row(table, stage="after")
    b, a = float(before["value"]), float(after["value"])
    pct = round(100 * (b - a) / b, 1)
    with _styled():
        fig, (ax,) = _new_figure(lang, width=7.5, height=4.2)
        bars = ax.bar([0, 1], [b, a], color=[PALETTE["grey"], PALETTE["main"]], width=0.55)
        bars[0].set_gid(str(before["indicator"]))
        bars[1].set_gid(str(after["indicator"]))
        ax.bar_label(bars, labels=[_fmt(before), _fmt(after)], padding=3, fontsize=10)
        ax.set_xticks([0, 1], [_v(lang, "approval_before"), _v(lang, "approval_after")])
        ax.set_ylabel(_v(lang, "working_days"))
        ax.margins(y=0.12)
        ax.annotate("", xy=(1, a + (b - a) * 0.15), xytext=(0.28, b * 0.97),
                    arrowprops={"arrowstyle": "->", "color": PALETTE["down"], "lw": 1.4})
        title = _v(lang, "t_approval_time", before=_fmt(before), after=_fmt(after), pct=format_number(pct))
        return _finish(fig, title, lang)


def _unit_axis_label(unit: str, lang: Lang) -> str:
    shown = unit_name(unit, lang) if unit and unit != "%" else ""
    if unit == "%":
        return _v(lang, "rate")
    return _v(lang, "count_unit", unit=shown) if shown else _v(lang, "count")


def _is_stated_rate(row: pd.Series) -> bool:
    """A rate of 100 % stated exactly: with no denominator and no comparison, it is said in words, not drawn."""
    return str(row["unit"]) == "%" and str(row["qualifier"]) == "exact" and float(row["value"]) == 100


def _qualified_bars(ax: Axes, rows: Sequence[pd.Series], labels: Sequence[str], color: str, lang: Lang) -> bool:
    """Horizontal bars of ``rows`` on one axis (one unit, one kind of thing). A lower bound (余, 以上) is a solid
    bar to the stated value and a hatched, open-ended continuation (to 100 for a rate). Returns whether any
    lower bound was drawn."""
    positions = list(range(len(rows)))
    values = [float(r["value"]) for r in rows]
    is_rate = all(str(r["unit"]) == "%" for r in rows)
    top = 100.0 if is_rate else max(values) * 1.3
    bars = ax.barh(positions, values, color=color, height=0.6)
    any_bound = False
    for bar, row, y, value in zip(bars, rows, positions, values, strict=True):
        bar.set_gid(str(row["indicator"]))
        end = value
        if str(row["qualifier"]) == "at_least":
            any_bound = True
            extra = (top - value) if is_rate else max(values) * 0.22
            ax.barh([y], [extra], left=[value], color="white", edgecolor=color, hatch="////", height=0.6,
                    linewidth=0.8)
            end = value + extra
        ax.text(end, y, "  " + _fmt(row, with_unit=not is_rate and lang != "en", lang=lang), va="center",
                fontsize=9.5,
                color=PALETTE["text"])
    ax.set_yticks(positions, [_wrap_label(str(s), _label_width(lang)) for s in labels])
    ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(0, (100 * 1.3) if is_rate else top * 1.25)
    if is_rate:
        ax.set_xticks([0, 25, 50, 75, 100])
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.set_xlabel(_unit_axis_label(str(rows[0]["unit"]), lang), fontsize=8.5)
    return any_bound


def _panels(table: pd.DataFrame, groups: Sequence[tuple[str | None, Sequence[str]]], lang: Lang, title: str,
            *, width: float = 9.0) -> Figure:
    """Small multiples: one panel per group of indicators (each of one unit and one kind of thing, with its own
    axis and an optional panel title); the 100 % rates stated without comparison are listed in words below."""
    labels = dict(zip(table["indicator"], label_column(table, lang), strict=True))
    rows = {str(r["indicator"]): r for _, r in table.iterrows()}
    panels: list[tuple[str | None, list[pd.Series]]] = []
    stated: list[pd.Series] = []
    for name, keys in groups:
        drawn = [rows[k] for k in keys if not _is_stated_rate(rows[k])]
        stated += [rows[k] for k in keys if _is_stated_rate(rows[k])]
        if drawn:
            panels.append((name, drawn))
    bound = any(str(r["qualifier"]) == "at_least" for _, p in panels for r in p)
    notes = []
    if stated:
        sep = "; " if lang == "en" else "；"
        notes.append(_v(lang, "stated_rates") + " " + sep.join(
            f"{labels[str(r['indicator'])]} {_fmt(r)}" for r in stated))
    if bound:
        notes.append(_v(lang, "at_least_note"))
    ratios = [len(p) + (0.9 if name else 0.6) for name, p in panels] + ([0.45 * len(notes)] if notes else [])
    with _styled():
        fig = Figure(figsize=(width, 1.2 + 0.55 * sum(ratios)), layout="constrained")
        axes = list(fig.subplots(len(ratios), 1, height_ratios=ratios, squeeze=False)[:, 0])
        if notes:
            note_ax = axes.pop()
            note_ax.axis("off")
            note_ax.set_xticks([])
            note_ax.set_yticks([])
            note_ax.text(0, 0.5, "\n".join(_wrap(n, lang, 110, 58) for n in notes), fontsize=8.5,
                         color=PALETTE["text"], va="center", ha="left", transform=note_ax.transAxes)
        colors = [PALETTE["main"], PALETTE["up"], PALETTE["accent"], PALETTE["light"]]
        for i, (ax, (name, drawn)) in enumerate(zip(axes, panels, strict=True)):
            color = PALETTE["up"] if str(drawn[0]["unit"]) == "%" else colors[i % 3 if name else 0]
            _qualified_bars(ax, drawn, [labels[str(r["indicator"])] for r in drawn], color, lang)
            if name:
                ax.set_title(name, loc="left", fontsize=10.5, color=PALETTE["text"])
        return _finish(fig, title, lang)


#: The 办 mode each online-services indicator belongs to (the report's 四办: 承诺办, 网上办, 就近办, 全程代办).
SERVICE_MODES: dict[str, tuple[str, ...]] = {
    "mode_online": ("online_service_items", "online_application_rate", "online_review_rate"),
    "mode_commitment": ("commitment_exempt_items",),
    "mode_nearby": ("county_items_in_townships", "township_direct_online_items"),
}


def online_services(table: pd.DataFrame, lang: Lang = "zh-Hans") -> Figure:
    """Service items by 办 mode, one panel each: online (items, and the stated 100 % rates in words), by
    commitment (licensed without review), nearby (county items handled in townships, of which online)."""
    vocabulary(lang)
    title = _v(lang, "t_online_services",
               **{key: _fmt(_row(table, indicator=k), with_unit=lang != "en", lang=lang) for key, k in
                  (("items", "online_service_items"), ("commitment", "commitment_exempt_items"),
                   ("township", "county_items_in_townships"))})
    groups = [(_v(lang, mode), keys) for mode, keys in SERVICE_MODES.items()]
    return _panels(table, groups, lang, title)


def township_powers(table: pd.DataFrame, lang: Lang = "zh-Hans") -> Figure:
    """Township powers before delegation, added by it, and after (stacked; the total is the derived row)."""
    vocabulary(lang)
    groups = ["direct_approval", "public_service"]
    before = [_row(table, group=g, stage="before") for g in groups]
    added = [_row(table, group=g, stage="added") for g in groups]
    after = [_row(table, group=g, stage="after") for g in groups]
    with _styled():
        fig, (ax,) = _new_figure(lang, height=3.8)
        pos = [0, 1]
        b_bars = ax.barh(pos, [float(r["value"]) for r in before], color=PALETTE["grey"], height=0.55,
                         label=_v(lang, "before"))
        a_bars = ax.barh(pos, [float(r["value"]) for r in added], left=[float(r["value"]) for r in before],
                         color=PALETTE["main"], height=0.55, label=_v(lang, "added"))
        for bars, rows in ((b_bars, before), (a_bars, added)):
            for bar, r in zip(bars, rows, strict=True):
                bar.set_gid(str(r["indicator"]))
            ax.bar_label(bars, labels=[_fmt(r) for r in rows], label_type="center", color="white",
                         fontsize=9.5)
        totals = [f"{_v(lang, 'after_computed')} {_fmt(r, with_unit=True, lang=lang)}" for r in after]
        ax.bar_label(a_bars, labels=totals, padding=4, fontsize=9.5)
        ax.set_yticks(pos, [_v(lang, g) for g in groups])
        ax.invert_yaxis()
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.set_xlabel(_v(lang, "count_unit", unit=unit_name(str(before[0]["unit"]), lang)))
        ax.margins(x=0.2)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncols=2)
        t = _v(lang, "t_township_powers", da_before=_fmt(before[0]), da_after=_fmt(after[0]),
               ps_before=_fmt(before[1]), ps_after=_fmt(after[1]))
        return _finish(fig, t, lang)


def permits(table: pd.DataFrame, lang: Lang = "zh-Hans") -> Figure:
    """Fine-and-confiscation permit annual inspection as stock and flows, originals and duplicates.

    The stock inspected is drawn up from zero, new permits as an inflow (up), cancellations as an outflow
    (down, negative), replacements (both kinds together) as a swap.
    """
    vocabulary(lang)
    stages = ["inspected", "replaced", "new", "cancelled"]
    groups = [("original", PALETTE["main"]), ("duplicate", PALETTE["light"]), ("both", PALETTE["accent"])]
    width = 0.27
    with _styled():
        fig, (ax,) = _new_figure(lang, height=4.6)
        for gi, (group, color) in enumerate(groups):
            xs, heights, texts, gids = [], [], [], []
            for si, stage in enumerate(stages):
                rows = table[table["group"].astype("string").eq(group).fillna(False).astype(bool)
                             & table["stage"].astype("string").eq(stage).fillna(False).astype(bool)]
                if rows.empty:
                    continue
                r = rows.iloc[0]
                sign = -1.0 if stage == "cancelled" else 1.0
                xs.append(si + (gi - 1) * width if group != "both" else si)
                heights.append(sign * float(r["value"]))
                texts.append(("−" if sign < 0 else "+" if stage == "new" else "") + _fmt(r))
                gids.append(str(r["indicator"]))
            if not xs:
                continue
            bars = ax.bar(xs, heights, width=width * 0.95, color=color, label=_v(lang, group))
            for bar, gid in zip(bars, gids, strict=True):
                bar.set_gid(gid)
            ax.bar_label(bars, labels=texts, padding=2, fontsize=9)
        ax.axhline(0, color=PALETTE["muted"], lw=0.8)
        ax.set_xticks(range(len(stages)), [_v(lang, s) for s in stages])
        unit = str(table["unit"].iloc[0])
        shown = unit_name(unit, lang)
        ax.set_ylabel(_v(lang, "count_unit", unit=shown) if shown else _v(lang, "count"))
        ax.margins(y=0.15)
        ax.legend(loc="upper right")
        t = _v(lang, "t_permits",
               o_insp=_fmt(_row(table, group="original", stage="inspected")),
               d_insp=_fmt(_row(table, group="duplicate", stage="inspected")),
               replaced=_fmt(_row(table, stage="replaced")),
               o_new=_fmt(_row(table, group="original", stage="new")),
               d_new=_fmt(_row(table, group="duplicate", stage="new")),
               o_canc=_fmt(_row(table, group="original", stage="cancelled")),
               d_canc=_fmt(_row(table, group="duplicate", stage="cancelled")))
        return _finish(fig, t, lang)


def mediation(table: pd.DataFrame, lang: Lang = "zh-Hans") -> Figure:
    """The mediation network and its outcomes, one panel per quantity (townships, villages, disputes, success
    rate as a lower bound, medical disputes); the 100 % rates in words."""
    vocabulary(lang)
    t = _v(lang, "t_mediation", towns=_fmt(_row(table, indicator="mediation_townships")),
           villages=_fmt(_row(table, indicator="mediation_villages")),
           disputes=_fmt(_row(table, indicator="disputes_mediated")),
           success=_fmt(_row(table, indicator="dispute_mediation_success_rate")))
    order = {"network": 0, "disputes": 1, "medical": 2}
    keys = sorted(table["indicator"].astype(str), key=lambda k: order.get(str(_row(table, indicator=k)["group"]), 3))
    return _panels(table, [(None, (k,)) for k in keys], lang, t)


def reconsideration_litigation(reconsideration: pd.DataFrame, litigation: pd.DataFrame,
                               lang: Lang = "zh-Hans") -> Figure:
    """Administrative reconsideration (accepted, concluded) and the lawsuits in which an agency head appeared
    in court (cases, won, pending), one panel each; the heads' 100 % court attendance in words."""
    vocabulary(lang)
    t = _v(lang, "t_recon_litigation", accepted=_fmt(_row(reconsideration, stage="accepted")),
           concluded=_fmt(_row(reconsideration, stage="concluded")),
           cases=_fmt(_row(litigation, stage="total")), won=_fmt(_row(litigation, stage="won")),
           pending=_fmt(_row(litigation, stage="pending")))
    both = pd.concat([reconsideration, litigation], ignore_index=True)
    groups = [(_v(lang, "reconsideration"), tuple(reconsideration["indicator"].astype(str))),
              (_v(lang, "litigation"), tuple(litigation["indicator"].astype(str)))]
    return _panels(both, groups, lang, t)


def normative_documents(table: pd.DataFrame, lang: Lang = "zh-Hans") -> Figure:
    """The normative-document review: documents reviewed, and how many were kept, amended and repealed."""
    vocabulary(lang)
    reviewed = _row(table, stage="reviewed")
    parts = [(_row(table, stage=s), s, c) for s, c in
             (("kept", PALETTE["main"]), ("amended", PALETTE["accent"]), ("repealed", PALETTE["down"]))]
    total = float(reviewed["value"])
    with _styled():
        fig, (ax,) = _new_figure(lang, height=3.6)
        bar = ax.barh([0], [total], color=PALETTE["grey"], height=0.5)
        bar[0].set_gid(str(reviewed["indicator"]))
        ax.bar_label(bar, labels=[_fmt(reviewed, with_unit=True, lang=lang)], label_type="center",
                     fontsize=10)
        left = 0.0
        for row, stage, color in parts:
            value = float(row["value"])
            seg = ax.barh([1], [value], left=[left], color=color, height=0.5, label=_v(lang, stage))
            seg[0].set_gid(str(row["indicator"]))
            text = f"{_v(lang, stage)} {_fmt(row)}"
            if value >= 0.15 * total:
                ax.bar_label(seg, labels=[text], label_type="center", color="white", fontsize=9.5)
            else:
                ax.annotate(text, xy=(left + value / 2, 1.25), xytext=(0, -2), textcoords="offset points",
                            ha="center", va="top", fontsize=9)
            left += value
        ax.set_yticks([0, 1], [_v(lang, "reviewed"), _v(lang, "outcome")])
        ax.set_ylim(1.75, -0.5)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        shown = unit_name(str(reviewed["unit"]), lang)
        ax.set_xlabel(_v(lang, "count_unit", unit=shown))
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncols=3)
        t = _v(lang, "t_normative_documents", reviewed=_fmt(reviewed), kept=_fmt(parts[0][0]),
               amended=_fmt(parts[1][0]), repealed=_fmt(parts[2][0]))
        return _finish(fig, t, lang)


def legal_advisers(table: pd.DataFrame, lang: Lang = "zh-Hans") -> Figure:
    """The county government's legal advisers and their work (documents, contracts, lawsuits), one panel each."""
    vocabulary(lang)
    t = _v(lang, "t_legal_advisers", advisers=_fmt(_row(table, indicator="legal_advisers")),
           drafted=_fmt(_row(table, indicator="adviser_documents_drafted")),
           contracts=_fmt(_row(table, indicator="adviser_contracts_reviewed")),
           cases=_fmt(_row(table, indicator="adviser_litigation_cases")))
    return _panels(table, [(None, (k,)) for k in table["indicator"].astype(str)], lang, t)


#: Every chart: name → (function, names of the ``wxanalysis.tables`` functions giving its arguments).
CHARTS: dict[str, tuple[Callable[..., Figure], tuple[str, ...]]] = {
    "figures_by_theme": (figures_by_theme, ("figures_by_theme",)),
    "section_lengths": (section_lengths, ("sections_overview",)),
    "approval_time": (approval_time, ("approval_time",)),
    "online_services": (online_services, ("online_services",)),
    "township_powers": (township_powers, ("township_powers",)),
    "permits": (permits, ("permits",)),
    "mediation": (mediation, ("mediation",)),
    "reconsideration_litigation": (reconsideration_litigation, ("reconsideration", "litigation")),
    "normative_documents": (normative_documents, ("normative_documents",)),
    "legal_advisers": (legal_advisers, ("legal_advisers",)),
}


# --- saving -------------------------------------------------------------------------------------------------


def render(fig: Figure, fmt: Literal["png", "svg"]) -> bytes:
    """The figure as PNG or SVG bytes, with fixed metadata (no software version date, fixed SVG hash salt)."""
    buf = io.BytesIO()
    metadata: dict[str, Any] = {"Software": None} if fmt == "png" else {"Date": None}
    with _styled():
        fig.savefig(buf, format=fmt, dpi=DPI, metadata=metadata)
    out = buf.getvalue()
    return _renumber_clip_ids(out) if fmt == "svg" else out


_CLIP_ID = re.compile(rb'\bp[0-9a-f]{10}\b')


def _renumber_clip_ids(svg: bytes) -> bytes:
    """``svg`` with matplotlib's clip-path ids (a hash of the clip rectangle's float coordinates, which can
    differ in the last bit between two runs that draw the same picture) renumbered in order of appearance,
    so the file's bytes depend only on what is drawn."""
    seen: dict[bytes, bytes] = {}

    def one(m: re.Match[bytes]) -> bytes:
        return seen.setdefault(m.group(0), b"clip%d" % len(seen))

    return _CLIP_ID.sub(one, svg)


def save(fig: Figure, name: str, data: pd.DataFrame | Sequence[pd.DataFrame],
         figures_dir: str | Path | None = None, *, png: bytes | None = None) -> list[Path]:
    """Write ``<name>.png``, ``<name>.svg`` and ``<name>.csv`` (``data``, the table behind the chart; several
    tables are stacked, in order) into ``figures_dir``, and return the three paths.

    ``figures_dir=None`` (a notebook run by hand) writes nothing and returns ``[]``: only the build, which passes
    its folder, writes chart files. ``png`` is the figure already rendered by ``render(fig, "png")``, to
    avoid rendering it again. Files are written atomically and are byte-identical when the same chart is saved
    again.
    """
    if not name or "/" in name or "\\" in name or name.startswith("."):
        raise ValueError(f"chart name must be a plain file stem, not {name!r}")
    if figures_dir is None:
        return []
    folder = Path(figures_dir)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.png", folder / f"{name}.svg", folder / f"{name}.csv"]
    write_atomic(paths[0], png if png is not None else render(fig, "png"))
    write_atomic(paths[1], render(fig, "svg"))
    table = data if isinstance(data, pd.DataFrame) else pd.concat(list(data), ignore_index=True)
    write_atomic(paths[2], table.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return paths


def file_stem(name: str, lang: Lang) -> str:
    """The file name of a chart in ``lang``: ``name`` in simplified Chinese, ``name_en``, ``name_zh-Hant``."""
    return name if lang == "zh-Hans" else f"{name}_{lang}"


@dataclass
class Chart:
    """A drawn chart: its ``figure``, the ``data`` behind it and the files it was saved to (``paths``, empty
    when not saved). In a notebook it shows as its PNG, rendered once and reused for the saved file."""

    name: str
    figure: Figure
    data: list[pd.DataFrame]
    paths: list[Path] = field(default_factory=list)
    _png: bytes | None = field(default=None, repr=False)

    @property
    def png(self) -> bytes:
        if self._png is None:
            self._png = render(self.figure, "png")
        return self._png

    def _repr_png_(self) -> tuple[bytes, dict[str, int]]:
        width, height = self.figure.get_size_inches() * self.figure.dpi
        return self.png, {"width": int(width), "height": int(height)}


def draw(report: Any, name: str, lang: Lang = "zh-Hans", figures_dir: str | Path | None = None) -> Chart:
    """Draw chart ``name`` of ``CHARTS`` for ``report`` in ``lang``; with a ``figures_dir``, save it there as
    ``file_stem(name, lang)`` (see ``save``). The one call a notebook's chart cell makes."""
    from . import tables

    if name not in CHARTS:
        raise KeyError(f"no chart {name!r}; charts: {', '.join(CHARTS)}")
    function, table_names = CHARTS[name]
    data = [getattr(tables, t)(report) for t in table_names]
    chart = Chart(name, function(*data, lang=lang), data)
    if figures_dir is not None:
        chart.paths = save(chart.figure, file_stem(name, lang), data, figures_dir, png=chart.png)
    return chart
