"""The figures table is built straight from its blocks (``schema.frame``): what that must not change."""

from __future__ import annotations

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
