"""The figures table's columns and dtypes, written once (imports nothing of the package).

``FIGURE_SCHEMA`` maps each column of ``extract_figures`` / ``Report.figures()`` to its pandas dtype, in
column order: the API's columns (API.md), then the extractor's own (``quote_start``, ``quote_end``,
``relation``). ``figures_frame`` builds the table from plain per-column lists, so the extractor, the catalog,
the batch command and the build's ``datapackage.json`` all share one definition.

Speed design (``frame``: about 0.1 ms for a report's table, mostly converting the Python values)
------------------------------------------------------------------------------------------------
* Each column's values are converted once, by the fastest converter for its kind: the ``float64`` and
  ``int64`` columns by one nested ``np.array`` per block; all ``string`` lists by one ``pa.array`` (then
  zero-copy slices; all-missing columns share one array of nulls, Arrow arrays being immutable); each
  ``Int64`` list by ``np.fromiter`` (as int64 at once: ``None``, rare, is looked for only if that fails).
* The table is put together from its blocks, as pandas' ``create_dataframe_from_blocks`` would, but with
  pandas' internals directly (``_FAST``): ``BlockPlacement`` and block class made once per schema, the
  ``BlockManager`` without its integrity check and the extension arrays by the constructors pandas itself
  uses on its results (``_simple_new``, ``ArrowStringArray`` attributes set), all checks done here once
  instead (lengths) or not needed (the arrays are built to fit). That is a third of the public path's cost
  per table; the public path remains the fallback (pandas without these internals), and tests check that
  both give the same table, pickled byte for byte.
* Nothing a caller can change is shared between two tables (each gets new numpy arrays, its own pandas
  arrays, a view of the column index): tests change every column of one and check the others.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
from pandas.api.internals import create_dataframe_from_blocks

try:  # pandas' internals, to build the table's blocks directly (see ``frame``); else the public path
    from pandas._libs.internals import BlockPlacement
    from pandas.core.internals.blocks import get_block_type
    from pandas.core.internals.managers import BlockManager

    _from_mgr = pd.DataFrame._from_mgr
    _range_index = pd.RangeIndex._simple_new
    _integer_array = pd.arrays.IntegerArray._simple_new
    _INTERNALS = True
except (ImportError, AttributeError):  # pragma: no cover - depends on the pandas version
    _INTERNALS = False

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
_LARGE_STRING = pa.large_string()


_ARROW_STRINGS = pd.arrays.ArrowStringArray


def _public_strings(values: pa.ChunkedArray) -> pd.api.extensions.ExtensionArray:
    """A ``string`` column from a chunked array of ``large_string``, by the public constructor."""
    return _ARROW_STRINGS(values, dtype=_STRING)


def _fast_strings(values: pa.ChunkedArray) -> pd.api.extensions.ExtensionArray:
    """``_public_strings(values)`` made as pandas' own ``ArrowStringArray._from_pyarrow_array`` makes it:
    the three attributes set, no checks (``large_string`` needs no cast), a fifth of the cost."""
    array = _ARROW_STRINGS.__new__(_ARROW_STRINGS)
    array._pa_array = values
    array._dtype = _STRING
    array._cache = {}
    return array


def _fast_integers(data: np.ndarray, mask: np.ndarray) -> pd.arrays.IntegerArray:
    """``IntegerArray(data, mask)`` made by pandas' own ``IntegerArray._simple_new`` (no checks: ``data``
    is int64, ``mask`` bool, of one length), its dtype then looked up (and so cached) as pandas' public
    block constructor looks it up."""
    array = _integer_array(data, mask)
    _ = array.dtype
    return array


def _same_attributes() -> bool:
    """Do the fast constructors make what the public ones make: the same dtype and attributes (no fewer,
    no more, once the dtype is looked up)? Checked once, at import: with a pandas whose arrays hold more,
    the public path is taken."""
    chunked = pa.chunked_array([pa.array(["x"], type=_LARGE_STRING)])
    data, mask = np.zeros(1, dtype=np.int64), np.zeros(1, dtype=bool)
    public = [_public_strings(chunked), pd.arrays.IntegerArray(data, mask)]
    fast = [_fast_strings(chunked), _fast_integers(data, mask)]
    return all(p.dtype == f.dtype and vars(p).keys() == vars(f).keys() for p, f in zip(public, fast, strict=True))


#: Build with pandas' internals (blocks, manager and arrays made directly)? Else (pandas without them, or
#: with arrays holding other attributes) the public path; tests switch it off to compare the two.
_FAST = _INTERNALS = _INTERNALS and _same_attributes()


def _strings(values: pa.ChunkedArray | pa.Array, k: int) -> pd.api.extensions.ExtensionArray:
    """A ``string`` column from an Arrow (chunked) array of strings, by the public constructor (which
    casts ``string``, ``string_view`` and dictionaries of strings to ``large_string``)."""
    if len(values) != k:
        raise ValueError(f"a string column has {len(values)} values, not {k}")
    if not isinstance(values, pa.ChunkedArray):
        values = pa.chunked_array([values], type=_LARGE_STRING)
    return pd.arrays.ArrowStringArray(values, dtype=_STRING)


def _string_arrays(names: tuple[str, ...], columns: dict[str, Any], k: int) -> dict[str, Any]:
    """The ``string`` columns ``names``: those given as Python lists converted to Arrow in one call (one
    conversion of all their values, then zero-copy slices of one chunked array: the per-call cost of Arrow
    paid once), the missing ones (``None``) all sharing one array of nulls (Arrow arrays are immutable and
    pandas replaces, never changes them, so sharing is safe; each column is its own pandas array)."""
    make = _fast_strings if _FAST else _public_strings
    given: list[str] = []
    flat: list = []
    out: dict[str, Any] = {}
    nulls = None
    for name in names:
        values = columns.get(name)
        if isinstance(values, list):
            if len(values) != k:
                raise ValueError(f"column {name!r} has {len(values)} values, not {k}")
            given.append(name)
            flat += values
        elif values is None:
            if nulls is None:
                nulls = pa.chunked_array([pa.nulls(k, _LARGE_STRING)])
            out[name] = make(nulls)
        elif isinstance(values, pa.ChunkedArray) and values.type == _LARGE_STRING and len(values) == k:
            out[name] = make(values)
        else:
            out[name] = _strings(values, k)
    if given and not k:  # no rows: nothing to convert, all share one empty array
        empty = nulls or pa.chunked_array([pa.nulls(0, _LARGE_STRING)])
        for name in given:
            out[name] = make(empty)
    elif given:
        joined = pa.chunked_array([pa.array(flat, type=_LARGE_STRING)])
        for i, name in enumerate(given):
            out[name] = make(joined.slice(i * k, k))
    return out


def _nullable(values: Any, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Data and mask of an ``Int64`` column from ``k`` values int/None (``None`` as a whole: all missing).
    Most such columns miss nothing: they are read as int64 straight away, and only if that fails on a
    ``None`` (a ``TypeError``) value by value (cheaper than looking for ``None`` first)."""
    if values is None:
        return np.zeros(k, dtype=np.int64), np.full(k, True)
    if len(values) != k:
        raise ValueError(f"an Int64 column has {len(values)} values, not {k}")
    try:
        return np.fromiter(values, np.int64, k), np.zeros(k, dtype=bool)
    except TypeError:
        if None not in values:
            raise
    mask = np.fromiter([v is None for v in values], bool, k)
    return np.fromiter([0 if v is None else v for v in values], np.int64, k), mask


