"""``python -m wxanalysis extract FILE... [--format csv|json|parquet] [-o OUT] [--jobs N]``: many reports.

Each argument is a report file, or a folder whose ``*.txt``, ``*.htm`` and ``*.html`` files (not its
sub-folders) are read in sorted file-name order; a glob such as ``DIR/*.txt`` is expanded by the shell. In a
folder, broken symbolic links, link loops and non-regular files with those suffixes are listed too, so that
they are reported rather than skipped; the ``-o`` file itself is never read as an input.

Files are extracted by ``--jobs`` worker processes (default: the machine's cores; ``--jobs 1`` in this
process), each ``load_report`` then ``extract_figures``; a worker sends back plain column lists, never a
DataFrame, and the parent builds one table at the end. Results are taken in input order, so the output is
byte-identical whatever ``--jobs`` is. The table has one row per figure, a ``source`` column first (the path
as given, or folder/name for files found in a folder; a name that is not UTF-8 is shown with ``\\xNN``
escapes), sorted by source then ``start``.

Progress goes to stderr in input order (``[3/120] path: 42 figures``); ``--quiet`` silences it. A file that
cannot be read is reported on stderr with the reason, even with ``--quiet``, and the others are still
processed. Exit status: 0 when every file was read; 1 when any failed, or the output could not be written;
2 on usage errors (bad options, parquet without ``-o``, an ``-o`` that is one of the inputs, a folder, a
device or other non-regular file, or in a folder that does not exist). When every file fails, nothing is
written and an existing ``-o`` file is kept.

Output: CSV (UTF-8, no index, LF line ends) or JSON (an array of records, one per line, keys in column order,
``ensure_ascii=False``, missing values as ``null``) go to stdout unless ``-o`` is given; Parquet (pyarrow,
uncompressed) needs ``-o``. ``-o`` is written by ``paths.write_atomic`` (a symbolic link is written through;
an interrupted or failed write keeps the old file) and is byte-identical when rerun on the same input. A
full or closed standard output is reported in one line.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import math
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from pathlib import Path
from typing import Any

import pandas as pd

from .errors import OutputError, ReportError
from .paths import output_target, same_file, shown, write_atomic
from .schema import FIGURE_SCHEMA, frame

#: File name suffixes read from a folder argument (compared case-insensitively).
FOLDER_SUFFIXES = (".txt", ".htm", ".html")
FORMATS = ("csv", "json", "parquet")
#: Tasks handed to the workers ahead of the one being collected, per worker (bounds memory, keeps order).
AHEAD_PER_JOB = 2
#: Tasks per worker over a whole batch (more: smoother progress; fewer: less messaging), and files per task.
TASKS_PER_JOB = 8
MAX_CHUNK = 16

#: Column → dtype of the batch table: ``source``, then the figures table's (``schema.FIGURE_SCHEMA``).
BATCH_SCHEMA: dict[str, str] = {"source": "string", **FIGURE_SCHEMA}
#: What one file gives: (number of figures, {column: values}) or the reason it failed.
Result = tuple[int, dict[str, list[Any]]] | str


def default_jobs() -> int:
    """The cores this process may use (``os.sched_getaffinity`` where there is one, else ``os.cpu_count``)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def _jobs(value: str) -> int:
    try:
        jobs = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--jobs takes a whole number, not {value!r}") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"--jobs must be at least 1, not {jobs}")
    return jobs


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
        help="write the table to the regular file OUT (atomically; a symbolic link is written through) "
        "instead of standard output; never one of the inputs",
    )
    parser.add_argument(
        "-e",
        "--encoding",
        metavar="ENC",
        default=None,
        help="read every file with this encoding (a Python codec name: utf-8, gb18030, big5, utf-16 …) "
        "instead of detecting it",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        metavar="N",
        type=_jobs,
        default=None,
        help=f"extract N files at a time in worker processes (default: the machine's cores, here "
        f"{default_jobs()}); the output is the same for any N",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="no progress on stderr (failures are still reported)"
    )
    return parser


def build_parser() -> argparse.ArgumentParser:
    """A stand-alone parser for the extract command (the options of ``python -m wxanalysis extract``)."""
    parser = argparse.ArgumentParser(
        prog="python -m wxanalysis extract",
        description="Extract the stated figures of report files into one table with a source column.",
    )
    return add_extract_arguments(parser)


# ------------------------------------------------------------------------------------------------ inputs


def _listed(entry: os.DirEntry[str]) -> bool:
    """Whether a folder entry is read (or reported): a report suffix, and not a sub-folder."""
    if os.path.splitext(entry.name)[1].lower() not in FOLDER_SUFFIXES:
        return False
    try:
        return not entry.is_dir()  # follows links: a broken link or a loop is listed, to be reported
    except OSError:
        return True


