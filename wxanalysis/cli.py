"""Command line: ``python -m wxanalysis build`` and ``python -m wxanalysis extract FILE...``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _build(args: argparse.Namespace) -> int:
    from . import paths
    from .build import build_tables

    out = Path(args.out) if args.out else paths.processed_dir()
    build_tables(out, progress=not args.quiet)
    if args.tables_only:
        return 0
    from .notebooks import run_notebooks

    figs = Path(args.figures) if args.figures else paths.figures_dir()
    root = paths.project_root()
    nb_dir = Path(args.notebooks) if args.notebooks else (root / "notebooks" if root else None)
    if nb_dir is None or not nb_dir.is_dir():
        print("no notebooks/ folder found: run from the wxanalysis checkout or pass --notebooks",
              file=sys.stderr)
        return 2
    run_notebooks(nb_dir, figs, progress=not args.quiet)
    return 0


def make_parser() -> argparse.ArgumentParser:
    from .batch import add_extract_arguments

    parser = argparse.ArgumentParser(
        prog="python -m wxanalysis",
        description="Tidy, traceable tables from 法治政府建设报告 (rule-of-law government reports).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser(
        "build",
        help="regenerate every table (data/processed/) and chart (figures/) of the Wei County 2019 report",
        description="Write every table of the bundled report to data/processed/ (CSV, Parquet, "
        "datapackage.json), after checking the report's own totals, then execute every notebook in "
        "notebooks/ headlessly, which writes each chart to figures/ (PNG, SVG and the CSV behind it).",
    )
    b.add_argument("--out", help="folder for tables (default: data/processed in the checkout)")
    b.add_argument("--figures", help="folder for charts (default: figures in the checkout)")
    b.add_argument("--notebooks", help="folder of notebooks to execute (default: notebooks in the checkout)")
    b.add_argument("--tables-only", action="store_true", help="write the tables, skip the notebooks")
    b.add_argument("-q", "--quiet", action="store_true", help="no progress messages")
    b.set_defaults(func=_build)
    e = sub.add_parser(
        "extract",
        help="print or write the figures of any report files",
        description="Extract every figure (value, unit, qualifier, span, quote) from report files: UTF-8, "
        "GB18030 or Big5 text, or saved HTML pages. A folder argument reads its *.txt, *.htm and *.html "
        "files.",
    )
    add_extract_arguments(e)
    e.set_defaults(func=_extract)
    return parser


def _extract(args: argparse.Namespace) -> int:
    from .batch import main_extract

    return main_extract(args)


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    from .errors import ConsistencyError, CurationError, ReportError

    try:
        return args.func(args)
    except (ReportError, CurationError, ConsistencyError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
