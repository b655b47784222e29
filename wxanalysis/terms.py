"""A report's vocabulary as tables: terms per part, key words in context, and what is distinctive.

Every count comes from tokens with spans (``segment.tokens``); every part is a row of ``report.sections``.
The parts are made to cover the whole text: each part runs from its own start to the start of the next one (the
first from the beginning of the text, the last to its end), so counts add up to the whole report.

What is distinctive is measured with the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi &
Quinn, "Fightin' Words", Political Analysis 16(4), 2008, eq. 16 and 19): for word w with counts y_a, y_b in two
texts of n_a, n_b words, and prior counts α_w summing to α_0,

    δ_w = log((y_a + α_w) / (n_a + α_0 − y_a − α_w)) − log((y_b + α_w) / (n_b + α_0 − y_b − α_w))
    σ²_w ≈ 1 / (y_a + α_w) + 1 / (y_b + α_w),   z_w = δ_w / σ_w.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .errors import ReportError
from .segment import counted, load_terms, tokens, vocabulary_counts
from .text import fold_to_simplified

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .report import Report

#: Columns of ``report.terms()``.
TERM_TABLE_COLUMNS = ["term", "section", "part", "theme", "count", "share", "key", "gloss_en", "dictionary"]
#: Columns of ``report.kwic()``.
KWIC_COLUMNS = ["term", "start", "end", "left", "right", "section", "part"]
#: Columns of ``log_odds_dirichlet()``.
LOG_ODDS_COLUMNS = ["key", "count", "count_other", "delta", "se", "z"]

_SPACE_RE = re.compile(r"\s")


def _parts(report: Report) -> pd.DataFrame:
    """``report.sections`` with ``lo``/``hi`` covering the whole text, and ``chars`` (non-blank characters)."""
    text = report.text
    parts = report.sections.sort_values("start", kind="stable").reset_index(drop=True)
    if parts.empty:
        parts = pd.DataFrame({"number": pd.array([pd.NA], dtype="Int64"),
                              "kind": pd.array(["document"], dtype="string"), "start": [0]})
    lo = parts["start"].to_numpy(dtype="int64").copy()
    lo[0] = 0
    hi = np.append(lo[1:], len(text))
    chars = [hi_ - lo_ - len(_SPACE_RE.findall(text, lo_, hi_)) for lo_, hi_ in zip(lo, hi, strict=True)]
    return pd.DataFrame({"section": parts["number"].astype("Int64"), "part": parts["kind"].astype("string"),
                         "lo": lo, "hi": hi, "chars": np.array(chars, dtype="int64")})


def _part_index(parts: pd.DataFrame, starts: np.ndarray) -> np.ndarray:
    return parts["lo"].to_numpy().searchsorted(starts, side="right") - 1


def term_table(report: Report) -> pd.DataFrame:
    """One row per vocabulary word and part of the report (see ``TERM_TABLE_COLUMNS``).

    ``term`` is the word as the report writes it (its first occurrence), ``key`` the same word in simplified
    characters (equal for the report in either script), ``section`` the section number (<NA> outside numbered
    sections), ``part`` the kind of part (preamble, section, problems, plans, closing), ``theme`` and
    ``gloss_en`` those of the governance dictionary (<NA> for other words), ``count`` the occurrences in the
    part and ``share`` the count per 1,000 non-blank characters of the part. Rows in order of the parts, then
    by count (descending) and key.
    """
    text = report.text
    toks = tokens(text)
    toks = toks[counted(toks)].reset_index(drop=True)
    parts = _parts(report)
    toks["p"] = _part_index(parts, toks["start"].to_numpy())
    first = toks.drop_duplicates("key")
    surface = {k: text[s:e] for k, s, e in zip(first["key"].to_numpy(dtype=object), first["start"].to_numpy(),
                                               first["end"].to_numpy(), strict=True)}
    grouped = toks.groupby(["p", "key"], sort=True).agg(count=("start", "size"), dictionary=("dictionary", "first"))
    grouped = grouped.reset_index()
    dictionary = load_terms().set_index("term")
    out = pd.DataFrame({
        "term": pd.array([surface[k] for k in grouped["key"].to_numpy(dtype=object)], dtype="string"),
        "section": parts["section"].take(grouped["p"]).reset_index(drop=True),
        "part": parts["part"].take(grouped["p"]).reset_index(drop=True),
        "theme": dictionary["theme"].reindex(grouped["key"]).reset_index(drop=True).astype("string"),
        "count": grouped["count"].astype("int64"),
        "share": grouped["count"].to_numpy() * 1000.0 / parts["chars"].take(grouped["p"]).clip(lower=1).to_numpy(),
        "key": grouped["key"].astype("string"),
        "gloss_en": dictionary["gloss_en"].reindex(grouped["key"]).reset_index(drop=True).astype("string"),
        "dictionary": grouped["dictionary"].astype(bool),
        "p": grouped["p"],
    })
    out = out.sort_values(["p", "count", "key"], ascending=[True, False, True], kind="stable")
    return out[TERM_TABLE_COLUMNS].reset_index(drop=True)


def kwic(report: Report, term: str, width: int = 20) -> pd.DataFrame:
    """Every occurrence of ``term`` (typed in either script) in the report, in order, without overlaps (as
    ``str.count`` counts them): ``term`` as written there, ``start``/``end`` (``report.text[start:end]``),
    ``width`` characters of context on the ``left`` and ``right`` (verbatim), ``section`` and ``part``.

    Occurrences are found in the text, not among tokens: 调解 finds 人民调解 and 行政调解 too.
    """
    if not isinstance(term, str) or not term.strip():
        raise ReportError(f"kwic needs a term to look for, not {term!r}")
    if isinstance(width, bool) or not isinstance(width, int) or width < 0:
        raise ReportError(f"width must be a whole number of characters, 0 or more, not {width!r}")
    text = report.text
    folded, key = fold_to_simplified(text), fold_to_simplified(term)
    starts = [m.start() for m in re.finditer(re.escape(key), folded)]
    parts = _parts(report)
    idx = _part_index(parts, np.array(starts, dtype="int64"))
    n = len(key)
    return pd.DataFrame({
        "term": pd.array([text[s:s + n] for s in starts], dtype="string"),
        "start": np.array(starts, dtype="int64"),
        "end": np.array(starts, dtype="int64") + n,
        "left": pd.array([text[max(0, s - width):s] for s in starts], dtype="string"),
        "right": pd.array([text[s + n:s + n + width] for s in starts], dtype="string"),
        "section": parts["section"].take(idx).reset_index(drop=True),
        "part": parts["part"].take(idx).reset_index(drop=True),
    }, columns=KWIC_COLUMNS)


def log_odds_dirichlet(counts: pd.Series, other: pd.Series, prior: pd.Series | None = None,
                       alpha0: float | None = None) -> pd.DataFrame:
    """Log-odds ratio with an informative Dirichlet prior (Monroe et al. 2008) of each word in ``counts``
    against ``other`` (Series of counts indexed by word).

    ``prior`` holds background counts (default: the two texts pooled, ``counts + other``); the prior counts are
    α_w = α_0 · prior_w / Σ prior, with ``alpha0`` = α_0 defaulting to Σ prior. Returns one row per word of
    either text (see ``LOG_ODDS_COLUMNS``): ``delta`` (> 0: more frequent in ``counts``), its standard error
    ``se`` and ``z = delta / se``, sorted by ``z`` (descending), then key.
    """
    words = counts.index.union(other.index)
    y_a = counts.reindex(words, fill_value=0).to_numpy(dtype="float64")
    y_b = other.reindex(words, fill_value=0).to_numpy(dtype="float64")
    if (y_a < 0).any() or (y_b < 0).any():
        raise ValueError("counts must not be negative")
    background = (y_a + y_b) if prior is None else prior.reindex(words, fill_value=0).to_numpy(dtype="float64")
    total = background.sum()
    if total <= 0 or (background <= 0).any():
        raise ValueError("the prior must give every word a positive count")
    a0 = total if alpha0 is None else float(alpha0)
    alpha = a0 * background / total
    n_a, n_b = y_a.sum(), y_b.sum()
    delta = (np.log((y_a + alpha) / (n_a + a0 - y_a - alpha))
             - np.log((y_b + alpha) / (n_b + a0 - y_b - alpha)))
    se = np.sqrt(1.0 / (y_a + alpha) + 1.0 / (y_b + alpha))
    out = pd.DataFrame({"key": pd.array(words, dtype="string"), "count": y_a.astype("int64"),
                        "count_other": y_b.astype("int64"), "delta": delta, "se": se, "z": delta / se})
    out = out.sort_values(["z", "key"], ascending=[False, True], kind="stable")
    return out[LOG_ODDS_COLUMNS].reset_index(drop=True)


def distinctive_terms(report: Report, corpus: Iterable[str] | None = None, *, top: int | None = 10,
                      min_count: int = 2) -> pd.DataFrame:
    """The report's words most over-represented against ``corpus`` (texts; default: the excerpts of
    ``wxanalysis.corpus.load_corpus()``), by ``log_odds_dirichlet`` with the pooled counts as prior.

    Words the report uses fewer than ``min_count`` times are left out of the ranking (they stay in the
    prior). Returns the ``top`` rows (all if ``None``) with ``term`` (as the report writes it), ``theme`` and
    ``gloss_en`` of the dictionary, and the columns of ``LOG_ODDS_COLUMNS``, ``count_other`` counting the
    corpus.
    """
    if corpus is None:
        from .corpus import load_corpus

        corpus = load_corpus()["text"]
    other = pd.Series(dtype="int64")
    for doc in corpus:
        other = other.add(vocabulary_counts(str(doc)), fill_value=0)
    if other.empty:
        raise ReportError("the comparison corpus has no words")
    own = vocabulary_counts(report.text)
    scores = log_odds_dirichlet(own, other.astype("int64"))
    scores = scores[scores["count"] >= min_count]
    if top is not None:
        scores = scores.head(top)
    table = term_table(report).drop_duplicates("key").set_index("key")
    scores.insert(0, "term", table["term"].reindex(scores["key"]).to_numpy())
    scores.insert(1, "theme", table["theme"].reindex(scores["key"]).to_numpy())
    scores.insert(2, "gloss_en", table["gloss_en"].reindex(scores["key"]).to_numpy())
    return scores.astype({"term": "string", "theme": "string", "gloss_en": "string"}).reset_index(drop=True)