def expand_inputs(paths: Iterable[str], *, output: str | os.PathLike[str] | None = None) -> list[str]:
    """The files to read: each argument as given, folders replaced by their report files.

    A folder contributes its ``*.txt``, ``*.htm``, ``*.html`` entries (case-insensitive suffix, no
    recursion) sorted by name, sub-folders left out; an empty folder is kept as itself so that it is
    reported as a failure. A file found in a folder that is ``output`` (the same file, or the path it will
    be written to) is left out: the output is never read back as an input.
    """
    out: list[str] = []
    skip = os.path.realpath(output) if output is not None else None
    for arg in paths:
        if not os.path.isdir(arg):
            out.append(arg)
            continue
        try:
            with os.scandir(arg) as entries:
                names = sorted(entry.name for entry in entries if _listed(entry))
        except OSError:
            names = []
        found = [os.path.join(arg, name) for name in names]
        if skip is not None:
            found = [p for p in found if os.path.realpath(p) != skip and not same_file(p, skip)]
        out.extend(found or [arg])
    return out


# ------------------------------------------------------------------------------------------- extraction


def _extract_one(path: str, encoding: str | None = None) -> Result:
    """Figures of one file as plain column lists, or the reason it failed (runs in a worker process)."""
    from .extract import extract_figures
    from .report import load_report

    try:
        if os.path.isdir(path):
            return f"{shown(path)} is a folder with no *.txt, *.htm or *.html files"
        report = load_report(path, encoding=encoding)
        figures = extract_figures(report.text)
    except ReportError as exc:
        return str(exc)
    except OSError as exc:
        return f"cannot read {shown(path)}: {exc.strerror or exc}"
    except Exception as exc:  # a bug in the extractor must not stop a batch of many files
        return f"unexpected {type(exc).__name__} (please report it): {exc}"
    return len(figures), {name: _plain(column) for name, column in figures.items()}


def _plain(column: pd.Series) -> list[Any]:
    """A column as a list of Python values, missing ones ``None`` (Arrow-backed columns through Arrow,
    three times as fast as ``Series.tolist``)."""
    values = column.array
    if hasattr(values, "__arrow_array__"):
        return values.__arrow_array__().to_pylist()
    return column.tolist()


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group: the parent alone handles it (and ends the workers).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _end_workers(pool: ProcessPoolExecutor) -> None:
    pool.shutdown(wait=False, cancel_futures=True)
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            process.terminate()


def _run_chunk(fn: Callable[[str], Result], chunk: list[str]) -> list[Result]:
    """One task of a worker: ``fn`` over a few items (one task per file would cost more in messages than a
    report-sized file costs to extract)."""
    return [fn(item) for item in chunk]


