"""Themed tables, derived indicators and the report's self-checks.

Every table is tidy (one row per number) and built from ``report.figures()``: values come from the text by
code, with their spans. Themed tables share these columns:

``indicator`` (curated key), ``group`` and ``stage`` (dimensions, <NA> where none), ``value`` (float64),
``unit``, ``qualifier``, ``derived`` (bool: computed from other rows, e.g. after = before + added; such rows
have no span), ``start``/``end`` (Int64 span of the number in ``report.text``), ``quote``, ``theme``,
``label_zh`` (the report's script), ``label_zh_hans``, ``label_zh_hant``, ``label_en``.

``checks(report)`` compares the report's numbers with each other (BuzzFeed-NICS style): each row shows both
sides and the relation (54 == 46 + 2 + 6; 5 <= 32). A consistency rule must hold: ``verify(report)`` raises
``ConsistencyError`` when one fails, and the build calls it. A finding (no lawsuit reported lost) is only
reported, never raised.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from .catalog import THEME_LABELS
from .errors import ConsistencyError

THEMED_COLUMNS = ["indicator", "group", "stage", "value", "unit", "qualifier", "derived", "start", "end",
                  "quote", "theme", "label_zh", "label_zh_hans", "label_zh_hant", "label_en"]
THEMED_DTYPES = {"indicator": "string", "group": "string", "stage": "string", "value": "float64",
                 "unit": "string", "qualifier": "string", "derived": "bool", "start": "Int64", "end": "Int64",
                 "quote": "string", "theme": "string", "label_zh": "string", "label_zh_hans": "string",
                 "label_zh_hant": "string", "label_en": "string"}


def _zh(report, hans: str) -> tuple[str, str, str]:
    """(label in the report's script, simplified, traditional) for a simplified label."""
    from .text import convert_script

    hant = convert_script(hans, "traditional")
    return (hant if report.script == "traditional" else hans), hans, hant


def _themed(report, table: str) -> pd.DataFrame:
    figs = report.figures()
    rows = figs[figs["table"] == table].copy()
    rows["derived"] = False
    out = rows[[c for c in THEMED_COLUMNS]].reset_index(drop=True)
    return out.astype(THEMED_DTYPES)


def _value(report, indicator: str) -> pd.Series:
    figs = report.figures()
    hit = figs[figs["indicator"] == indicator]
    if len(hit) != 1:
        raise ConsistencyError(f"indicator {indicator!r} found {len(hit)} times in the report's figures")
    return hit.iloc[0]


def approval_time(report) -> pd.DataFrame:
    """Approval time for enterprise investment projects, before and after the commitment reform
    (working days; 由60个工作日压减至11个工作日)."""
    return _themed(report, "approval_time")


def online_services(report) -> pd.DataFrame:
    """Online and township service delivery: items online (项), online application/review rates (%),
    county items handled in townships, items approved directly online, items licensed on commitment."""
    return _themed(report, "online_services")


def township_powers(report) -> pd.DataFrame:
    """Powers delegated to townships (项): direct approvals and public-service items, before, added, and
    after (derived rows: before + added, from ``derived_indicators``)."""
    base = _themed(report, "township_powers")
    der = derived_indicators(report).set_index("indicator")
    extra = []
    for group, key in (("direct_approval", "township_direct_approvals_after"),
                       ("public_service", "township_service_items_after")):
        if key not in der.index:  # a report without the curated inputs
            continue
        d = der.loc[key]
        extra.append({"indicator": key, "group": group, "stage": "after", "value": d["value"],
                      "unit": d["unit"], "qualifier": d["qualifier"], "derived": True, "start": pd.NA,
                      "end": pd.NA, "quote": pd.NA, "theme": d["theme"], "label_zh": d["label_zh"],
                      "label_zh_hans": d["label_zh_hans"], "label_zh_hant": d["label_zh_hant"],
                      "label_en": d["label_en"]})
    return pd.concat([base, pd.DataFrame(extra)], ignore_index=True).astype(THEMED_DTYPES)


def normative_documents(report) -> pd.DataFrame:
    """The clean-up of normative documents (件): reviewed, and of those kept, amended, repealed."""
    return _themed(report, "normative_documents")


def legal_advisers(report) -> pd.DataFrame:
    """The county government's legal advisers (名) and their work (件, 份)."""
    return _themed(report, "legal_advisers")


def enforcement(report) -> pd.DataFrame:
    """Law-enforcement supervision inspections (次)."""
    return _themed(report, "enforcement")


def permits(report) -> pd.DataFrame:
    """Annual inspection of fine-and-confiscation permits (个): by copy (original, duplicate, both) and
    action (inspected, replaced, new, cancelled)."""
    return _themed(report, "permits")


def mediation(report) -> pd.DataFrame:
    """People's mediation: the network (乡镇, 村), disputes mediated (起) and rates (%), medical disputes."""
    return _themed(report, "mediation")


def reconsideration(report) -> pd.DataFrame:
    """Administrative reconsideration cases accepted and concluded (件)."""
    return _themed(report, "reconsideration")


def litigation(report) -> pd.DataFrame:
    """Administrative litigation: cases defended (件) by outcome, and agency heads' court attendance (%)."""
    return _themed(report, "litigation")


def oversight(report) -> pd.DataFrame:
    """Oversight figures (the 24-hour citizen service hotline)."""
    return _themed(report, "oversight")


def plans(report) -> pd.DataFrame:
    """Figures of the 2020 plans paragraph."""
    return _themed(report, "plans")


THEMED_TABLES: dict[str, Callable] = {
    "approval_time": approval_time,
    "online_services": online_services,
    "township_powers": township_powers,
    "normative_documents": normative_documents,
    "legal_advisers": legal_advisers,
    "enforcement": enforcement,
    "permits": permits,
    "mediation": mediation,
    "reconsideration": reconsideration,
    "litigation": litigation,
    "oversight": oversight,
    "plans": plans,
}

DERIVED_COLUMNS = ["indicator", "value", "unit", "qualifier", "formula", "inputs", "theme", "label_zh",
                   "label_zh_hans", "label_zh_hant", "label_en"]


@dataclass(frozen=True)
class _Derivation:
    indicator: str
    inputs: tuple[str, ...]
    formula: str
    func: Callable[..., float]
    unit: str | None  # None: the unit of the first input
    hans: str
    en: str


DERIVATIONS: tuple[_Derivation, ...] = (
    _Derivation("approval_days_cut", ("approval_days_before", "approval_days_after"), "before − after",
                lambda b, a: b - a, None, "审批时限压减", "Approval time cut"),
    _Derivation("approval_time_cut_pct", ("approval_days_before", "approval_days_after"),
                "(before − after) / before × 100", lambda b, a: (b - a) / b * 100, "%", "审批时限压减比例",
                "Approval time cut (%)"),
    _Derivation("township_direct_approvals_after",
                ("township_direct_approvals_before", "township_direct_approvals_added"), "before + added",
                lambda b, a: b + a, None, "乡镇直接审批事项(下放后)", "Direct approvals held by townships (after)"),
    _Derivation("township_service_items_after",
                ("township_service_items_before", "township_service_items_added"), "before + added",
                lambda b, a: b + a, None, "乡镇服务事项(下放后)", "Service items held by townships (after)"),
    _Derivation("normative_docs_changed", ("normative_docs_amended", "normative_docs_repealed"),
                "amended + repealed", lambda a, r: a + r, None, "修改或废止的规范性文件",
                "Normative documents amended or repealed"),
    _Derivation("normative_docs_kept_pct", ("normative_docs_kept", "normative_docs_reviewed"),
                "kept / reviewed × 100", lambda k, r: k / r * 100, "%", "保留比例", "Share of documents kept (%)"),
    _Derivation("permits_inspected_total", ("permit_originals_inspected", "permit_duplicates_inspected"),
                "originals + duplicates", lambda o, d: o + d, None, "年检的罚没许可证(正副本合计)",
                "Permits inspected (originals and duplicates)"),
    _Derivation("reconsideration_closure_pct", ("reconsideration_concluded", "reconsideration_accepted"),
                "concluded / accepted × 100", lambda c, a: c / a * 100, "%", "行政复议办结率",
                "Reconsideration closure rate (%)"),
    _Derivation("litigation_lost", ("litigation_cases", "litigation_won", "litigation_pending"),
                "cases − won − pending", lambda c, w, p: c - w - p, None, "负责人出庭应诉案件中败诉(推算)",
                "Lost, of the lawsuits with an agency head in court (implied)"),
)


def derived_indicators(report) -> pd.DataFrame:
    """Indicators computed from the report's figures: ``indicator``, ``value`` (float64, unrounded),
    ``unit``, ``qualifier``, ``formula`` (in words), ``inputs`` (comma-joined indicator keys), labels.
    A report without curated indicators (any report but the bundled one) has none."""
    rows = []
    curated = report.figures()["indicator"].notna().any()
    for d in DERIVATIONS if curated else ():
        inputs = [_value(report, k) for k in d.inputs]
        value = float(d.func(*[float(r["value"]) for r in inputs]))
        quals = {r["qualifier"] for r in inputs}
        zh, hans, hant = _zh(report, d.hans)
        rows.append({"indicator": d.indicator, "value": value, "unit": d.unit or inputs[0]["unit"],
                     "qualifier": "exact" if quals == {"exact"} else "about", "formula": d.formula,
                     "inputs": ",".join(d.inputs), "theme": inputs[0]["theme"], "label_zh": zh,
                     "label_zh_hans": hans, "label_zh_hant": hant, "label_en": d.en})
    df = pd.DataFrame(rows, columns=DERIVED_COLUMNS)
    return df.astype({c: "string" for c in DERIVED_COLUMNS if c != "value"} | {"value": "float64"})


CHECK_COLUMNS = ["check", "kind", "left", "relation", "right", "ok", "note"]

#: Kinds of self-check: a consistency rule must hold (``verify`` stops the build when one fails); a finding is
#: reported and never stops it.
CHECK_KINDS = ("consistency", "finding")
RELATIONS = {"==": lambda a, b: a == b, "<=": lambda a, b: a <= b}


@dataclass(frozen=True)
class _Check:
    check: str
    kind: str
    left: tuple[str, ...]  # indicators added up on the left
    relation: str
    right: tuple[str, ...]  # indicators added up on the right
    note: str


CHECKS: tuple[_Check, ...] = (
    _Check("normative_documents_add_up", "consistency", ("normative_docs_reviewed",), "==",
           ("normative_docs_kept", "normative_docs_amended", "normative_docs_repealed"),
           "documents reviewed = kept + amended + repealed"),
    _Check("reconsideration_concluded_within_accepted", "consistency", ("reconsideration_concluded",), "<=",
           ("reconsideration_accepted",), "cases concluded ≤ cases accepted"),
    _Check("permits_cancelled_within_inspected_originals", "consistency", ("permit_originals_cancelled",), "<=",
           ("permit_originals_inspected",), "original permits cancelled ≤ originals inspected"),
    _Check("permits_cancelled_within_inspected_duplicates", "consistency", ("permit_duplicates_cancelled",),
           "<=", ("permit_duplicates_inspected",), "duplicate permits cancelled ≤ duplicates inspected"),
    _Check("permits_replaced_within_inspected", "consistency", ("permits_replaced",), "<=",
           ("permit_originals_inspected", "permit_duplicates_inspected"),
           "permits replaced ≤ originals + duplicates inspected"),
    _Check("online_direct_within_township_items", "consistency", ("township_direct_online_items",), "<=",
           ("county_items_in_townships",),
           "items approved directly online ≤ county items handled in townships (they are among them)"),
    _Check("approval_time_reduced", "consistency", ("approval_days_after",), "<=", ("approval_days_before",),
           "approval time after the reform ≤ before"),
    _Check("no_case_reported_lost", "finding", ("litigation_cases",), "==",
           ("litigation_won", "litigation_pending"),
           "lawsuits with an agency head in court = won + pending: none of these is reported lost (the report "
           "names no other lawsuits' outcomes)"),
)


def checks(report) -> pd.DataFrame:
    """Where the report's own numbers should agree, do they? One row per check: ``check`` (key), ``kind``
    ("consistency": must hold; "finding": reported only), ``left`` and ``right`` (float64, the two quantities
    compared, each a stated figure or a sum of them), ``relation`` ("==" or "<="), ``ok`` (bool), ``note``
    (what is compared, in words)."""

    def total(keys: tuple[str, ...]) -> float:
        return sum(float(_value(report, k)["value"]) for k in keys)

    rows = []
    if report.figures()["indicator"].notna().any():  # no curated indicators (another report): nothing to check
        checks_ = CHECKS
    else:
        checks_ = ()
    for c in checks_:
        left, right = total(c.left), total(c.right)
        rows.append({"check": c.check, "kind": c.kind, "left": left, "relation": c.relation, "right": right,
                     "ok": bool(RELATIONS[c.relation](left, right)), "note": c.note})
    df = pd.DataFrame(rows, columns=CHECK_COLUMNS)
    return df.astype({"check": "string", "kind": "string", "left": "float64", "relation": "string",
                      "right": "float64", "ok": "bool", "note": "string"})


def verify(report) -> pd.DataFrame:
    """``checks(report)``, raising ``ConsistencyError`` listing every consistency rule that fails (a finding
    that does not hold is reported in the table, never raised)."""
    df = checks(report)
    bad = df[~df["ok"] & df["kind"].eq("consistency")]
    if len(bad):
        lines = [f"{r.check}: {r.left:g} {r.relation} {r.right:g} does not hold ({r.note})" for r in bad.itertuples()]
        raise ConsistencyError("the report's numbers do not add up:\n  " + "\n  ".join(lines))
    return df


def figures_by_theme(report) -> pd.DataFrame:
    """Number of figures (rows of ``report.figures()``, i.e. indicators) and of distinct number spans per
    theme, in section order; figures outside the numbered sections under theme <NA>."""
    figs = report.figures()
    rows = []
    for theme in [*THEME_LABELS, None]:
        sub = figs[figs["theme"].isna()] if theme is None else figs[figs["theme"] == theme]
        hans, en = THEME_LABELS.get(theme, ("其他部分", "Outside the numbered sections"))
        zh, hans, hant = _zh(report, hans)
        rows.append({"theme": theme, "n_figures": len(sub), "n_spans": sub[["start", "end"]].drop_duplicates().shape[0],
                     "label_zh": zh, "label_zh_hans": hans, "label_zh_hant": hant, "label_en": en})
    df = pd.DataFrame(rows)
    return df.astype({"theme": "string", "n_figures": "int64", "n_spans": "int64", "label_zh": "string",
                      "label_zh_hans": "string", "label_zh_hant": "string", "label_en": "string"})


def sections_overview(report) -> pd.DataFrame:
    """``report.sections`` with ``n_chars`` (characters in the part, whitespace excluded) and ``n_figures``
    (figure rows whose number lies in the part), plus theme labels."""
    secs = report.sections.copy()
    figs = report.figures()
    text = report.text
    secs["n_chars"] = [sum(not ch.isspace() for ch in text[s:e]) for s, e in zip(secs["start"], secs["end"],
                                                                              strict=True)]
    secs["n_figures"] = [int(((figs["start"] >= s) & (figs["end"] <= e)).sum())
                         for s, e in zip(secs["start"], secs["end"], strict=True)]
    labels = [THEME_LABELS.get(t, (None, None)) if not pd.isna(t) else (None, None) for t in secs["theme"]]
    secs["label_en"] = [en for _, en in labels]
    secs["label_zh_hans"] = [h for h, _ in labels]
    return secs.astype({"n_chars": "int64", "n_figures": "int64", "label_en": "string",
                        "label_zh_hans": "string"})


def formulas_table(report) -> pd.DataFrame:
    """``report.formulas()`` with ``members`` joined by "、" (a flat, CSV-friendly column)."""
    df = report.formulas()
    df["members"] = df["members"].map(lambda m: "、".join(m)).astype("string")
    return df


def all_tables(report) -> dict[str, pd.DataFrame]:
    """Every public table, by file name (without extension), in a stable order."""
    out: dict[str, pd.DataFrame] = {
        "sections": sections_overview(report),
        "figures": report.figures(),
        "formulas": formulas_table(report),
        "quality": report.quality(),
    }
    for name, fn in THEMED_TABLES.items():
        out[name] = fn(report)
    out["derived_indicators"] = derived_indicators(report)
    out["checks"] = checks(report)
    out["figures_by_theme"] = figures_by_theme(report)
    return out
