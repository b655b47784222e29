"""The marked-up report: the whole text as one self-contained HTML page, every figure and defect marked.

``report_html(text, figures, defects, title=…)`` takes plain values (the text, a figures table, a defects
table) and returns a complete HTML document: inline CSS only, no script, no external resource, so it opens
offline and displays in JupyterLab with ``IPython.display.HTML``. Each figure is a ``<mark class="fig">``
wrapping exactly ``text[start:end]``, with its value, unit, qualifier, theme and indicator (curated label,
else the report's own phrase) in its ``title`` (shown on hover) and ``data-*`` attributes. Each defect of
``quality()`` is a ``<span class="defect">`` (split where it crosses a figure's edge, so that marks nest);
an empty-span defect is an empty marker. The output depends only on the inputs (deterministic).
"""

from __future__ import annotations

import html as _html

import pandas as pd

from .catalog import THEME_LABELS

__all__ = ["report_html"]

#: Background colour of each theme's marks (muted, readable on white).
THEME_COLOURS: dict[str, str] = {
    "admin_reform": "#cfe3f7",
    "decision_making": "#e3d7f2",
    "law_enforcement": "#f7dcc5",
    "dispute_resolution": "#d3efd6",
    "oversight": "#f6e6a8",
    "other": "#e4e4e4",
}

_CSS = """
body{font-family:"Noto Serif CJK SC","Noto Sans CJK SC","Source Han Serif SC","PingFang SC","Microsoft YaHei",serif;
max-width:54em;margin:2em auto;padding:0 1em;line-height:1.9;color:#222}
h1{font-size:1.3em} .meta{color:#666;font-size:.85em}
.legend span{display:inline-block;margin:0 .6em .3em 0;padding:0 .4em;border-radius:3px}
.report{white-space:pre-wrap;font-family:inherit;font-size:1em}
mark.fig{border-radius:3px;padding:0 1px;border-bottom:2px solid #555;cursor:help}
mark.fig.curated{border-bottom-style:double}
.defect{text-decoration:underline wavy #c0392b;background:#fdecea;cursor:help}
.defect.gap::after{content:"⁁";color:#c0392b;font-weight:bold}
"""


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() and abs(v) < 1e15 else repr(float(v))


def _s(v) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def _figure_groups(figures: pd.DataFrame) -> list[tuple[int, int, list[dict]]]:
    """Figures grouped by span (a number stating two curated indicators is one mark), sorted."""
    groups: dict[tuple[int, int], list[dict]] = {}
    for rec in figures.to_dict("records"):
        groups.setdefault((int(rec["start"]), int(rec["end"])), []).append(rec)
    return [(s, e, recs) for (s, e), recs in sorted(groups.items())]


def _figure_title(recs: list[dict]) -> str:
    lines = []
    for r in recs:
        indicator = _s(r.get("label_zh")) or _s(r.get("indicator_phrase")) or "—"
        theme = _s(r.get("theme"))
        theme_label = THEME_LABELS.get(theme, ("", ""))[1] if theme else "—"
        parts = [f"{_num(r['value'])} {_s(r.get('unit'))}".strip(), _s(r.get("qualifier")),
                 f"theme: {theme_label or theme}", f"indicator: {indicator}"]
        if _s(r.get("direction")):
            parts.append(f"direction: {r['direction']}")
        lines.append(" · ".join(parts))
    return "\n".join(lines)


def _attrs(pairs: list[tuple[str, str]]) -> str:
    return "".join(f' {k}="{_html.escape(v, quote=True)}"' for k, v in pairs)


