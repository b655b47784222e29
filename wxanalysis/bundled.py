"""Constants of the bundled report (the Wei County 2019 report). Imports nothing of the package, so any
module may use them without an import cycle."""

#: File name of the bundled report, in ``data/raw/`` and in the package's ``data/``.
BUNDLED_NAME = "weixian_2019_report.txt"
#: sha256 of the bundled report's bytes, exactly as received (``data/raw/weixian_2019_report.txt``).
BUNDLED_SHA256 = "3cef191414020b08ef1c3b28e86a640be90d48b32574b6abd6e0fac75cd3119d"
#: Title of the bundled report.
BUNDLED_TITLE = "威县人民政府2019年度法治政府建设情况报告"
