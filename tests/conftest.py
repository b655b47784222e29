"""Shared fixtures: the bundled report in both scripts (loaded once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

import wxanalysis as wx

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def trad() -> wx.Report:
    return wx.load_report()


@pytest.fixture(scope="session")
def simp() -> wx.Report:
    return wx.load_report(script="simplified")


@pytest.fixture(scope="session", params=["traditional", "simplified"])
def report(request, trad, simp) -> wx.Report:
    return trad if request.param == "traditional" else simp
