"""The figures table is built straight from its blocks (``schema.frame``): what that must not change."""

from __future__ import annotations

import pickle

import pandas as pd
import pytest

import wxanalysis as wx
from wxanalysis.schema import FIGURE_SCHEMA, frame

TEXT = "受理案件12件，办结10件，满意率95%以上。"


def test_dtypes_and_columns_follow_the_schema():
    df = wx.extract_figures(TEXT)
    assert list(df.columns) == [*FIGURE_SCHEMA, "part"]  # then the extractor's extra string column
    assert {c: str(t) for c, t in df.dtypes.items()} == {**FIGURE_SCHEMA, "part": "string"}
    assert isinstance(df.index, pd.RangeIndex) and list(df.index) == [0, 1, 2]
    assert df["value"].tolist() == [12.0, 10.0, 95.0]


def test_tables_share_nothing_a_caller_can_change():
    a, b = wx.extract_figures(TEXT), wx.extract_figures(TEXT)
    a.columns.name = "mine"
    a.loc[0, "indicator"] = "cases"
    a.loc[1, "start"] = -1
    a.loc[2, "label_zh"] = "满意率"
    c = wx.extract_figures(TEXT)
    for other in (b, c):
        assert other.columns.name is None
        assert other["indicator"].isna().all() and other["label_zh"].isna().all()
        assert other.loc[1, "start"] == TEXT.index("10")
    # the all-missing columns of one table are separate arrays too
    assert a["label_en"].isna().all() and a.loc[0, "label_zh"] is pd.NA


def test_extra_columns_are_strings_and_lengths_are_checked():
    cols = {"value": [1.0, 2.0], "start": [0, 1], "end": [1, 2], "quote_start": [0, 0], "quote_end": [2, 2],
            "unit": ["件", "人"], "source": ["a.txt", "b.txt"]}
    df = frame(FIGURE_SCHEMA, cols, 2)
    assert list(df.columns)[-1] == "source" and str(df["source"].dtype) == "string"
    assert df["unit"].tolist() == ["件", "人"] and df["section"].isna().all()
    with pytest.raises(ValueError):
        frame(FIGURE_SCHEMA, {**cols, "unit": ["件"]}, 2)
    with pytest.raises(ValueError):
        frame(FIGURE_SCHEMA, {**cols, "start": [0]}, 2)


# ---------------------------------------------------------------- the fast path (pandas internals) vs public

