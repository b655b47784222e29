"""Large-input benchmark: ``load_report`` and the batch extractor on one ~100 MB report-like file, and the
peak memory of ``extract_figures`` on 5 M characters of unpunctuated text full of figures.

Usage (from the project root)::

    .venv/bin/python bench/bench_large.py            # ~100 MB
    .venv/bin/python bench/bench_large.py --mb 20    # smaller, quicker (the dense phase is always 5 M)

The file repeats the bundled report (traditional, and its simplified conversion) and the devset excerpts in
``tests/data/devset/texts/`` when present, blank-line separated, UTF-8. Each phase runs in a fresh child
process so its peak resident memory (``resource.getrusage().ru_maxrss``) is its own:

* ``load``: ``wx.load_report(path)`` (read, encoding detection, newline normalisation, script detection);
* ``extract``: ``python -m wxanalysis extract FILE -o OUT.csv`` via ``wxanalysis.batch.main_extract``
  (load + ``extract_figures`` + sort + CSV write);
* ``dense``: ``wx.extract_figures("12件" * 1_700_000)`` (5.1 M characters, 8.5 MB of UTF-8, 1.7 M figures,
  no punctuation: every quote is cut at its bound, so memory stays linear; target: peak under 2 GB).

Printed per phase: seconds, characters per second, peak RSS, the RSS of the same child right after its
imports, and the difference relative to the file size. Not a test: nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


DENSE_PIECE, DENSE_COPIES = "12件", 1_700_000


def _corpus_block() -> str:
    from wxanalysis import text as T

    seed = (ROOT / "data" / "raw" / "weixian_2019_report.txt").read_text(encoding="utf-8")
    parts = [seed, T.convert_script(seed, "simplified")]
    devset = ROOT / "tests" / "data" / "devset" / "texts"
    for path in sorted(devset.glob("*.txt")):
        parts.append(path.read_text(encoding="utf-8").split("\n", 2)[2])
    return "\n\n".join(parts) + "\n\n"


def make_file(path: Path, megabytes: float) -> tuple[int, int]:
    """Write about ``megabytes`` MB (10^6 bytes) of report-like UTF-8 text to ``path``.

    Returns (bytes, characters) written.
    """
    block = _corpus_block()
    data = block.encode("utf-8")
    copies = max(1, round(megabytes * 1e6 / len(data)))
    with path.open("wb") as handle:
        for _ in range(copies):
            handle.write(data)
    return copies * len(data), copies * len(block)


def _child(phase: str, path: str, out: str) -> None:
    import wxanalysis as wx
    from wxanalysis import batch

    wx.load_report()  # warm imports and the OpenCC tables outside the timing
    before = _peak_rss_mib()
    start = time.perf_counter()
    if phase == "dense":
        text = DENSE_PIECE * DENSE_COPIES
        rows = len(wx.extract_figures(text))
        chars, detail = len(text), f"{len(text.encode('utf-8')) / 1e6:.1f} MB of {DENSE_PIECE!r}"
        seconds = time.perf_counter() - start
    elif phase == "load":
        report = wx.load_report(path)
        chars, rows = len(report.text), 0
        detail = f"script={report.script} encoding={report.encoding}"
        seconds = time.perf_counter() - start
    else:
        args = argparse.Namespace(files=[path], format="csv", output=out, quiet=True)
        status = batch.main_extract(args)
        seconds = time.perf_counter() - start
        with open(out, encoding="utf-8") as handle:
            rows = sum(1 for _ in handle) - 1
        chars = len(Path(path).read_text(encoding="utf-8"))
        detail = f"exit={status}"
    print(json.dumps({"seconds": seconds, "chars": chars, "rows": rows, "rss_before": before,
                      "rss_peak": _peak_rss_mib(), "detail": detail}))


def main(argv: list[str] | None = None) -> int:
    """Generate the file, run each phase in a child process, print one line per phase."""
    parser = argparse.ArgumentParser(description="Time load_report and the batch extractor on a large file.")
    parser.add_argument("--mb", type=float, default=100.0, help="file size in MB (10^6 bytes)")
    parser.add_argument("--phase", choices=["load", "extract", "dense"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:
        _child(args.phase, args.file, args.out)
        return 0
    with tempfile.TemporaryDirectory(prefix="wx-bench-") as tmp:
        path = Path(tmp) / "large_report.txt"
        size, chars = make_file(path, args.mb)
        print(f"file: {size / 1e6:.1f} MB, {chars / 1e6:.1f} M characters (UTF-8)", flush=True)
        for phase in ("load", "extract", "dense"):
            command = [sys.executable, __file__, "--phase", phase, "--file", str(path),
                       "--out", str(Path(tmp) / "figures.csv")]
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            r = json.loads(done.stdout.strip().splitlines()[-1])
            used = r["rss_peak"] - r["rss_before"]
            rows = f"  {r['rows']} rows" if r["rows"] else ""
            print(
                f"{phase:8s} {r['seconds']:7.2f} s  {r['chars'] / r['seconds'] / 1e6:6.2f} M chars/s  "
                f"peak RSS {r['rss_peak']:6.0f} MiB (after imports {r['rss_before']:.0f} MiB; phase "
                f"+{used:.0f} MiB = {used * 2**20 / size:.1f}x the file){rows}  {r['detail']}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
