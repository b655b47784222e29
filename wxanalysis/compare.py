"""One report read for its figures, and many reports side by side (notebooks 06 and 07).

Per report: ``theme_figures`` (each figure with what it counts: the curated label, else the report's own
phrase), ``changes`` (figures with a direction or a from/to relation). Across reports: ``corpus_figures``
(the figures of the bundled report and of the 28 excerpts of ``data/corpus``), ``across_reports`` (one row
per document: figures per 1,000 characters, hedging rate, main theme), ``theme_shares``, ``unit_counts`` and
``shared_indicators`` (indicators stated by several reports, matched by phrase).

The excerpts are the *openings* of reports (about 2,000 bytes each): what is compared is what reports put
first. The bundled report is therefore given twice: whole, and cut to its own opening of the same size
(``OPENING_BYTES``), so that like is compared with like.
"""

from __future__ import annotations

import re

import pandas as pd

from .catalog import THEME_LABELS
from .describe import phrase_words
from .text import convert_script, fold_to_simplified

__all__ = ["OPENING_BYTES", "across_reports", "changes", "corpus_figures", "documents", "placement",
           "shared_indicators", "theme_figures", "theme_shares", "unit_counts"]

#: The size of an excerpt of the corpus (UTF-8 bytes): the bundled report's opening is cut the same way.
OPENING_BYTES = 2000
#: The bundled report as a document of the comparison.
BUNDLED_DOC = {"doc_id": "weixian-2019", "collection": "bundled", "place": "河北省邢台市威县", "level": "county",
               "year": 2019}
_HEDGED = ("at_least", "about", "at_most")
#: A pinyin gloss of a mirror site inside a phrase, 学(xué): left out when phrases are matched.
_GLOSS = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")


def _theme_label(theme, lang: str) -> str:
    if pd.isna(theme):
        hans, en = ("其他部分", "Outside the numbered sections")
    else:
        hans, en = THEME_LABELS[str(theme)]
    if lang == "en":
        return en
    return convert_script(hans, "traditional") if lang == "zh-Hant" else hans


def _what(figs: pd.DataFrame) -> pd.Series:
    """What each figure counts: the curated label where there is one, else the report's phrase."""
    return figs["label_zh"].astype("string").fillna(figs["indicator_phrase"].astype("string")).fillna("—")


def _figure_text(figs: pd.DataFrame) -> pd.Series:
    from .charts import format_value

    return pd.Series([format_value(float(v), str(u), str(q)) + ("" if u == "%" else str(u))
                      for v, u, q in zip(figs["value"], figs["unit"], figs["qualifier"], strict=True)],
                     index=figs.index, dtype="string")


def theme_figures(report, lang: str = "zh-Hans") -> pd.DataFrame:
    """Every figure of ``report`` by theme (in the themes' order, then in text order): ``theme``, ``figure``
    (value with qualifier and unit), ``what`` (curated label, else the phrase), ``direction``, ``quote``,
    ``start``, ``end``."""
    figs = report.figures()
    order = {t: i for i, t in enumerate(THEME_LABELS)}
    figs = figs.assign(_o=figs["theme"].map(lambda t: order.get(t, len(order)) if not pd.isna(t) else len(order)))
    figs = figs.sort_values(["_o", "start"], kind="stable")
    return pd.DataFrame({
        "theme": pd.array([_theme_label(t, lang) for t in figs["theme"]], dtype="string"),
        "figure": _figure_text(figs).to_numpy(),
        "what": _what(figs).to_numpy(),
        "direction": figs["direction"].to_numpy(),
        "quote": figs["quote"].to_numpy(),
        "start": figs["start"].to_numpy(),
        "end": figs["end"].to_numpy(),
    }).astype({"figure": "string", "what": "string", "direction": "string", "quote": "string"})


def changes(report, lang: str = "zh-Hans") -> pd.DataFrame:
    """The figures that state a change: a direction ("up"/"down"), or the two ends of 由A…至B."""
    figs = report.figures()
    keep = figs["direction"].notna() | figs["relation"].isin(["from", "to"]).fillna(False).astype(bool)
    sub = figs[keep.to_numpy()]
    return pd.DataFrame({
        "figure": _figure_text(sub).to_numpy(),
        "what": _what(sub).to_numpy(),
        "direction": sub["direction"].to_numpy(),
        "relation": sub["relation"].to_numpy(),
        "theme": pd.array([_theme_label(t, lang) for t in sub["theme"]], dtype="string"),
        "quote": sub["quote"].to_numpy(),
        "start": sub["start"].to_numpy(),
    }).astype({"figure": "string", "what": "string", "direction": "string", "relation": "string",
               "quote": "string"})


# --- across reports ------------------------------------------------------------------------------------------


