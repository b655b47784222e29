"""Exceptions raised by wxanalysis."""


class ReportError(ValueError):
    """Input that cannot be read as a report: empty, binary, undecodable, or not report text.

    The message says what was wrong and what to do about it.
    """


class CurationError(ValueError):
    """The reviewed curation files (indicator labels, source findings) do not match the report text."""


class ConsistencyError(AssertionError):
    """The report's own numbers do not add up where they should (see ``wxanalysis.tables.checks``)."""