def chunk_size(n_items: int, jobs: int) -> int:
    """Items per task: about ``TASKS_PER_JOB`` tasks per worker, at most ``MAX_CHUNK`` items each."""
    return max(1, min(MAX_CHUNK, n_items // (jobs * TASKS_PER_JOB)))


def _in_order(fn: Callable[[str], Result], items: list[str], jobs: int) -> Iterator[tuple[str, Result]]:
    """``(item, fn(item))`` in the order of ``items``, computed by ``jobs`` worker processes.

    Items go to the workers in chunks (``chunk_size``), at most ``AHEAD_PER_JOB * jobs`` chunks in flight.
    When a worker dies (killed, out of memory) every item then in flight fails with that reason (which one
    killed it cannot be told), and the items not yet started are computed in this process. On any exception
    in the caller (Ctrl-C, SIGTERM) the workers are ended at once.
    """
    if jobs <= 1 or len(items) <= 1:
        for item in items:
            yield item, fn(item)
        return
    pool = ProcessPoolExecutor(max_workers=min(jobs, len(items)), initializer=_worker_init)
    size = chunk_size(len(items), jobs)
    broken = False

    def submit(chunk: list[str]) -> Future[list[Result]] | None:
        nonlocal broken
        if not broken:
            try:
                return pool.submit(_run_chunk, fn, chunk)
            except BrokenProcessPool:
                broken = True
        return None  # computed in this process when its turn comes

    chunks = (items[i: i + size] for i in range(0, len(items), size))
    try:
        window = deque((chunk, submit(chunk)) for chunk in islice(chunks, AHEAD_PER_JOB * jobs))
        while window:
            chunk, future = window.popleft()
            window.extend((nxt, submit(nxt)) for nxt in islice(chunks, 1))
            if future is None:
                for item in chunk:
                    yield item, fn(item)
                continue
            try:
                results = future.result()
            except BrokenProcessPool:
                broken = True
                results = [f"a worker process died while {shown(item)} was being read (out of memory, or "
                           "killed)" for item in chunk]
            yield from zip(chunk, results, strict=True)
    except BaseException:
        _end_workers(pool)
        raise
    pool.shutdown(wait=True)


def extract_files(
    files: list[str],
    *,
    jobs: int = 1,
    encoding: str | None = None,
    progress: bool = True,
    stderr: Any = None,
) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Extract the figures of ``files`` (already expanded) with ``jobs`` worker processes.

    Returns one table (``BATCH_SCHEMA``: ``source`` first, then the figures table's columns; sorted by
    source then ``start``), built once from the plain column lists of every file, and the failures as
    ``(path, reason)`` pairs. Progress and failures are written to ``stderr`` (default ``sys.stderr``) in
    input order. The table does not depend on ``jobs``.
    """
    err = stderr if stderr is not None else sys.stderr
    columns: dict[str, list[Any]] = {name: [] for name in BATCH_SCHEMA}
    rows = 0
    failures: list[tuple[str, str]] = []
    total = len(files)
    with contextlib.closing(_in_order(_Bound(encoding), files, jobs)) as results:
        for n, (path, result) in enumerate(results, start=1):
            name = shown(path)
            if isinstance(result, str):
                failures.append((path, result))
                print(f"[{n}/{total}] {name}: FAILED: {result}", file=err, flush=True)
                continue
            count, values = result
            values = {"source": [name] * count, **values}
            for col in [c for c in values if c not in columns]:  # no earlier file had it: missing there
                columns[col] = [None] * rows
            for col, column in columns.items():
                column.extend(values.get(col, [None] * count))
            rows += count
            if progress:
                print(f"[{n}/{total}] {name}: {count} figures", file=err, flush=True)
    table = frame(BATCH_SCHEMA, columns, rows)
    if rows:
        table = table.sort_values(["source", "start"], kind="stable").reset_index(drop=True)
    return table, failures


class _Bound:
    """``_extract_one`` with a fixed encoding, picklable for the worker processes (a closure is not)."""

    def __init__(self, encoding: str | None) -> None:
        self.encoding = encoding

    def __call__(self, path: str) -> Result:
        return _extract_one(path, self.encoding)


# ------------------------------------------------------------------------------------------------ output


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


def write_stdout(data: bytes) -> None:
    """Write ``data`` to standard output; a full device (``> /dev/full``) or closed pipe raises
    ``OutputError`` in one line, and standard output is then pointed at /dev/null so that the interpreter's
    last flush at exit cannot print a second error."""
    sys.stdout.flush()
    try:
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()
    except OSError as exc:
        _silence_stdout()
        raise OutputError(f"cannot write to standard output: {exc.strerror or exc}") from None


def _silence_stdout() -> None:
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def _usage_error(message: str) -> int:
    print(f"wxanalysis extract: error: {message}", file=sys.stderr)
    return 2


def _check_output(output: str, inputs: list[str]) -> str | None:
    """Why ``output`` may not be written (a usage error), or ``None``."""
    if os.path.isdir(output):
        return f"-o {shown(output)} is a folder; give a file path"
    try:
        target = output_target(output)
    except OutputError as exc:
        return f"-o {exc}"
    clash = next((p for p in inputs if same_file(p, target)), None)
    if clash is not None:
        return f"-o {shown(output)} is one of the inputs ({shown(clash)}): it would be overwritten; " \
               "give another output file"
    return None


def main_extract(args: argparse.Namespace) -> int:
    """Run the extract command for parsed ``args`` (``files``, ``format``, ``output``, ``quiet``, and
    optionally ``jobs`` and ``encoding``). Returns the exit status: 0 all files read, 1 some failed or the
    output could not be written, 2 usage error.
    """
    fmt = getattr(args, "format", "csv") or "csv"
    output = getattr(args, "output", None)
    quiet = bool(getattr(args, "quiet", False))
    files = list(getattr(args, "files", []) or [])
    jobs = getattr(args, "jobs", None) or default_jobs()
    encoding = getattr(args, "encoding", None)
    if fmt not in FORMATS:
        return _usage_error(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if not files:
        return _usage_error("give at least one report file or folder")
    if fmt == "parquet" and not output:
        return _usage_error("--format parquet writes a binary file: give its path with -o OUT.parquet")
    if output:
        if not os.path.lexists(output) and not Path(output).parent.is_dir():
            return _usage_error(f"the folder of -o {shown(output)} does not exist")
        inputs = expand_inputs(files, output=output)
        problem = _check_output(output, inputs)
        if problem:
            return _usage_error(problem)
    else:
        inputs = expand_inputs(files)
    if encoding is not None:
        from .text import codec_name

        try:
            codec_name(encoding, "--encoding")
        except ReportError as exc:
            return _usage_error(str(exc))
    table, failures = extract_files(inputs, jobs=jobs, encoding=encoding, progress=not quiet)
    if len(failures) == len(inputs):
        kept = f"; {shown(output)} is unchanged" if output and os.path.lexists(output) else ""
        print(f"no figures written: all {len(inputs)} files failed{kept}", file=sys.stderr)
        return 1
    data = to_bytes(table, fmt)
    try:
        if output:
            write_atomic(output, data)
        else:
            write_stdout(data)
    except OutputError as exc:
        print(f"wxanalysis extract: error: {exc}", file=sys.stderr)
        return 1
    if not quiet or failures:
        where = f" to {shown(output)}" if output else ""
        print(
            f"{len(table)} figures from {len(inputs) - len(failures)} of {len(inputs)} files{where}"
            + (f"; {len(failures)} failed" if failures else ""),
            file=sys.stderr,
        )
    return 1 if failures else 0
