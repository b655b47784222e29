"""report.to_html(): one self-contained page, every figure and defect marked where it stands."""

from __future__ import annotations

from html.parser import HTMLParser

import pandas as pd
import pytest

import wxanalysis as wx
from wxanalysis.markup import report_html

_VOID = {"meta", "link", "br", "img", "hr", "input"}


class _Marks(HTMLParser):
    """Collects each <mark class="fig">'s text and attributes, each defect's text, and every resource link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.marks: list[tuple[dict, str]] = []
        self.defects: list[tuple[dict, str]] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self.in_report = 0
        self.open_texts: list[list[str]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("src", "href"):
            if key in a:
                self.links.append(a[key])
        if tag == "link":
            self.links.append(a.get("href", ""))
        cls = a.get("class", "")
        if tag == "div" and cls == "report":
            self.in_report += 1
        if tag in _VOID:
            return
        self.stack.append((tag, a))
        self.open_texts.append([])

    def handle_endtag(self, tag):
        t, a = self.stack.pop()
        assert t == tag, f"</{tag}> closes <{t}>"
        inner = "".join(self.open_texts.pop())
        if self.open_texts:
            self.open_texts[-1].append(inner)
        cls = a.get("class", "")
        if tag == "mark" and "fig" in cls.split():
            self.marks.append((a, inner))
        if tag == "span" and "defect" in cls.split():
            self.defects.append((a, inner))
        if tag == "div" and cls == "report":
            self.in_report -= 1
            self.text.append(inner)

    def handle_data(self, data):
        if self.open_texts:
            self.open_texts[-1].append(data)


def _parse(page: str) -> _Marks:
    p = _Marks()
    p.feed(page)
    p.close()
    assert not p.stack, "every tag is closed"
    return p


@pytest.fixture(scope="module", params=["traditional", "simplified"])
def page(request, trad, simp):
    rep = trad if request.param == "traditional" else simp
    return rep, rep.to_html()


def test_every_figure_mark_wraps_exactly_its_number(page):
    rep, html = page
    p = _parse(html)
    figs = rep.figures()
    spans = sorted(set(zip(figs["start"], figs["end"], strict=True)))
    assert len(p.marks) == len(spans)
    for (s, e), (attrs, inner) in zip(spans, p.marks, strict=True):
        assert (int(attrs["data-start"]), int(attrs["data-end"])) == (s, e)
        assert inner == rep.text[s:e]
    assert p.text == [rep.text], "the page holds the whole text, verbatim, once"


def test_hover_shows_value_unit_qualifier_theme_and_indicator(page):
    rep, html = page
    p = _parse(html)
    figs = rep.figures().drop_duplicates(["start", "end"]).reset_index(drop=True)
    for row, (attrs, _inner) in zip(figs.itertuples(), p.marks, strict=True):
        title = attrs["title"]
        assert row.unit in title and row.qualifier in title and "theme:" in title
        assert row.label_zh in title
        assert attrs["data-unit"] == row.unit
        assert attrs["data-theme"] == ("" if pd.isna(row.theme) else row.theme)
        assert float(attrs["data-value"]) == row.value


def test_every_defect_is_marked(page):
    rep, html = page
    p = _parse(html)
    q = rep.quality()
    kinds = [a.get("data-kind") for a, _ in p.defects]
    for kind, n in q["kind"].value_counts().items():
        assert kinds.count(kind) >= n, kind
    marked = "".join(inner for _, inner in p.defects)
    for s, e in zip(q["start"], q["end"], strict=True):
        assert rep.text[s:e] in marked


def test_self_contained_and_deterministic(page):
    rep, html = page
    p = _parse(html)
    assert not [x for x in p.links if x.startswith(("http", "//"))]
    assert "http" not in html.split('<div class="report">')[0]
    assert "<script" not in html and "@import" not in html and "url(" not in html
    assert html == rep.to_html()


def test_text_is_escaped_and_bad_spans_fail():
    text = "<b>受理</b> & 案件 12件 “引号” 'x'"
    s = text.index("12")
    figs = pd.DataFrame({"value": [12.0], "unit": ["件"], "qualifier": ["exact"], "start": [s], "end": [s + 2],
                         "theme": ["dispute_resolution"], "indicator_phrase": ['受理"<x>']})
    html = report_html(text, figs, None, title="<t>")
    p = _parse(html)
    assert p.text == [text] and p.marks[0][1] == "12"
    assert "<b>受理" not in html and "&lt;b&gt;" in html
    assert p.marks[0][0]["data-indicator"] == '受理"<x>'
    with pytest.raises(ValueError, match="outside"):
        report_html(text, figs.assign(end=len(text) + 5), None)


def test_other_report_uses_phrases(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text("某县2023年法治政府建设情况报告\n全年受理行政复议案件12件。\n", encoding="utf-8")
    rep = wx.load_report(p)
    marks = _parse(rep.to_html()).marks
    assert len(marks) == 1 and "受理行政复议案件" in marks[0][0]["title"]