def _numeric_block(names: tuple[str, ...], columns: dict[str, Any], k: int, dtype: type) -> np.ndarray:
    """The 2-D ``(len(names), k)`` block of these numeric columns (which must be given, ``k`` values
    each), in one conversion (a list per column, or a 1-D array)."""
    block = np.array([columns[name] for name in names], dtype=dtype)
    if block.shape != (len(names), k):
        raise ValueError(f"columns {list(names)} should have {k} values each")
    return block


class _Layout(NamedTuple):
    """How a schema's columns form blocks (pandas' own block structure): all ``float64`` columns in one
    2-D block, all ``int64`` ones in another, then each extension column (``string``, ``Int64``) its own
    block, in column order. ``placements`` are the blocks' column positions in that order; ``fast`` the
    same as pandas' ``(Block class, BlockPlacement)`` pairs, made once (``None`` without the internals)."""

    columns: pd.Index
    floats: tuple[str, ...]
    ints: tuple[str, ...]
    strings: tuple[str, ...]
    nullable: tuple[str, ...]
    extension: tuple[str, ...]
    placements: tuple[np.ndarray, ...]
    fast: tuple[tuple[type, Any], ...] | None


_DTYPES = {"float64": np.dtype(np.float64), "int64": np.dtype(np.int64), "string": _STRING,
           "Int64": pd.Int64Dtype()}


