"""Words with spans: the governance dictionary, the stop words, and segmentation of a text into tokens.

Segmentation reads the *simplified fold* of the text (``text.fold_to_simplified``, one character for one), so a
report gives the same tokens in both scripts and every ``start``/``end`` indexes the text as given.
Terms of the governance dictionary (``data/terms.csv``) are matched first, longest first, and are always one
token; the text between them is cut by rjieba (jieba's dictionary and HMM model, in Rust; chosen over jieba and
spacy-pkuseg in ``bench/README.md``). Stop words (``data/stopwords.txt``) are data too.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

from .catalog import THEME_LABELS
from .errors import CurationError
from .text import fold_to_simplified

#: Themes a dictionary term may have: the five section themes and "other".
TERM_THEMES: tuple[str, ...] = (*THEME_LABELS, "other")
#: Columns of ``data/terms.csv``.
TERM_COLUMNS = ["term", "theme", "gloss_en"]
#: Columns of ``tokens()``.
TOKEN_COLUMNS = ["start", "end", "key", "dictionary"]

_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@lru_cache(maxsize=1)
def load_terms() -> pd.DataFrame:
    """The governance dictionary: ``term`` (simplified), ``theme``, ``gloss_en``, one row per term.

    Raises ``CurationError`` on wrong columns, a repeated or empty term, a term in traditional characters
    (its fold differs) or a theme outside ``TERM_THEMES``.
    """
    with resources.files("wxanalysis").joinpath("data", "terms.csv").open(encoding="utf-8") as fh:
        terms = pd.read_csv(fh, dtype="string", keep_default_na=False)
    if list(terms.columns) != TERM_COLUMNS:
        raise CurationError(f"terms.csv columns {list(terms.columns)} != {TERM_COLUMNS}")
    if (terms["term"].str.len() == 0).any() or (terms["gloss_en"].str.len() == 0).any():
        raise CurationError("terms.csv has a row without term or English gloss")
    dup = terms["term"][terms["term"].duplicated()]
    if len(dup):
        raise CurationError(f"terms.csv repeats {sorted(dup)}")
    not_simplified = [t for t in terms["term"] if fold_to_simplified(t) != t]
    if not_simplified:
        raise CurationError(f"terms.csv terms must be in simplified characters: {not_simplified}")
    bad = set(terms["theme"]) - set(TERM_THEMES)
    if bad:
        raise CurationError(f"terms.csv uses unknown themes {sorted(bad)}; allowed: {TERM_THEMES}")
    return terms


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """The stop words (simplified), from ``data/stopwords.txt`` (lines starting with ``#`` are comments)."""
    path = resources.files("wxanalysis").joinpath("data", "stopwords.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def _term_pattern() -> re.Pattern[str]:
    terms = sorted(load_terms()["term"], key=lambda t: (-len(t), t))
    return re.compile("|".join(re.escape(t) for t in terms))


def _cut(piece: str) -> list[str]:
    import rjieba

    return rjieba.cut(piece, True)


def tokens(text: str) -> pd.DataFrame:
    """Every token of ``text`` in order: ``start``, ``end`` (offsets into ``text``), ``key`` (the token in
    simplified characters: the same for a text in either script) and ``dictionary`` (a governance term).

    The tokens cover the text without gap or overlap (whitespace and punctuation are tokens too), so
    ``text[start:end]`` is each token as written, and the result is the same for the text in either script.
    """
    folded = fold_to_simplified(text)
    keys: list[str] = []
    in_dict: list[int] = []
    pos = 0
    for m in _term_pattern().finditer(folded):
        if m.start() > pos:
            keys.extend(_cut(folded[pos:m.start()]))
        in_dict.append(len(keys))
        keys.append(m.group())
        pos = m.end()
    if pos < len(folded):
        keys.extend(_cut(folded[pos:]))
    # the tokens cover the text one after another, so their spans are the running sums of their lengths
    lengths = np.fromiter(map(len, keys), dtype="int64", count=len(keys))
    end = np.cumsum(lengths)
    dictionary = np.zeros(len(keys), dtype=bool)
    dictionary[in_dict] = True
    return pd.DataFrame({"start": end - lengths, "end": end, "key": pd.array(keys, dtype="string"),
                         "dictionary": dictionary}, columns=TOKEN_COLUMNS)


def counted(toks: pd.DataFrame) -> np.ndarray:
    """Which tokens are vocabulary: dictionary terms, and words of two or more characters with a Chinese
    character that are not stop words."""
    codes, uniques = pd.factorize(toks["key"])
    stop = stopwords()
    word = np.fromiter((len(k) >= 2 and k not in stop and _CJK_RE.search(k) is not None for k in uniques),
                       dtype=bool, count=len(uniques))
    return toks["dictionary"].to_numpy(dtype=bool) | word[codes]


def vocabulary_counts(text: str) -> pd.Series:
    """How often each vocabulary word (``key``, simplified) occurs in ``text``: an int64 Series, sorted by key."""
    toks = tokens(text)
    keys = toks["key"][counted(toks)]
    return keys.value_counts().sort_index().astype("int64").rename("count").rename_axis("key")
