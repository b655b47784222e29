"""The comparison corpus of data/corpus: 28 excerpts with their sources, loaded as one table."""

from __future__ import annotations

import pytest

import wxanalysis as wx
from wxanalysis.corpus import CORPUS_COLUMNS, excerpt_text, load_corpus


def test_load_corpus():
    c = load_corpus()
    assert list(c.columns) == CORPUS_COLUMNS
    assert len(c) == 28 and c["doc_id"].is_unique
    assert set(c["collection"]) == {"devset", "devset2"}
    assert c["url"].str.startswith("http").all()
    assert not c["text"].str.startswith("URL:").any() and (c["text"].str.len() > 200).all()
    assert set(c["level"].dropna()) <= {"county", "prefecture", "province"}


def test_excerpt_text():
    assert excerpt_text("URL: http://x\n\n正文") == "正文"
    assert excerpt_text("正文") == "正文"


def test_missing_corpus_is_a_clear_error(tmp_path):
    with pytest.raises(wx.ReportError, match="documents.csv"):
        load_corpus(tmp_path)


def test_corpus_is_found_from_outside_the_checkout(tmp_path, monkeypatch):
    """A notebook copied elsewhere (as JupyterLab's test does) still finds the corpus of the package's checkout."""
    monkeypatch.chdir(tmp_path)
    assert len(load_corpus()) == 28
