"""The comparison corpus: excerpts of 28 other places' 法治政府建设报告 (``data/corpus/`` of the checkout).

``data/corpus/documents.csv`` lists each excerpt (``doc_id``, ``collection``, ``path``, ``url``, ``place``,
``level``, ``year``, ``script``); the texts and their annotations (``gold/``) are copies of the project's two
development sets. Each text file starts with a line ``URL: …`` and an empty line; the excerpt follows.
The excerpts are the *openings* of reports (about 2,000 bytes each), not whole reports.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .errors import ReportError

#: Columns of ``load_corpus()``, in order.
CORPUS_COLUMNS = ["doc_id", "collection", "place", "level", "year", "script", "url", "path", "text"]


def corpus_dir(root: str | Path | None = None) -> Path:
    """``data/corpus`` of the checkout (or under ``root``): the checkout holding the working directory, else
    the one this package is imported from."""
    if root is None:
        from .paths import project_root

        # the checkout around the working directory, else the one the package runs from (editable install)
        root = project_root() or project_root(Path(__file__).resolve().parent)
        if root is None:
            raise ReportError("the corpus lives in data/corpus/ of a wxanalysis checkout; none was found here")
    return Path(root) / "data" / "corpus"


def excerpt_text(raw: str) -> str:
    """The excerpt of a corpus file's text: what follows the ``URL:`` line and the empty line."""
    if not raw.startswith("URL: "):
        return raw
    parts = raw.split("\n", 2)
    return parts[2] if len(parts) == 3 else ""


def load_corpus(root: str | Path | None = None) -> pd.DataFrame:
    """One row per excerpt, in ``documents.csv`` order: the columns of ``CORPUS_COLUMNS`` (``text`` is the
    excerpt, without the URL line; ``path`` is absolute). Raises ``ReportError`` if the corpus is missing."""
    folder = corpus_dir(root)
    index = folder / "documents.csv"
    if not index.is_file():
        raise ReportError(f"no corpus at {folder}: expected documents.csv there (run from a checkout)")
    docs = pd.read_csv(index, dtype={"doc_id": "string", "collection": "string", "path": "string",
                                     "url": "string", "place": "string", "level": "string",
                                     "script": "string", "year": "Int64"}, keep_default_na=False,
                       na_values={"level": [""], "year": [""]})
    paths = [folder / p for p in docs["path"]]
    docs["text"] = pd.array([excerpt_text(p.read_text(encoding="utf-8")) for p in paths], dtype="string")
    docs["path"] = pd.array([str(p) for p in paths], dtype="string")
    return docs[CORPUS_COLUMNS]
