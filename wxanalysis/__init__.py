"""wxanalysis: the Wei County (威县) 2019 rule-of-law government report as tidy, traceable tables.

Public interface (see ``API.md``)::

    import wxanalysis as wx
    report = wx.load_report()                    # bundled report, traditional script as received
    report = wx.load_report(script="simplified") # OpenCC t2s, same character offsets
    report.sections, report.figures(), report.formulas(), report.quality()
    wx.extract_figures(text)                     # the generic extractor, for any text

Every number in every table is read from the report's text by code; ``start``/``end`` are Python ``str``
offsets into ``report.text`` (end exclusive).
"""

from . import tables
from .errors import ConsistencyError, CurationError, ReportError
from .extract import extract_figures
from .report import Report, load_report


def __getattr__(name: str):
    # wx.charts loads matplotlib: import it only when asked for
    if name == "charts":
        import importlib

        return importlib.import_module(f"{__name__}.charts")
    raise AttributeError(f"module 'wxanalysis' has no attribute {name!r}")


__all__ = [
    "ConsistencyError",
    "CurationError",
    "Report",
    "ReportError",
    "extract_figures",
    "load_report",
    "tables",
]
__version__ = "0.1.0"
