"""Curated labels: a reviewed data file joined to extracted spans.

``data/indicators.csv`` gives each figure of the bundled report a stable ``indicator`` key, its theme, the
themed table it belongs to, optional ``group``/``stage`` dimensions, and Chinese (simplified) and English
labels. Each entry names an ``anchor``: a phrase (simplified script) that occurs exactly once in the report
and contains exactly one extracted figure. Anything else — an anchor found zero or several times, an anchor
covering no figure or several, a theme that disagrees with the section the figure sits in, or a figure of the
bundled report that no entry labels — raises ``CurationError``. Labels are applied only to the bundled report
(identified by the sha256 of its raw bytes); other reports get ``<NA>`` labels and keep the automatic
``theme`` and ``indicator_phrase`` of ``extract_figures``. On the bundled report the curated theme stands.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import pandas as pd

from .bundled import BUNDLED_SHA256
from .errors import CurationError
from .schema import API_FIGURE_COLUMNS

#: The genre's themes and their display labels: theme → (simplified Chinese, English). The first five are
#: the themes of the numbered sections; "other" takes figures on anything else (leadership, study of law,
#: publicity, public legal services …).
THEME_LABELS: dict[str, tuple[str, str]] = {
    "admin_reform": ("放管服改革", "Administrative reform (放管服)"),
    "decision_making": ("依法决策", "Lawful decision-making"),
    "law_enforcement": ("行政执法", "Law enforcement"),
    "dispute_resolution": ("矛盾纠纷化解", "Dispute resolution"),
    "oversight": ("监督", "Oversight"),
    "other": ("其他", "Other"),
}

CURATION_COLUMNS = ["indicator", "anchor", "theme", "table", "group", "stage", "label_zh", "label_en"]


@lru_cache(maxsize=1)
def load_curation() -> pd.DataFrame:
    """The reviewed indicator file as a DataFrame (all columns string dtype; empty cells <NA>)."""
    path = resources.files("wxanalysis").joinpath("data", "indicators.csv")
    with path.open(encoding="utf-8") as fh:
        cur = pd.read_csv(fh, dtype="string", keep_default_na=False, na_values=[""])
    if list(cur.columns) != CURATION_COLUMNS:
        raise CurationError(f"indicators.csv columns {list(cur.columns)} != {CURATION_COLUMNS}")
    dup = cur["indicator"][cur["indicator"].duplicated()]
    if len(dup):
        raise CurationError(f"indicators.csv repeats indicator keys: {sorted(dup)}")
    if cur["indicator"].isna().any() or cur["anchor"].isna().any():
        raise CurationError("indicators.csv has an entry without indicator or anchor")
    bad = set(cur["theme"].dropna()) - set(THEME_LABELS)
    if bad:
        raise CurationError(f"indicators.csv uses unknown themes {sorted(bad)}")
    return cur


def anchor_spans(simplified_text: str, anchor: str) -> list[tuple[int, int]]:
    """Every (start, end) occurrence of ``anchor`` in the simplified text, overlapping ones included."""
    out, i = [], simplified_text.find(anchor)
    while i >= 0:
        out.append((i, i + len(anchor)))
        i = simplified_text.find(anchor, i + 1)
    return out


def match_curation(figures: pd.DataFrame, simplified_text: str, curation: pd.DataFrame) -> pd.DataFrame:
    """Join curation entries to figure rows: one row per entry with the index of its figure (``row``).

    Raises ``CurationError`` naming every entry that matches no span or several.
    """
    starts = figures["start"].to_numpy()
    ends = figures["end"].to_numpy()
    rows, problems = [], []
    for entry in curation.itertuples(index=False):
        spans = anchor_spans(simplified_text, entry.anchor)
        if len(spans) != 1:
            problems.append(f"{entry.indicator}: anchor {entry.anchor!r} occurs {len(spans)} times (need 1)")
            continue
        a, b = spans[0]
        inside = [i for i in range(len(figures)) if a <= starts[i] and ends[i] <= b]
        if len(inside) != 1:
            found = [simplified_text[starts[i]:ends[i]] for i in inside]
            problems.append(f"{entry.indicator}: anchor {entry.anchor!r} covers {len(inside)} figures {found}")
            continue
        rows.append({"indicator": entry.indicator, "row": inside[0]})
    if problems:
        raise CurationError("curated indicators do not match the report text:\n  " + "\n  ".join(problems))
    return pd.DataFrame(rows, columns=["indicator", "row"])


def _empty_labels(figs: pd.DataFrame) -> pd.DataFrame:
    out = figs.copy()
    for col in ("indicator", "label_zh", "label_en", "label_zh_hans", "label_zh_hant", "table", "group",
                "stage"):
        out[col] = pd.array([pd.NA] * len(out), dtype="string")
    return out


def _heading_themes(figs: pd.DataFrame, text: str) -> list:
    """The theme of the numbered section each figure sits in (<NA> outside the sections)."""
    from .sections import split_sections

    secs = split_sections(text)
    by_number = {int(n): t for n, t in zip(secs["number"], secs["theme"], strict=True) if not pd.isna(n)}
    return [pd.NA if pd.isna(n) else by_number.get(int(n), pd.NA) for n in figs["section"]]


def label_figures(text: str, script: str, sha256: str) -> pd.DataFrame:
    """The figures of a report (its ``text``, in ``script``, whose raw bytes have checksum ``sha256``) with
    curated labels joined (bundled report only).

    Columns: those of API.md (value … label_en, indicator_phrase … direction) followed by ``label_zh_hans``,
    ``label_zh_hant``, ``table``, ``group``, ``stage`` and the extractor's extra columns. A figure that
    states two indicators appears once per indicator, with the same span.
    """
    from .extract import extract_figures
    from .text import convert_script

    figs = extract_figures(text)
    if sha256 != BUNDLED_SHA256:
        return _order(_empty_labels(figs))
    simplified = text if script == "simplified" else convert_script(text, "simplified")
    cur = load_curation()
    joined = match_curation(figs, simplified, cur)
    unlabeled = sorted(set(range(len(figs))) - set(joined["row"]))
    if unlabeled:
        desc = [f"{figs['quote'].iat[i]!r} (start {figs['start'].iat[i]})" for i in unlabeled]
        raise CurationError("figures of the bundled report without a curated indicator: " + "; ".join(desc))
    cur_by_key = cur.set_index("indicator")
    heading = _heading_themes(figs, text)
    records = []
    for key, row in zip(joined["indicator"], joined["row"], strict=True):
        rec = figs.iloc[row].to_dict()
        entry = cur_by_key.loc[key]
        theme = entry["theme"]
        got = heading[row]
        if (pd.isna(theme) != pd.isna(got)) or (not pd.isna(theme) and theme != got):
            raise CurationError(
                f"{key}: curated theme {theme!r} but the figure sits in a part with theme {got!r}"
            )
        hans = entry["label_zh"]
        hant = convert_script(hans, "traditional")
        rec.update(
            indicator=key,
            theme=theme,
            label_zh=hant if script == "traditional" else hans,
            label_en=entry["label_en"],
            label_zh_hans=hans,
            label_zh_hant=hant,
            table=entry["table"],
            group=entry["group"],
            stage=entry["stage"],
            _order=len(records),
        )
        records.append(rec)
    out = pd.DataFrame.from_records(records)
    out = out.sort_values(["start", "_order"], kind="stable").drop(columns="_order").reset_index(drop=True)
    return _order(out.astype(figs.dtypes.to_dict() | {c: "string" for c in (
        "indicator", "label_zh", "label_en", "label_zh_hans", "label_zh_hant", "table", "group", "stage")}))


def _order(df: pd.DataFrame) -> pd.DataFrame:
    extra_labels = ["label_zh_hans", "label_zh_hant", "table", "group", "stage"]
    rest = [c for c in df.columns if c not in API_FIGURE_COLUMNS and c not in extra_labels]
    return df[API_FIGURE_COLUMNS + extra_labels + rest].reset_index(drop=True)