def _opening(text: str, n_bytes: int = OPENING_BYTES) -> str:
    return text.encode("utf-8")[:n_bytes].decode("utf-8", errors="ignore")


def documents(corpus: pd.DataFrame | None = None, script: str = "simplified") -> pd.DataFrame:
    """The documents compared: the bundled report (whole, and its opening), then the corpus excerpts.
    Columns ``doc_id``, ``collection``, ``place``, ``level``, ``year``, ``text``, ``kind`` ("whole report"
    or "opening"). ``script`` is the bundled report's; the excerpts keep their own."""
    from .corpus import load_corpus
    from .report import load_report

    if corpus is None:
        corpus = load_corpus()
    bundled = load_report(script=script).text
    rows = [dict(BUNDLED_DOC, text=bundled, kind="whole report"),
            dict(BUNDLED_DOC, doc_id=BUNDLED_DOC["doc_id"] + "-opening", text=_opening(bundled), kind="opening")]
    for rec in corpus.to_dict("records"):
        rows.append({k: rec[k] for k in ("doc_id", "collection", "place", "level", "year", "text")}
                    | {"kind": "opening"})
    return pd.DataFrame(rows).astype({"doc_id": "string", "collection": "string", "place": "string",
                                      "level": "string", "year": "Int64", "text": "string", "kind": "string"})


