"""The figures table's columns and dtypes, written once (imports nothing of the package).

``FIGURE_SCHEMA`` maps each column of ``extract_figures`` / ``Report.figures()`` to its pandas dtype, in
column order: the API's columns (API.md), then the extractor's own (``quote_start``, ``quote_end``,
``relation``). ``figures_frame`` builds the table from plain per-column lists, so the extractor, the catalog,
the batch command and the build's ``datapackage.json`` all share one definition.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Column → pandas dtype of the figures table, in column order.
FIGURE_SCHEMA: dict[str, str] = {
    "value": "float64",
    "unit": "string",
    "qualifier": "string",
    "start": "int64",
    "end": "int64",
    "quote": "string",
    "section": "Int64",
    "theme": "string",
    "indicator": "string",
    "label_zh": "string",
    "label_en": "string",
    "indicator_phrase": "string",
    "phrase_start": "Int64",
    "phrase_end": "Int64",
    "direction": "string",
    "quote_start": "int64",
    "quote_end": "int64",
    "relation": "string",
}
#: Column order of the figures table.
FIGURE_COLUMNS: list[str] = list(FIGURE_SCHEMA)

#: Column → dtype of the declined-tokens table of ``extract_figures(explain=True)``.
DECLINED_SCHEMA: dict[str, str] = {
    "token": "string",
    "start": "int64",
    "end": "int64",
    "rule": "string",
    "context": "string",
}
DECLINED_COLUMNS: list[str] = list(DECLINED_SCHEMA)


def _column(values: list | None, dtype: str, k: int):
    """One column of ``k`` rows of ``dtype`` from a plain list (``None`` = missing), or all missing."""
    if dtype in ("int64", "float64"):
        return np.asarray(values if values is not None else np.zeros(k), dtype=dtype)
    if values is None:
        values = [None] * k
    return pd.array(values, dtype=dtype)


def frame(schema: dict[str, str], columns: dict[str, list], k: int) -> pd.DataFrame:
    """A table of ``k`` rows with ``schema``'s columns in order; columns absent from ``columns`` are all
    missing (``<NA>``; the int64/float64 columns must be given)."""
    unknown = set(columns) - set(schema)
    if unknown:
        raise KeyError(f"columns not in the schema: {sorted(unknown)}")
    return pd.DataFrame({name: _column(columns.get(name), dtype, k) for name, dtype in schema.items()})


def figures_frame(columns: dict[str, list], k: int) -> pd.DataFrame:
    """The figures table (``FIGURE_SCHEMA``) of ``k`` rows from plain per-column lists."""
    return frame(FIGURE_SCHEMA, columns, k)


def declined_frame(columns: dict[str, list], k: int) -> pd.DataFrame:
    """The declined-tokens table (``DECLINED_SCHEMA``) of ``k`` rows from plain per-column lists."""
    return frame(DECLINED_SCHEMA, columns, k)
