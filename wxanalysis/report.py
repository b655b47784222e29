"""``Report`` and ``load_report``: the one obvious way to get a report's text and tables."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Literal

import pandas as pd

from . import text as _text
from .bundled import BUNDLED_NAME, BUNDLED_SHA256
from .errors import ReportError
from .paths import shown

Script = Literal["traditional", "simplified"]


def bundled_report_bytes() -> bytes:
    """The bundled report's raw bytes, checked against the pinned checksum.

    Raises ``ReportError`` if the file was changed: raw data is never edited.
    """
    data = resources.files("wxanalysis").joinpath("data", BUNDLED_NAME).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != BUNDLED_SHA256:
        raise ReportError(
            f"the bundled report {BUNDLED_NAME} has changed (sha256 {digest}, expected {BUNDLED_SHA256}); "
            "raw data is never edited: restore it from data/raw/ or reinstall wxanalysis"
        )
    return data


@dataclass(frozen=True)
class Report:
    """One report's text in one script, with its tables.

    ``text`` is the decoded text (str); every ``start``/``end`` in the tables indexes it.
    ``script`` is "traditional", "simplified" or "mixed" (detected when loaded without ``script=``).
    ``source`` is the path or name it came from; ``sha256`` the checksum of the raw bytes.
    """

    text: str
    script: str
    source: str
    sha256: str
    encoding: str = "utf-8"
    #: whether the file was an HTML page, reduced to its text
    html: bool = field(default=False, repr=False)
    #: the decoded text before any script conversion (same length and offsets as ``text``)
    source_text: str | None = field(default=None, repr=False, compare=False)
    #: the script detected in ``source_text``
    source_script: str | None = field(default=None, repr=False, compare=False)

    @cached_property
    def _sections(self) -> pd.DataFrame:
        from .sections import split_sections

        return split_sections(self.text)

    @property
    def sections(self) -> pd.DataFrame:
        """One row per part: number, kind, theme, title, start, end (see API.md). A fresh copy each time."""
        return self._sections.copy()

    @cached_property
    def _figures(self) -> pd.DataFrame:
        from .catalog import label_figures

        return label_figures(self.text, self.script, self.sha256)

    @cached_property
    def _formulas(self) -> pd.DataFrame:
        from .formulas import find_formulas

        return find_formulas(self.text)

    @cached_property
    def _quality(self) -> pd.DataFrame:
        from .quality import find_defects

        return find_defects(self.text, self.script, source_text=self.source_text,
                            source_script=self.source_script, sha256=self.sha256)

    def figures(self) -> pd.DataFrame:
        """One row per stated figure, curated labels joined (see API.md for columns).

        ``value`` float64 with 万/亿 multiplied out; ``start``/``end`` the span of the number in ``text``.
        A figure stating two curated indicators appears once per indicator, same span.
        """
        return self._figures.copy()

    def formulas(self) -> pd.DataFrame:
        """Numbered policy formulas (提法): formula, count, members, start, end (+ kind, occurrences)."""
        return self._formulas.copy()

    def quality(self) -> pd.DataFrame:
        """Defects of the source text: kind, start, end, excerpt, note (+ found_by)."""
        return self._quality.copy()

    def terms(self) -> pd.DataFrame:
        """The vocabulary: one row per word and part: term, section, theme, count, share (per 1,000 characters)
        (+ part, key, gloss_en, dictionary). Governance terms are kept whole; see ``wxanalysis.terms``."""
        from .terms import term_table

        return term_table(self)

    def kwic(self, term: str, width: int = 20) -> pd.DataFrame:
        """Every occurrence of ``term`` (either script): term, start, end, left, right, section (+ part)."""
        from .terms import kwic

        return kwic(self, term, width)

    def to_html(self) -> str:
        """The whole report as one self-contained HTML page (no network): every figure marked where it
        stands with value, unit, qualifier, theme and indicator on hover, each ``quality()`` defect marked.
        In JupyterLab: ``IPython.display.HTML(report.to_html())``."""
        from pathlib import PurePath

        from .markup import report_html

        return report_html(self.text, self.figures(), self.quality(), title=PurePath(self.source).name,
                           source=self.source)

    def __hash__(self) -> int:  # cached_property needs instance dict; keep hashing cheap
        return hash((self.sha256, self.script))


def load_report(
    path: str | Path | None = None,
    *,
    script: Script | None = None,
    encoding: str | None = None,
) -> Report:
    """Load a report.

    ``path=None`` loads the bundled 2019 Wei County report (checksum checked). ``script`` converts with
    OpenCC ("simplified": t2s, "traditional": s2t), character for character, so offsets do not change.
    ``encoding`` overrides detection (UTF-8 with/without BOM, UTF-16, GB18030, Big5 are detected).
    HTML pages are reduced to their text. Raises ``ReportError`` on unusable input.
    """
    if script is not None and script not in ("traditional", "simplified"):
        raise ReportError(f"script must be 'traditional' or 'simplified', not {script!r}")
    if path is None:
        raw = bundled_report_bytes()
        source = BUNDLED_NAME
    else:
        if not isinstance(path, (str, bytes, os.PathLike)):
            raise ReportError(f"path must be a file path (str or pathlib.Path), not {type(path).__name__}")
        raw = _text.read_report_file(path)  # regular files only; every problem is a ReportError
        source = shown(path)
    decoded = _text.decode_report(raw, source=source, encoding=encoding)
    body = decoded.text
    detected = _text.detect_script(body)
    if script is None:
        final_script = detected
    else:
        body = _text.convert_script(body, script)
        final_script = script
    return Report(
        text=body,
        script=final_script,
        source=source,
        sha256=hashlib.sha256(raw).hexdigest(),
        encoding=decoded.encoding,
        html=decoded.html,
        source_text=decoded.text,
        source_script=detected,
    )
