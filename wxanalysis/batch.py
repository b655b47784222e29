"""``python -m wxanalysis extract FILE... [--format csv|json|parquet] [-o OUT]``: figures of many reports.

Each argument is a report file, or a folder whose ``*.txt``, ``*.htm`` and ``*.html`` files (not its
sub-folders) are read in sorted file-name order; a glob such as ``DIR/*.txt`` is expanded by the shell.
Files are processed one at a time (``load_report`` then ``extract_figures``), so memory holds one report's
text plus the figures found so far. The result is one tidy table, one row per figure, with a ``source``
column (the path as given, or folder/name for files found in a folder) first, sorted by source then
``start``.

Progress goes to stderr (``[3/120] path: 42 figures``); ``--quiet`` silences it. A file that cannot be read
(``ReportError``, ``OSError``) is reported on stderr with the reason, even with ``--quiet``, and the others
are still processed. Exit status: 0 when every file was read, 1 when any failed, 2 on usage errors (bad
options, parquet without ``-o``, an output folder that does not exist).

Output: CSV (UTF-8, no index, LF line ends) or JSON (an array of records, one per line, keys in column order,
``ensure_ascii=False``, missing values as ``null``) go to stdout unless ``-o`` is given; Parquet (pyarrow,
uncompressed) needs ``-o``. Files are written atomically (a temporary file in the same folder, then
``os.replace``) and are byte-identical when rerun on the same input.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import ReportError
from .paths import write_atomic

#: File name suffixes read from a folder argument (compared case-insensitively).
FOLDER_SUFFIXES = (".txt", ".htm", ".html")
FORMATS = ("csv", "json", "parquet")


def add_extract_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the ``extract`` options to ``parser`` (used by ``wxanalysis.cli``); returns the parser."""
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="report files (.txt or .html, any common encoding), or folders whose *.txt, *.htm and *.html "
        "files are read in sorted order",
    )
    parser.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        default="csv",
        help="output format (default: csv); parquet needs -o",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        default=None,
        help="write the table to OUT (atomically) instead of standard output",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress on stderr (failures are still reported)"
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    """A stand-alone parser for the extract command (``python -m wxanalysis.batch``)."""
    parser = argparse.ArgumentParser(
        prog="python -m wxanalysis extract",
        description="Extract the stated figures of report files into one table with a source column.",
    )
    return add_extract_arguments(parser)


def expand_inputs(paths: Iterable[str]) -> list[str]:
    """The files to read: each argument as given, folders replaced by their report files.

    A folder contributes its ``*.txt``, ``*.htm``, ``*.html`` files (case-insensitive suffix, no recursion)
    sorted by file name; an empty folder is kept as itself so that it is reported as a failure.
    """
    out: list[str] = []
    for arg in paths:
        folder = Path(arg)
        if folder.is_dir():
            found = sorted(
                (p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in FOLDER_SUFFIXES),
                key=lambda p: p.name,
            )
            if found:
                out.extend(str(p) for p in found)
            else:
                out.append(arg)
        else:
            out.append(arg)
    return out


def _columns() -> list[str]:
    from .extract import extract_figures

    return ["source", *extract_figures("").columns]


def extract_files(
    files: list[str], *, progress: bool = True, stderr: Any = None
) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Extract the figures of ``files`` (already expanded), one file at a time.

    Returns the combined table (``source`` first, sorted by source then ``start``) and the failures as
    ``(path, reason)`` pairs. Progress and failures are written to ``stderr`` (default ``sys.stderr``).
    """
    from .extract import extract_figures
    from .report import load_report

    err = stderr if stderr is not None else sys.stderr
    frames: list[pd.DataFrame] = []
    failures: list[tuple[str, str]] = []
    total = len(files)
    for n, path in enumerate(files, start=1):
        try:
            if Path(path).is_dir():
                raise ReportError(f"{path} is a folder with no *.txt, *.htm or *.html files")
            report = load_report(path)
            figures = extract_figures(report.text)
            del report
        except (ReportError, OSError) as exc:
            reason = str(exc) or type(exc).__name__
            failures.append((path, reason))
            print(f"[{n}/{total}] {path}: FAILED: {reason}", file=err, flush=True)
            continue
        except Exception as exc:  # a bug in the extractor must not stop a batch of many files
            reason = f"unexpected {type(exc).__name__} (please report it): {exc}"
            failures.append((path, reason))
            print(f"[{n}/{total}] {path}: FAILED: {reason}", file=err, flush=True)
            continue
        figures.insert(0, "source", pd.array([path] * len(figures), dtype="string"))
        frames.append(figures)
        if progress:
            print(f"[{n}/{total}] {path}: {len(figures)} figures", file=err, flush=True)
    if frames:
        table = pd.concat(frames, ignore_index=True)
    else:
        table = pd.DataFrame({name: pd.Series(dtype="string") for name in _columns()})
    if len(table):
        table = table.sort_values(["source", "start"], kind="stable").reset_index(drop=True)
    return table, failures


def _json_value(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (list, tuple)):
        return [_json_value(v) for v in value]
    return value


def to_bytes(table: pd.DataFrame, fmt: str) -> bytes:
    """Serialise ``table`` deterministically as "csv", "json" or "parquet" (see the module docstring)."""
    if fmt == "csv":
        return table.to_csv(index=False, lineterminator="\n").encode("utf-8")
    if fmt == "json":
        columns = list(table.columns)
        lines = [
            json.dumps(
                {col: _json_value(val) for col, val in zip(columns, row, strict=True)},
                ensure_ascii=False,
                allow_nan=False,
            )
            for row in table.itertuples(index=False, name=None)
        ]
        return ("[\n" + ",\n".join(lines) + ("\n" if lines else "") + "]\n").encode("utf-8")
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        arrow = pa.Table.from_pandas(table, preserve_index=False)
        sink = io.BytesIO()
        pq.write_table(arrow, sink, compression="none")
        return sink.getvalue()
    raise ValueError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")


def _usage_error(message: str) -> int:
    print(f"wxanalysis extract: error: {message}", file=sys.stderr)
    return 2


def main_extract(args: argparse.Namespace) -> int:
    """Run the extract command for parsed ``args`` (``files``, ``format``, ``output``, ``quiet``).

    Returns the exit status: 0 all files read, 1 some failed, 2 usage error.
    """
    fmt = getattr(args, "format", "csv") or "csv"
    output = getattr(args, "output", None)
    quiet = bool(getattr(args, "quiet", False))
    files = list(getattr(args, "files", []) or [])
    if fmt not in FORMATS:
        return _usage_error(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if not files:
        return _usage_error("give at least one report file or folder")
    if fmt == "parquet" and not output:
        return _usage_error("--format parquet writes a binary file: give its path with -o OUT.parquet")
    if output:
        out_dir = Path(output).parent
        if not out_dir.is_dir():
            return _usage_error(f"the folder of -o {output} does not exist")
        if Path(output).is_dir():
            return _usage_error(f"-o {output} is a folder; give a file path")
    inputs = expand_inputs(files)
    table, failures = extract_files(inputs, progress=not quiet)
    data = to_bytes(table, fmt)
    if output:
        write_atomic(output, data)
    else:
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:
            sys.stdout.write(data.decode("utf-8"))
    if not quiet or failures:
        where = f" to {output}" if output else ""
        print(
            f"{len(table)} figures from {len(inputs) - len(failures)} of {len(inputs)} files{where}"
            + (f"; {len(failures)} failed" if failures else ""),
            file=sys.stderr,
        )
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m wxanalysis.batch`` (same options as ``python -m wxanalysis extract``)."""
    return main_extract(build_parser().parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
