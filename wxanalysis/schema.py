"""The figures table's columns and dtypes, written once (imports nothing of the package).

``FIGURE_SCHEMA`` maps each column of ``extract_figures`` / ``Report.figures()`` to its pandas dtype, in
column order: the API's columns (API.md), then the extractor's own (``quote_start``, ``quote_end``,
``relation``). ``figures_frame`` builds the table from plain per-column lists, so the extractor, the catalog,
the batch command and the build's ``datapackage.json`` all share one definition.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

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
#: The columns API.md documents (``value`` … ``direction``): the figures table less the extractor's own.
API_FIGURE_COLUMNS: list[str] = FIGURE_COLUMNS[: FIGURE_COLUMNS.index("quote_start")]

#: Column → dtype of the declined-tokens table of ``extract_figures(explain=True)``.
DECLINED_SCHEMA: dict[str, str] = {
    "token": "string",
    "start": "int64",
    "end": "int64",
    "rule": "string",
    "context": "string",
}
DECLINED_COLUMNS: list[str] = list(DECLINED_SCHEMA)


def _strings(values: list | pa.ChunkedArray | None, k: int) -> pd.api.extensions.ExtensionArray:
    """A ``string`` column from a list of str/None (``None``: all missing) or an Arrow chunked array of
    strings, built through Arrow (fast)."""
    if isinstance(values, pa.ChunkedArray):
        return pd.arrays.ArrowStringArray(values)
    data = pa.nulls(k, pa.large_string()) if values is None else pa.array(values, type=pa.large_string())
    return pd.arrays.ArrowStringArray(pa.chunked_array([data], type=pa.large_string()))


def _nullable_ints(values: list | None, k: int) -> pd.arrays.IntegerArray:
    """An ``Int64`` column from a list of int/None (``None``: all missing)."""
    if values is None:
        return pd.arrays.IntegerArray(np.zeros(k, dtype=np.int64), np.ones(k, dtype=bool))
    mask = np.fromiter((v is None for v in values), dtype=bool, count=k)
    data = np.fromiter((0 if v is None else v for v in values), dtype=np.int64, count=k)
    return pd.arrays.IntegerArray(data, mask)


_BUILD = {"float64": lambda v, k: np.asarray(v, dtype=np.float64).reshape(k),  # reshape: k values, no fewer
          "int64": lambda v, k: np.asarray(v, dtype=np.int64).reshape(k),
          "string": _strings, "Int64": _nullable_ints}


def frame(schema: dict[str, str], columns: dict[str, list], k: int) -> pd.DataFrame:
    """A table of ``k`` rows with ``schema``'s columns in order, then any other entries of ``columns``
    (string dtype); a ``string``/``Int64`` column absent from ``columns`` is all missing (``<NA>``), while
    the ``int64``/``float64`` ones must be given."""
    data = {name: _BUILD[dtype](columns.get(name), k) for name, dtype in schema.items()}
    data.update({name: _strings(v, k) for name, v in columns.items() if name not in schema})
    return pd.DataFrame(data, copy=False)  # the arrays are new: no need to copy them again


def figures_frame(columns: dict[str, list], k: int) -> pd.DataFrame:
    """The figures table (``FIGURE_SCHEMA``, then any extra string columns) of ``k`` rows from plain
    per-column lists."""
    return frame(FIGURE_SCHEMA, columns, k)


def declined_frame(columns: dict[str, list], k: int) -> pd.DataFrame:
    """The declined-tokens table (``DECLINED_SCHEMA``) of ``k`` rows from plain per-column lists."""
    return frame(DECLINED_SCHEMA, columns, k)