@lru_cache(maxsize=32)
def _layout(schema: tuple[tuple[str, str], ...], extra: tuple[str, ...]) -> _Layout:
    """The layout of a schema's table with ``extra`` string columns after its own, made once per pair."""
    dtypes = dict(schema) | dict.fromkeys(extra, "string")
    names = list(dtypes)
    unknown = set(dtypes.values()) - set(_DTYPES)
    if unknown:
        raise KeyError(f"unsupported dtype(s) {sorted(unknown)}")
    of = {d: tuple(n for n in names if dtypes[n] == d) for d in _DTYPES}
    extension = tuple(n for n in names if dtypes[n] in ("string", "Int64"))
    blocks = [(of[d], _DTYPES[d]) for d in ("float64", "int64") if of[d]]
    blocks += [((n,), _DTYPES[dtypes[n]]) for n in extension]
    placements = tuple(np.array([names.index(n) for n in block], dtype=np.intp) for block, _ in blocks)
    for at in placements:  # shared by every table of this layout: pandas only reads them (else it raises)
        at.flags.writeable = False
    fast = None
    if _INTERNALS:
        fast = tuple((get_block_type(dtype), BlockPlacement(at))
                     for (_, dtype), at in zip(blocks, placements, strict=True))
    return _Layout(pd.Index(names), of["float64"], of["int64"], of["string"], of["Int64"], extension,
                   placements, fast)


def frame(schema: dict[str, str], columns: dict[str, Any], k: int) -> pd.DataFrame:
    """A table of ``k`` rows with ``schema``'s columns in order, then any other entries of ``columns``
    (string dtype); a ``string``/``Int64`` column absent from ``columns`` is all missing (``<NA>``), while
    the ``int64``/``float64`` ones must be given. Columns are Python lists (``string``: str/None; ``Int64``:
    int/None; numeric: numbers) or arrays (numpy for numeric columns, Arrow for ``string`` ones, used as
    they are: Arrow arrays are immutable). A column of other than ``k`` values raises ``ValueError``.

    Built straight from its blocks: one 2-D block of the float columns, one of the int columns, one array
    per extension column, with the column index made once per schema. The arrays are new, so nothing is
    copied again and no two tables share anything a caller can change. With pandas' internals available
    (``_FAST``) the blocks, their manager and the extension arrays are made directly, as pandas' own
    constructors make them less their checks (done here, once, or not needed: the arrays are built to
    fit), which is a third of the cost of ``pandas.api.internals.create_dataframe_from_blocks`` and the
    public array constructors, the fallback (tests check both give the same table)."""
    lay = _layout(tuple(schema.items()), tuple([n for n in columns if n not in schema]))
    arrays: list[Any] = []
    if lay.floats:
        arrays.append(_numeric_block(lay.floats, columns, k, np.float64))
    if lay.ints:
        arrays.append(_numeric_block(lay.ints, columns, k, np.int64))
    extension = _string_arrays(lay.strings, columns, k)
    make = _fast_integers if _FAST else pd.arrays.IntegerArray
    for name in lay.nullable:
        extension[name] = make(*_nullable(columns.get(name), k))
    arrays += [extension[name] for name in lay.extension]
    # the columns index is a view: a caller naming its columns (``df.columns.name = …``) must not name
    # every later table's
    if _FAST:
        blocks = [klass(values, at, 2) for values, (klass, at) in zip(arrays, lay.fast, strict=True)]
        axes = [lay.columns.view(), _range_index(range(k))]
        return _from_mgr(BlockManager(blocks, axes, verify_integrity=False), axes)
    return create_dataframe_from_blocks(list(zip(arrays, lay.placements, strict=True)),
                                        index=pd.RangeIndex(k), columns=lay.columns.view())


def figures_frame(columns: dict[str, Any], k: int) -> pd.DataFrame:
    """The figures table (``FIGURE_SCHEMA``, then any extra string columns) of ``k`` rows from plain
    per-column lists."""
    return frame(FIGURE_SCHEMA, columns, k)


def declined_frame(columns: dict[str, Any], k: int) -> pd.DataFrame:
    """The declined-tokens table (``DECLINED_SCHEMA``) of ``k`` rows from plain per-column lists."""
    return frame(DECLINED_SCHEMA, columns, k)
