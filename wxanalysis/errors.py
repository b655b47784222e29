"""Exceptions raised by wxanalysis."""

from __future__ import annotations

import signal


class ReportError(ValueError):
    """Input that cannot be read as a report: empty, binary, undecodable, unreadable, not a regular file, or
    not report text.

    The message says what was wrong and what to do about it.
    """


class ReportTypeError(ReportError, TypeError):
    """A value of the wrong type where report text or a path was expected (a ``ReportError`` and a
    ``TypeError``, so either ``except`` catches it)."""


class OutputError(OSError):
    """An output file that cannot be written safely (not a regular file, one of the inputs, a full disk, an
    unwritable folder …). The message is one line naming the file; the old file, if any, is unchanged."""


class Interrupted(KeyboardInterrupt):
    """SIGTERM (or another signal) turned into an exception, so that clean-up runs as for Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    def __str__(self) -> str:
        return signal.Signals(self.signum).name


class CurationError(ValueError):
    """The reviewed curation files (indicator labels, source findings) do not match the report text."""


class ConsistencyError(AssertionError):
    """The report's own numbers do not add up where they should (see ``wxanalysis.tables.checks``)."""