def _columns(k: int) -> dict:
    """Plain columns of every kind ``frame`` takes (lists with and without missing values, numpy arrays,
    an Arrow chunked array), as the extractor gives them, fresh each call."""
    import numpy as np
    import pyarrow as pa

    units = ["件", "%", None, "人次", "个工作日"]
    return {
        "value": [float(i) * 1.5 for i in range(k)], "unit": [units[i % 5] for i in range(k)],
        "qualifier": ["exact"] * k, "start": list(range(k)), "end": [i + 2 for i in range(k)],
        "quote": pa.chunked_array([pa.array([f"第{i}句" for i in range(k)], type=pa.large_string())]),
        "section": [None if i % 4 == 0 else i // 4 for i in range(k)], "theme": [None] * k,
        "indicator_phrase": ["案件" if i % 2 else None for i in range(k)],
        "phrase_start": [i for i in range(k)], "phrase_end": [None] * k, "direction": ["up"] * k,
        "quote_start": np.arange(k, dtype=np.int64), "quote_end": np.arange(k, dtype=np.int64) + 5,
        "relation": [None] * k, "part": ["section"] * k,
    }


_REQUIRED = ("value", "start", "end", "quote_start", "quote_end")
CASES = {"typical": (_columns, 7), "empty": (_columns, 0), "one": (_columns, 1),
         "all_missing": (lambda k: {n: v for n, v in _columns(k).items() if n in _REQUIRED}, 4),
         "empty_all_missing": (lambda k: {n: v for n, v in _columns(k).items() if n in _REQUIRED}, 0)}


def _both(monkeypatch, make, k):
    """The same table by the fast path and by the public one (``create_dataframe_from_blocks`` and the
    public array constructors)."""
    from wxanalysis import schema

    assert schema._FAST  # this pandas has the internals: else the fast path is not tested
    fast = frame(FIGURE_SCHEMA, make(k), k)
    with monkeypatch.context() as m:
        m.setattr(schema, "_FAST", False)
        public = frame(FIGURE_SCHEMA, make(k), k)
    return fast, public


def _naive(columns: dict, k: int) -> pd.DataFrame:
    """The table by pandas' ordinary constructors, column by column."""
    import numpy as np

    out = {}
    extra = {name: "string" for name in columns if name not in FIGURE_SCHEMA}
    for name, dtype in {**FIGURE_SCHEMA, **extra}.items():
        values = columns.get(name, [None] * k)
        if hasattr(values, "to_pylist"):
            values = values.to_pylist()
        out[name] = pd.array(np.asarray(values) if dtype in ("int64", "float64") else values,
                             dtype=pd.StringDtype("pyarrow", pd.NA) if dtype == "string" else dtype)
    return pd.DataFrame(out)


@pytest.mark.parametrize("case", CASES)
def test_fast_path_builds_what_the_public_path_builds(monkeypatch, case):
    make, k = CASES[case]
    fast, public = _both(monkeypatch, make, k)
    assert pickle.dumps(fast) == pickle.dumps(public)  # every block, array and attribute alike
    pd.testing.assert_frame_equal(fast, public, check_exact=True)
    pd.testing.assert_frame_equal(fast, _naive(make(k), k), check_exact=True)
    assert list(fast.dtypes) == list(public.dtypes) and fast.columns.dtype == public.columns.dtype
    assert type(fast.index) is type(public.index) is pd.RangeIndex and fast.index.equals(public.index)
    # the same blocks: classes, column placements, array types and the attributes of their arrays
    # one block of floats, one of ints, then each extension column its own (as pandas makes them)
    assert fast._mgr.nblocks == public._mgr.nblocks == 2 + len(fast.columns) - len(_REQUIRED)
    for a, b in zip(fast._mgr.blocks, public._mgr.blocks, strict=True):
        if hasattr(a.values, "__dict__"):  # first: looking at the dtype may cache it
            assert vars(a.values).keys() == vars(b.values).keys()
            assert vars(a.values).get("_cache") == vars(b.values).get("_cache")
        assert type(a) is type(b) and a.ndim == b.ndim == 2 and a.shape == b.shape
        assert list(a.mgr_locs.as_array) == list(b.mgr_locs.as_array)
        assert type(a.values) is type(b.values) and a.values.dtype == b.values.dtype
        if hasattr(a.values, "_pa_array"):  # strings: one chunk of large_string, as the public path
            assert a.values._pa_array.type == b.values._pa_array.type == "large_string"
            assert a.values._pa_array.num_chunks == b.values._pa_array.num_chunks
        if isinstance(a.values, pd.arrays.IntegerArray):
            assert a.values._data.dtype == "int64" and a.values._mask.dtype == bool
            assert a.values._data.flags.writeable and a.values._mask.flags.writeable
        if type(a.values).__module__ == "numpy":
            assert a.values.flags.c_contiguous and a.values.flags.writeable


def _change(df: pd.DataFrame) -> None:
    """Change ``df`` in place: a value in every column (set, filled in, made missing), columns added, removed."""
    k = len(df)
    df["unit"] = df["unit"].str.upper()  # setitem of a whole string column
    df.loc[0, "quote"] = "改了"
    df.loc[1, "theme"] = "admin_reform"  # in an all-missing column (its array of nulls is shared)
    df.loc[2, "section"] = 99
    df.loc[3, "phrase_end"] = 7
    df.loc[1, "phrase_start"] = pd.NA  # in a column without missing values
    df.loc[4, "start"] = -1
    df.loc[5, "value"] = -1.0
    df.iloc[0, df.columns.get_loc("label_zh")] = "中"
    df.columns.name = "mine"
    for j, name in enumerate(df.columns):  # then one more value in every column
        df.iloc[j % k, j] = {"float64": 0.5, "int64": -7, "Int64": pd.NA}.get(str(df[name].dtype), "新")
    df.insert(3, "added", range(k))  # columns added and removed: the blocks' placements change
    del df["quote_end"]
    del df["unit"]


@pytest.mark.parametrize("fast", [True, False])
def test_tables_behave_normally_and_independently(monkeypatch, fast):
    from wxanalysis import schema

    monkeypatch.setattr(schema, "_FAST", fast)
    k = 6
    a, b = frame(FIGURE_SCHEMA, _columns(k), k), frame(FIGURE_SCHEMA, _columns(k), k)
    c = a.copy()
    _change(a)
    expected = _naive(_columns(k), k)
    _change(expected)
    pd.testing.assert_frame_equal(a, expected, check_exact=True)
    assert a.columns.name == "mine" and a.loc[0, "quote"] == "改了" and a.loc[1, "phrase_start"] is pd.NA
    for other in (b, c, frame(FIGURE_SCHEMA, _columns(k), k)):  # the others did not change
        pd.testing.assert_frame_equal(other, _naive(_columns(k), k), check_exact=True)
        assert other.columns.name is None
    both = pd.concat([c, b], ignore_index=True)
    assert len(both) == 2 * k and list(both.dtypes) == list(b.dtypes)
    pd.testing.assert_frame_equal(both.iloc[k:].reset_index(drop=True), b, check_exact=True)
    _change(b)  # and b changes as a did
    pd.testing.assert_frame_equal(b, expected, check_exact=True)


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("column", ["value", "start", "quote_start", "unit", "quote", "section", "part"])
def test_a_column_of_the_wrong_length_is_refused(monkeypatch, fast, column):
    from wxanalysis import schema

    monkeypatch.setattr(schema, "_FAST", fast)
    columns = _columns(5)
    columns[column] = _columns(4)[column]
    with pytest.raises(ValueError):
        frame(FIGURE_SCHEMA, columns, 5)


def test_without_pandas_internals_the_public_path_is_taken(monkeypatch):
    """A pandas without the internals used (an ImportError at import) gives the same tables, built by the
    public path."""
    import importlib.util
    import sys

    from wxanalysis import schema

    with monkeypatch.context() as m:
        m.setitem(sys.modules, "pandas.core.internals.managers", None)  # importing it fails
        spec = importlib.util.spec_from_file_location("_schema_without_internals", schema.__file__)
        public = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(public)
        tables = [(public.frame(FIGURE_SCHEMA, make(k), k), make, k) for make, k in CASES.values()]
    assert not public._FAST and not public._INTERNALS and schema._FAST
    for table, make, k in tables:
        assert pickle.dumps(table) == pickle.dumps(frame(FIGURE_SCHEMA, make(k), k))
        pd.testing.assert_frame_equal(table, _naive(make(k), k), check_exact=True)
