"""Command line: ``python -m wxanalysis build`` and ``python -m wxanalysis extract FILE...``.

Every failure is one line on stderr, never a traceback: bad input (``ReportError``), an output that cannot be
written (``OutputError``), Ctrl-C and SIGTERM (exit 130 and 143; a file being written is left as it was,
with no temporary file behind).
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

from .errors import ConsistencyError, CurationError, Interrupted, OutputError, ReportError


def _build(args: argparse.Namespace) -> int:
    from . import paths
    from .build import build_tables

    root = paths.project_root()
    if root is not None:
        paths.check_raw_data(root)  # raw data is never edited: refuse before writing anything
    out = Path(args.out) if args.out else paths.processed_dir()
    build_tables(out, progress=not args.quiet)
    if args.tables_only:
        return 0
    from .notebooks import run_notebooks

    figs = Path(args.figures) if args.figures else paths.figures_dir()
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
        description="Check that data/raw/ is as received (sha256), write every table of the bundled report "
        "to data/processed/ (CSV, Parquet, datapackage.json), after checking the report's own totals, then "
        "execute every notebook in notebooks/ headlessly, which writes each chart to figures/ (PNG, SVG and "
        "the CSV behind it).",
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
        "GB18030, Big5, UTF-16 or UTF-32 text, or saved HTML pages. A folder argument reads its *.txt, "
        "*.htm and *.html files. Files are read in parallel (--jobs); the output does not depend on it.",
    )
    add_extract_arguments(e)
    e.set_defaults(func=_extract)
    return parser


def _extract(args: argparse.Namespace) -> int:
    from .batch import main_extract

    return main_extract(args)


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM raises ``Interrupted`` (as Ctrl-C raises ``KeyboardInterrupt``), so clean-up code runs."""

    def _raise(signum: int, _frame: object) -> None:
        raise Interrupted(signum)

    try:
        previous = signal.signal(signal.SIGTERM, _raise)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    prog = f"wxanalysis {args.command}"
    try:
        with _sigterm_as_interrupt():
            return args.func(args)
    except Interrupted as exc:
        print(f"{prog}: stopped by {exc}; no file was left half-written", file=sys.stderr)
        return 128 + exc.signum
    except KeyboardInterrupt:
        print(f"{prog}: interrupted (Ctrl-C); no file was left half-written", file=sys.stderr)
        return 128 + signal.SIGINT
    except (ReportError, CurationError, ConsistencyError, OutputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
