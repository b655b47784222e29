"""Charts of a report's vocabulary (``report.terms()``, ``terms.distinctive_terms``, ``report.formulas()``).

Each function takes the table(s) and ``lang`` ("zh-Hans", "zh-Hant" or "en") and returns a matplotlib
``Figure`` drawn under the project's chart style (``charts.style()``: the packaged CJK font, so Chinese renders on
a bare machine). Words are labelled in ``lang``: Chinese in the script asked for, and for "en" the English gloss
of dictionary terms (other words keep their Chinese). Nothing is saved here; notebooks display the figures.
"""

from __future__ import annotations

from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from . import charts
from .catalog import THEME_LABELS
from .text import convert_script

Lang = charts.Lang

_WORDS: dict[str, dict[str, str]] = {
    "zh-Hans": {
        "t_top": "各部分最常用的词（前{n}个）",
        "t_heatmap": "治理术语在各部分的密度（每千字出现次数）",
        "t_distinctive": "与其他报告（比较语料）相比，本报告用得特别多的词",
        "t_formulas": "报告中的编号提法（{n}个），按出现次数",
        "count": "出现次数",
        "share": "每千字次数",
        "z": "对数优势比 z 值（informative Dirichlet 先验）",
        "dictionary": "治理术语",
        "word": "其他词",
        "occurrences": "出现次数",
        "members": "数目：{n}",
        "section": "第{number}部分",
    },
    "en": {
        "t_top": "Most frequent words of each section (top {n})",
        "t_heatmap": "Governance terms by part of the report (occurrences per 1,000 characters)",
        "t_distinctive": "Words this report uses far more than other reports do (the comparison corpus)",
        "t_formulas": "Numbered formulas (提法) in the report ({n}), by number of occurrences",
        "count": "occurrences",
        "share": "per 1,000 characters",
        "z": "log-odds z-score (informative Dirichlet prior)",
        "dictionary": "governance term",
        "word": "other word",
        "occurrences": "occurrences",
        "members": "names {n}",
        "section": "Section {number}",
    },
}


def _words(lang: Lang) -> dict[str, str]:
    if lang not in charts.LANGS:
        raise ValueError(f"lang must be one of {charts.LANGS}, not {lang!r}")
    if lang == "en":
        return _WORDS["en"]
    return {k: _zh(v, lang) for k, v in _WORDS["zh-Hans"].items()}


def _zh(text: str, lang: Lang) -> str:
    return convert_script(text, "traditional") if lang == "zh-Hant" else text


def term_label(key: str, gloss_en: Any, lang: Lang) -> str:
    """A word (``key``, simplified) as a label in ``lang``: the English gloss for "en" where there is one."""
    if lang == "en":
        return str(gloss_en) if isinstance(gloss_en, str) and gloss_en else key
    return _zh(key, lang)


def part_label(section: Any, part: str, lang: Lang, theme: Any = None) -> str:
    """The label of a part: "2. 依法决策" for a themed section, "第2部分" / "Section 2" for another one, and
    the kind of part (引言, 存在问题 …) otherwise."""
    vocab = charts.vocabulary(lang)
    if part != "section" or pd.isna(section):
        return vocab.get(part, part)
    if isinstance(theme, str) and theme in THEME_LABELS:
        hans, en = THEME_LABELS[theme]
        return vocab["section_n"].format(number=int(section), theme=en if lang == "en" else _zh(hans, lang))
    return _words(lang)["section"].format(number=int(section))


def _finish(fig: Figure, title: str, lang: Lang, source: str | None) -> Figure:
    fig.suptitle(title, x=0.01, ha="left", fontsize=11.5, color=charts.PALETTE["text"])
    fig.text(0.01, 0.01, charts.vocabulary(lang)["source"] if source is None else source, fontsize=7.5,
             color=charts.PALETTE["muted"], ha="left", va="bottom")
    fig.get_layout_engine().set(rect=(0, 0.04, 1, 0.96))
    fig.draw_without_rendering()  # tick labels created now, under the chart style
    return fig


