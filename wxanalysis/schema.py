"""The figures table's columns and dtypes, written once (imports nothing of the package).

``FIGURE_SCHEMA`` maps each column of ``extract_figures`` / ``Report.figures()`` to its pandas dtype, in
column order: the API's columns (API.md), then the extractor's own (``quote_start``, ``quote_end``,
``relation``). ``figures_frame`` builds the table from plain per-column lists, so the extractor, the catalog,
the batch command and the build's ``datapackage.json`` all share one definition.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.api.internals import create_dataframe_from_blocks

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


#: The dtype of every ``string`` column (pandas' ``"string"``: Arrow storage, ``pd.NA`` for missing).
_STRING = pd.StringDtype(storage="pyarrow", na_value=pd.NA)


def _strings(values: list | pa.ChunkedArray | pa.Array | None, k: int) -> pd.api.extensions.ExtensionArray:
    """A ``string`` column from a list of str/None (``None``: all missing) or an Arrow array of strings."""
    if isinstance(values, pa.ChunkedArray):
        return pd.arrays.ArrowStringArray(values, dtype=_STRING)
    if values is None:
        data = pa.nulls(k, pa.large_string())
    elif isinstance(values, pa.Array):
        data = values
    else:
        data = pa.array(values, type=pa.large_string())
    return pd.arrays.ArrowStringArray(pa.chunked_array([data], type=pa.large_string()), dtype=_STRING)


def _string_lists(names: list[str], columns: dict[str, list], k: int) -> dict[str, pa.Array]:
    """The string columns among ``names`` given as Python lists, converted to Arrow in one call (one
    conversion of all their values, then zero-copy slices: the per-call cost of Arrow paid once)."""
    lists = [n for n in names if isinstance(columns.get(n), list)]
    if len(lists) < 2:
        return {}
    joined = pa.array([v for n in lists for v in columns[n]], type=pa.large_string())
    if len(joined) != k * len(lists):
        raise ValueError(f"string columns {lists} should have {k} values each")
    return {n: joined.slice(i * k, k) for i, n in enumerate(lists)}


def _nullable_ints(values: list | None, k: int) -> pd.arrays.IntegerArray:
    """An ``Int64`` column from a list of int/None (``None``: all missing)."""
    if values is None:
        return pd.arrays.IntegerArray(np.zeros(k, dtype=np.int64), np.ones(k, dtype=bool))
    if None not in values:
        return pd.arrays.IntegerArray(np.array(values, dtype=np.int64).reshape(k), np.zeros(k, dtype=bool))
    mask = np.array([v is None for v in values], dtype=bool)
    data = np.array([0 if v is None else v for v in values], dtype=np.int64)
    return pd.arrays.IntegerArray(data, mask)


class _Layout(NamedTuple):
    """How a schema's columns form blocks: all ``float64`` columns in one 2-D block, all ``int64`` ones in
    another, each extension column (``string``, ``Int64``) its own (pandas' own block structure)."""

    columns: pd.Index
    floats: list[str]
    ints: list[str]
    float_at: np.ndarray
    int_at: np.ndarray
    others: list[tuple[str, str, np.ndarray]]  # (name, dtype, placement)
    strings: list[str]


@lru_cache(maxsize=32)
def _layout(schema: tuple[tuple[str, str], ...], extra: tuple[str, ...]) -> _Layout:
    names = [n for n, _ in schema] + list(extra)
    dtypes = [d for _, d in schema] + ["string"] * len(extra)
    at = {n: np.array([i], dtype=np.intp) for i, n in enumerate(names)}
    floats = [n for n, d in zip(names, dtypes, strict=True) if d == "float64"]
    ints = [n for n, d in zip(names, dtypes, strict=True) if d == "int64"]
    others = [(n, d, at[n]) for n, d in zip(names, dtypes, strict=True) if d not in ("float64", "int64")]
    place = [names.index(n) for n in floats], [names.index(n) for n in ints]
    return _Layout(pd.Index(names), floats, ints, np.array(place[0], dtype=np.intp),
                   np.array(place[1], dtype=np.intp), others,
                   [n for n, d in zip(names, dtypes, strict=True) if d == "string"])


def _numeric_block(names: list[str], columns: dict[str, list], k: int, dtype: type) -> np.ndarray:
    """The 2-D ``(len(names), k)`` block of these numeric columns (which must be given, ``k`` values each)."""
    block = np.empty((len(names), k), dtype=dtype)
    for i, name in enumerate(names):
        block[i] = np.asarray(columns[name], dtype=dtype).reshape(k)  # reshape: k values, no fewer
    return block


_EXTENSION = {"string": _strings, "Int64": _nullable_ints}


def frame(schema: dict[str, str], columns: dict[str, list], k: int) -> pd.DataFrame:
    """A table of ``k`` rows with ``schema``'s columns in order, then any other entries of ``columns``
    (string dtype); a ``string``/``Int64`` column absent from ``columns`` is all missing (``<NA>``), while
    the ``int64``/``float64`` ones must be given.

    Built straight from its blocks (``pandas.api.internals.create_dataframe_from_blocks``): one 2-D block of
    the float columns, one of the int columns, one array per extension column, with the column index made
    once per schema. The arrays are new, so nothing is copied again and no two columns share an array."""
    lay = _layout(tuple(schema.items()), tuple(n for n in columns if n not in schema))
    blocks: list[tuple[np.ndarray | pd.api.extensions.ExtensionArray, np.ndarray]] = []
    if lay.floats:
        blocks.append((_numeric_block(lay.floats, columns, k, np.float64), lay.float_at))
    if lay.ints:
        blocks.append((_numeric_block(lay.ints, columns, k, np.int64), lay.int_at))
    arrow = _string_lists(lay.strings, columns, k)
    for name, dtype, at in lay.others:
        blocks.append((_EXTENSION[dtype](arrow.get(name, columns.get(name)), k), at))
    # a view: a caller naming its columns (``df.columns.name = …``) must not name every later table's
    return create_dataframe_from_blocks(blocks, index=pd.RangeIndex(k), columns=lay.columns.view())


def figures_frame(columns: dict[str, list], k: int) -> pd.DataFrame:
    """The figures table (``FIGURE_SCHEMA``, then any extra string columns) of ``k`` rows from plain
    per-column lists."""
    return frame(FIGURE_SCHEMA, columns, k)


def declined_frame(columns: dict[str, list], k: int) -> pd.DataFrame:
    """The declined-tokens table (``DECLINED_SCHEMA``) of ``k`` rows from plain per-column lists."""
    return frame(DECLINED_SCHEMA, columns, k)