def report_html(text: str, figures: pd.DataFrame, defects: pd.DataFrame | None = None, *,
                title: str = "Report", source: str = "") -> str:
    """The whole ``text`` as one HTML page with every row of ``figures`` (columns value, unit, qualifier,
    start, end, theme, and where present indicator, label_zh, indicator_phrase, direction) and of ``defects``
    (kind, start, end, note) marked where it stands. Raises ``ValueError`` on a span outside the text or two
    figures whose spans cross."""
    n = len(text)
    groups = _figure_groups(figures)
    last_end = -1
    for s, e, _recs in groups:
        if not 0 <= s < e <= n:
            raise ValueError(f"figure span {s}–{e} lies outside the text (length {n})")
        if s < last_end:
            raise ValueError(f"figure spans cross at {s}")
        last_end = e
    defs = []
    if defects is not None:
        for rec in defects.to_dict("records"):
            s, e = int(rec["start"]), int(rec["end"])
            if not 0 <= s <= e <= n:
                raise ValueError(f"defect span {s}–{e} lies outside the text (length {n})")
            defs.append((s, e, _s(rec.get("kind")), _s(rec.get("note"))))
    defs.sort()

    # every position where a mark opens or closes
    cuts = {0, n}
    for s, e, _ in groups:
        cuts.update((s, e))
    for s, e, _k, _n in defs:
        cuts.update((s, e))
    points = sorted(cuts)
    fig_at = {s: (e, recs) for s, e, recs in groups}
    gaps: dict[int, list[tuple[str, str]]] = {}
    for s, e, kind, note in defs:
        if s == e:
            gaps.setdefault(s, []).append((kind, note))

    out: list[str] = []
    open_fig_end = None
    k = 0
    for a, b in zip(points, points[1:], strict=False):
        if open_fig_end is None and a in fig_at:
            e, recs = fig_at[a]
            themes = sorted({_s(r.get("theme")) for r in recs} - {""})
            curated = any(_s(r.get("indicator")) for r in recs)
            cls = "fig" + (" curated" if curated else "")
            style = f"background:{THEME_COLOURS.get(themes[0], '#eee')}" if themes else "background:#eee"
            r0 = recs[0]
            out.append("<mark" + _attrs([
                ("class", cls), ("id", f"fig-{k}"), ("style", style), ("title", _figure_title(recs)),
                ("data-start", str(a)), ("data-end", str(e)), ("data-value", _num(r0["value"])),
                ("data-unit", _s(r0.get("unit"))), ("data-qualifier", _s(r0.get("qualifier"))),
                ("data-theme", ",".join(themes)),
                ("data-indicator", "|".join(_s(r.get("label_zh")) or _s(r.get("indicator_phrase")) for r in recs)),
            ]) + ">")
            open_fig_end = e
            k += 1
        for kind, note in gaps.get(a, ()):
            out.append(f'<span{_attrs([("class", "defect gap"), ("data-kind", kind), ("title", f"{kind}: {note}")])}>'
                       "</span>")
        covering = [(kind, note) for s, e, kind, note in defs if s <= a and b <= e and s < e]
        chunk = _html.escape(text[a:b], quote=False)
        for kind, note in covering:
            chunk = (f'<span{_attrs([("class", "defect"), ("data-kind", kind), ("title", f"{kind}: {note}")])}>'
                     f"{chunk}</span>")
        out.append(chunk)
        if open_fig_end is not None and b == open_fig_end:
            out.append("</mark>")
            open_fig_end = None
    for kind, note in gaps.get(n, ()):
        out.append(f'<span{_attrs([("class", "defect gap"), ("data-kind", kind), ("title", f"{kind}: {note}")])}>'
                   "</span>")

    legend = "".join(f'<span style="background:{THEME_COLOURS[t]}">{_html.escape(en)} · {_html.escape(zh)}</span>'
                     for t, (zh, en) in THEME_LABELS.items())
    meta = (f"{len(groups)} figures marked (hover for value, unit, qualifier, theme and indicator); "
            f"{len(defs)} defects of the source marked <span class=\"defect\">like this</span>.")
    if source:
        meta = f"Source: {_html.escape(source)}. " + meta
    return ("<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<title>{_html.escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            f"<h1>{_html.escape(title)}</h1>\n<p class=\"meta\">{meta}</p>\n"
            f"<p class=\"legend\">{legend}</p>\n"
            f"<div class=\"report\">{''.join(out)}</div>\n</body>\n</html>\n")