def corpus_figures(docs: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every figure of every document of ``documents()``, with ``doc_id`` first. The bundled report's figures
    carry its curated themes (a figure stating two curated indicators counts once); the excerpts' come from
    ``extract_figures``."""
    from .extract import extract_figures
    from .report import load_report

    if docs is None:
        docs = documents()
    bundled = load_report().figures().drop_duplicates(["start", "end"])  # spans are the same in both scripts
    frames = []
    for doc_id, text, coll in zip(docs["doc_id"], docs["text"], docs["collection"], strict=True):
        if coll == "bundled":
            figs = bundled[bundled["end"] <= len(text)]
        else:
            figs = extract_figures(str(text))
        frames.append(figs.assign(doc_id=doc_id))
    cols = ["doc_id", "value", "unit", "qualifier", "start", "end", "quote", "theme", "indicator_phrase",
            "direction"]
    out = pd.concat([f[cols] for f in frames], ignore_index=True)
    out["unit"] = out["unit"].map(fold_to_simplified).astype("string")
    out["indicator_phrase"] = out["indicator_phrase"].map(
        lambda p: p if pd.isna(p) else fold_to_simplified(p)).astype("string")
    return out


def _n_chars(text: str) -> int:
    return sum(not ch.isspace() for ch in text)


def across_reports(docs: pd.DataFrame | None = None, figs: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per document: ``doc_id``, ``place``, ``level``, ``year``, ``kind``, ``n_chars`` (characters
    without whitespace), ``n_figures``, ``per_1000_chars``, ``hedged`` (share of figures with a qualifier:
    余/以上/多 at least, 约/近/左右 about, 以内/不到 at most), ``main_theme`` (the theme with most figures)."""
    if docs is None:
        docs = documents()
    if figs is None:
        figs = corpus_figures(docs)
    rows = []
    for rec in docs.to_dict("records"):
        f = figs[figs["doc_id"] == rec["doc_id"]]
        n_chars = _n_chars(str(rec["text"]))
        n = len(f)
        counts = f["theme"].value_counts()
        rows.append({"doc_id": rec["doc_id"], "place": rec["place"], "level": rec["level"], "year": rec["year"],
                     "kind": rec["kind"], "n_chars": n_chars, "n_figures": n,
                     "per_1000_chars": n / n_chars * 1000 if n_chars else 0.0,
                     "hedged": float(f["qualifier"].isin(_HEDGED).mean()) if n else 0.0,
                     "main_theme": counts.index[0] if len(counts) else pd.NA})
    return pd.DataFrame(rows).astype({"doc_id": "string", "place": "string", "level": "string", "year": "Int64",
                                      "kind": "string", "n_chars": "int64", "n_figures": "int64",
                                      "per_1000_chars": "float64", "hedged": "float64", "main_theme": "string"})


def theme_shares(figs: pd.DataFrame) -> pd.DataFrame:
    """Share of each theme among each document's figures: ``doc_id``, one column per theme (0–1)."""
    table = pd.crosstab(figs["doc_id"], figs["theme"], normalize="index")
    table = table.reindex(columns=list(THEME_LABELS), fill_value=0.0)
    order = list(dict.fromkeys(figs["doc_id"]))
    return table.reindex(order).fillna(0.0).rename_axis(columns=None).reset_index()


def unit_counts(figs: pd.DataFrame) -> pd.DataFrame:
    """Units (simplified script) by the number of documents that use them: ``unit``, ``n_documents``,
    ``n_figures``, ``in_bundled`` (Wei County's whole report uses it)."""
    g = figs.groupby("unit", sort=False)
    bundled = set(figs.loc[figs["doc_id"] == BUNDLED_DOC["doc_id"], "unit"])
    out = pd.DataFrame({"n_documents": g["doc_id"].nunique(), "n_figures": g.size()}).reset_index()
    out["in_bundled"] = out["unit"].isin(bundled)
    return out.sort_values(["n_documents", "n_figures", "unit"], ascending=[False, False, True],
                           kind="stable").reset_index(drop=True)


def shared_indicators(figs: pd.DataFrame, *, min_documents: int = 2, min_length: int = 3,
                      exclude: tuple[str, ...] = ("weixian-2019-opening",)) -> pd.DataFrame:
    """Indicators stated by several documents, matched by phrase: each figure's phrase is keyed by its
    longest ending (at least ``min_length`` characters: 受理行政复议案件 and 办理行政复议案件 share 行政复议案件)
    that phrases of at least ``min_documents`` documents end with. Columns ``indicator`` (the shared
    ending), ``n_documents``, ``n_figures``, ``documents`` (doc ids), ``phrases`` (as written, simplified),
    ``in_bundled``. Documents in ``exclude`` (the bundled report's opening, a copy of its start) are left out.
    """
    f = figs[~figs["doc_id"].isin(exclude) & figs["indicator_phrase"].notna()]
    phrases = [_GLOSS.sub("", str(p)).strip() for p in f["indicator_phrase"]]
    doc_ids = list(f["doc_id"])
    # a key is a whole phrase of some document, or one without its opening verb (受理行政复议案件 → 行政复议案件)
    verbs = phrase_words()["verb"]
    bases = set(phrases) | {p[len(v):] for p in phrases for v in verbs if p.startswith(v)}
    bases = {k for k in bases if len(k) >= min_length}
    docs_by_key: dict[str, set[str]] = {}
    for p, d in zip(phrases, doc_ids, strict=True):
        for i in range(len(p) - min_length + 1):
            if p[i:] in bases:
                docs_by_key.setdefault(p[i:], set()).add(d)
    keys = []
    for p in phrases:
        key = next((p[i:] for i in range(len(p) - min_length + 1)
                    if len(docs_by_key.get(p[i:], ())) >= min_documents), None)
        keys.append(key)
    rows: dict[str, dict] = {}
    for key, p, d in zip(keys, phrases, doc_ids, strict=True):
        if key is None:
            continue
        r = rows.setdefault(key, {"indicator": key, "documents": [], "phrases": [], "n_figures": 0})
        r["n_figures"] += 1
        if d not in r["documents"]:
            r["documents"].append(d)
        if p not in r["phrases"]:
            r["phrases"].append(p)
    out = pd.DataFrame([{"indicator": r["indicator"], "n_documents": len(r["documents"]),
                         "n_figures": r["n_figures"], "documents": "、".join(r["documents"]),
                         "phrases": "、".join(r["phrases"]),
                         "in_bundled": BUNDLED_DOC["doc_id"] in r["documents"]} for r in rows.values()],
                       columns=["indicator", "n_documents", "n_figures", "documents", "phrases", "in_bundled"])
    out = out[out["n_documents"] >= min_documents]
    return out.sort_values(["n_documents", "n_figures", "indicator"], ascending=[False, False, True],
                           kind="stable").reset_index(drop=True).astype(
        {"indicator": "string", "n_documents": "int64", "n_figures": "int64", "documents": "string",
         "phrases": "string", "in_bundled": "bool"})


def placement(across: pd.DataFrame) -> pd.DataFrame:
    """Wei County among the excerpts: for each measure of ``across_reports`` (``per_1000_chars``,
    ``hedged``, ``n_figures``), the value of its opening and of its whole report, the excerpts' median, and
    the opening's rank among all openings (1 = highest)."""
    openings = across[across["kind"] == "opening"]
    others = openings[~openings["doc_id"].str.startswith(BUNDLED_DOC["doc_id"])]
    own = openings[openings["doc_id"].str.startswith(BUNDLED_DOC["doc_id"])].iloc[0]
    whole = across[across["doc_id"] == BUNDLED_DOC["doc_id"]].iloc[0]
    rows = []
    for col in ("per_1000_chars", "hedged", "n_figures"):
        ranks = openings[col].rank(ascending=False, method="min")
        rows.append({"measure": col, "wei_county_opening": float(own[col]), "wei_county_whole": float(whole[col]),
                     "excerpts_median": float(others[col].median()),
                     "opening_rank": int(ranks[openings["doc_id"] == own["doc_id"]].iloc[0]),
                     "n_openings": len(openings)})
    return pd.DataFrame(rows).astype({"measure": "string"})