def _section_themes(sections: pd.DataFrame) -> dict[int, Any]:
    rows = sections.dropna(subset=["number"])
    return {int(n): t for n, t in zip(rows["number"], rows["theme"], strict=True)}


def top_terms(terms: pd.DataFrame, sections: pd.DataFrame, lang: Lang = "zh-Hans", n: int = 8,
              source: str | None = None) -> Figure:
    """The ``n`` most frequent words of each numbered section (``report.terms()``, ``report.sections``), one
    panel per section, governance terms in colour."""
    words = _words(lang)
    rows = terms[terms["part"].eq("section") & terms["section"].notna()]
    numbers = sorted({int(s) for s in rows["section"]})
    if not numbers:
        raise ValueError("the terms table has no numbered section")
    themes = _section_themes(sections)
    cols = min(3, len(numbers))
    nrows = -(-len(numbers) // cols)
    with matplotlib.rc_context(charts.style()):
        fig = Figure(figsize=(4.0 * cols, 0.32 * n * nrows + 1.4), layout="constrained")
        axes = np.atleast_1d(fig.subplots(nrows, cols, squeeze=False)).ravel()
        for ax, number in zip(axes, numbers, strict=False):
            top = rows[rows["section"] == number].head(n)
            labels = [term_label(k, g, lang) for k, g in zip(top["key"], top["gloss_en"], strict=True)]
            colours = [charts.PALETTE["main"] if d else charts.PALETTE["grey"] for d in top["dictionary"]]
            bars = ax.barh(range(len(top)), top["count"], color=colours, height=0.62)
            for bar, key in zip(bars, top["key"], strict=True):
                bar.set_gid(f"s{number}_{key}")
            ax.bar_label(bars, labels=[str(c) for c in top["count"]], padding=2, fontsize=8)
            ax.set_yticks(range(len(top)), labels, fontsize=8.5)
            ax.set_ylim(n - 0.5, -0.5)
            ax.xaxis.get_major_locator().set_params(integer=True)
            ax.set_title(part_label(number, "section", lang, themes.get(number)), fontsize=9.5, loc="left")
            ax.tick_params(axis="y", length=0)
            ax.spines["left"].set_visible(False)
            ax.margins(x=0.2)
        for ax in axes[len(numbers):]:
            ax.set_visible(False)
        legend = [Patch(color=charts.PALETTE["main"], label=words["dictionary"]),
                  Patch(color=charts.PALETTE["grey"], label=words["word"])]
        fig.legend(handles=legend, loc="outside lower right", ncols=2, fontsize=8)
        return _finish(fig, words["t_top"].format(n=n), lang, source)


def term_heatmap(terms: pd.DataFrame, sections: pd.DataFrame, lang: Lang = "zh-Hans", n: int = 20,
                 source: str | None = None) -> Figure:
    """The ``n`` most frequent governance terms (rows) by part of the report (columns): colour is the share
    per 1,000 characters, the number in each cell the count."""
    words = _words(lang)
    dict_rows = terms[terms["dictionary"]]
    order = dict_rows.groupby("key")["count"].sum().sort_values(ascending=False, kind="stable")
    keys = sorted(order.index[:n], key=lambda k: (-order[k], k))
    parts = terms[["section", "part"]].drop_duplicates().reset_index(drop=True)
    themes = _section_themes(sections)
    col_labels = [part_label(s, p, lang, None if pd.isna(s) else themes.get(int(s)))
                  for s, p in zip(parts["section"], parts["part"], strict=True)]
    share = np.zeros((len(keys), len(parts)))
    count = np.zeros((len(keys), len(parts)), dtype=int)
    index = {k: i for i, k in enumerate(keys)}
    col = {(None if pd.isna(s) else int(s), p): j for j, (s, p) in enumerate(zip(parts["section"], parts["part"],
                                                                                   strict=True))}
    for r in dict_rows[dict_rows["key"].isin(keys)].itertuples():
        i, j = index[r.key], col[(None if pd.isna(r.section) else int(r.section), r.part)]
        share[i, j], count[i, j] = r.share, r.count
    glosses = dict_rows.drop_duplicates("key").set_index("key")["gloss_en"]
    with matplotlib.rc_context(charts.style()):
        fig = Figure(figsize=(2.0 + 1.05 * len(parts) + (2.0 if lang == "en" else 0), 0.3 * len(keys) + 2.2),
                     layout="constrained")
        ax = fig.subplots()
        image = ax.imshow(share, cmap="Blues", aspect="auto", vmin=0)
        for i in range(len(keys)):
            for j in range(len(parts)):
                if count[i, j]:
                    dark = share[i, j] > 0.6 * share.max()
                    ax.text(j, i, str(count[i, j]), ha="center", va="center", fontsize=7.5,
                            color="white" if dark else charts.PALETTE["text"])
        ax.set_yticks(range(len(keys)), [term_label(k, glosses.get(k), lang) for k in keys], fontsize=8.5)
        ax.set_xticks(range(len(parts)), col_labels, rotation=35, ha="right", fontsize=8.5)
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        fig.colorbar(image, ax=ax, shrink=0.6, label=words["share"])
        return _finish(fig, words["t_heatmap"], lang, source)


def distinctive(table: pd.DataFrame, lang: Lang = "zh-Hans", source: str | None = None) -> Figure:
    """The distinctive words (``terms.distinctive_terms``) as bars of their z-score, with counts in the report
    and in the corpus."""
    words = _words(lang)
    labels = [term_label(k, g, lang) for k, g in zip(table["key"], table["gloss_en"], strict=True)]
    texts = [f"{c} : {o}" for c, o in zip(table["count"], table["count_other"], strict=True)]
    with matplotlib.rc_context(charts.style()):
        fig = Figure(figsize=(8.5, 0.34 * len(table) + 1.8), layout="constrained")
        ax = fig.subplots()
        colours = [charts.PALETTE["main"] if isinstance(t, str) else charts.PALETTE["grey"] for t in table["theme"]]
        bars = ax.barh(range(len(table)), table["z"], color=colours, height=0.62)
        for bar, key in zip(bars, table["key"], strict=True):
            bar.set_gid(f"z_{key}")
        ax.bar_label(bars, labels=texts, padding=3, fontsize=8)
        ax.set_yticks(range(len(table)), labels, fontsize=9)
        ax.set_ylim(max(len(table), 3) - 0.5, -0.5)
        ax.set_xlabel(words["z"])
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.margins(x=0.15)
        return _finish(fig, words["t_distinctive"], lang, source)


def formula_counts(formulas: pd.DataFrame, lang: Lang = "zh-Hans", source: str | None = None) -> Figure:
    """The numbered formulas (提法) of ``report.formulas()`` by occurrences, with the number each names (not
    for plan ordinals such as 七五)."""
    words = _words(lang)
    table = formulas.sort_values(["occurrences", "start"], ascending=[False, True], kind="stable")
    labels = [_zh(convert_script(f, "simplified"), lang) if lang != "en" else f for f in table["formula"]]
    texts = [str(o) if pd.isna(c) or k == "plan_ordinal" else f"{o}  ({words['members'].format(n=int(c))})"
             for o, c, k in zip(table["occurrences"], table["count"], table["kind"], strict=True)]
    with matplotlib.rc_context(charts.style()):
        fig = Figure(figsize=(8.0, 0.36 * len(table) + 1.6), layout="constrained")
        ax = fig.subplots()
        bars = ax.barh(range(len(table)), table["occurrences"], color=charts.PALETTE["main"], height=0.62)
        ax.bar_label(bars, labels=texts, padding=3, fontsize=8)
        ax.set_yticks(range(len(table)), labels, fontsize=9)
        ax.set_ylim(max(len(table), 3) - 0.5, -0.5)
        ax.set_xlabel(words["occurrences"])
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.tick_params(axis="y", length=0)
        ax.spines["left"].set_visible(False)
        ax.margins(x=0.3)
        return _finish(fig, words["t_formulas"].format(n=len(table)), lang, source)
