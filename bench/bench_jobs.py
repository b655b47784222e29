"""Speed-up of ``python -m wxanalysis extract --jobs 2`` over ``--jobs 1`` on many report-sized files.

Run from the repository root with the project's venv (``python3 tasks.py setup`` installs the package)::

    .venv/bin/python bench/bench_jobs.py               # 240 files, best of 3
    .venv/bin/python bench/bench_jobs.py --files 600 --repeat 5

The files are report-sized documents (4–15 k characters, as real corpora are): the bundled report as
received (traditional, UTF-8), the same in simplified script (GB18030), and the 28 excerpts of
``data/corpus/`` joined into documents of about 10 k characters; they are copied in turn into a temporary
folder until there are ``--files`` of them. Each timing is ``batch.extract_files`` over the whole folder
(reading, decoding, extraction, the one table at the end; not the interpreter's start-up), the best of
``--repeat`` runs, 1 and 2 jobs interleaved so that a change of load (the machine is shared) hits both
alike, the worker pool started inside the timing. The outputs are checked to be byte-identical. Printed:
files, characters, seconds, files per second and CPU seconds (workers included) for each ``--jobs``, the
load average, the speed-up (time with 1 job / time with 2 jobs; 2.0 would be perfect on two idle cores), and
the CPU-time ratio, which the load does not change much: it bounds the speed-up on two free cores.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

from wxanalysis import batch
from wxanalysis.bundled import BUNDLED_NAME
from wxanalysis.text import convert_script

ROOT = Path(__file__).resolve().parents[1]
#: Characters per document made of corpus excerpts (real reports have 4–15 k).
DOC_CHARS = 10_000


def documents() -> list[tuple[str, bytes]]:
    """(file name, bytes) of the distinct report-sized documents the folder is filled with."""
    seed = (ROOT / "data" / "raw" / BUNDLED_NAME).read_text(encoding="utf-8")
    docs = [("seed_trad.txt", seed.encode("utf-8")),
            ("seed_simp.txt", convert_script(seed, "simplified").encode("gb18030"))]
    excerpts = [p.read_text(encoding="utf-8").split("\n", 2)[2]
                for p in sorted((ROOT / "data" / "corpus").glob("*/texts/*.txt"))]
    current: list[str] = []
    for text in excerpts:
        current.append(text)
        if sum(map(len, current)) >= DOC_CHARS:
            docs.append((f"corpus_{len(docs):02d}.txt", "\n".join(current).encode("utf-8")))
            current = []
    if current:
        docs.append((f"corpus_{len(docs):02d}.txt", "\n".join(current).encode("utf-8")))
    return docs


def fill(folder: Path, n_files: int) -> int:
    """Write ``n_files`` copies of ``documents()`` (in turn) to ``folder``; returns their characters."""
    docs = documents()
    chars = 0
    for i in range(n_files):
        name, data = docs[i % len(docs)]
        (folder / f"{i:05d}_{name}").write_bytes(data)
        chars += len(data.decode("gb18030" if name == "seed_simp.txt" else "utf-8"))
    return chars


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and its finished children so far."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def once(files: list[str], jobs: int) -> tuple[float, float, bytes]:
    """Wall time and CPU time (workers included) of one ``extract_files`` run, and the CSV it gives."""
    cpu, start = cpu_seconds(), time.perf_counter()
    table, failures = batch.extract_files(files, jobs=jobs, progress=False)
    seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu
    assert not failures, failures
    return seconds, cpu, batch.to_bytes(table, "csv")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=240, help="files in the folder (default: 240)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per setting, best kept (default: 3)")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]
    folder = Path(tempfile.mkdtemp(prefix="wx_bench_jobs_"))
    try:
        chars = fill(folder, args.files)
        files = batch.expand_inputs([str(folder)])
        batch.extract_files(files[:4], jobs=1, progress=False)  # warm imports and the OpenCC tables
        best = {1: float("inf"), 2: float("inf")}
        cpu = {1: float("inf"), 2: float("inf")}
        outputs = set()
        for _ in range(args.repeat):  # interleaved, so that a change of load hits both alike
            for jobs in (1, 2):
                seconds, used, out = once(files, jobs)
                best[jobs] = min(best[jobs], seconds)
                cpu[jobs] = min(cpu[jobs], used)
                outputs.add(out)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert len(outputs) == 1, "--jobs 2 must give byte-identical output"
    one, two = best[1], best[2]
    print(f"{len(files)} files, {chars:,} characters ({chars // len(files):,} per file), "
          f"{os.cpu_count()} cores, load average {load_before:.1f} before and {os.getloadavg()[0]:.1f} after")
    for jobs, seconds in ((1, one), (2, two)):
        print(f"--jobs {jobs}: {seconds:.2f} s, {len(files) / seconds:.0f} files/s, "
              f"{chars / seconds / 1e6:.2f} M chars/s, {cpu[jobs]:.2f} CPU s (workers included)")
    print(f"speed-up of 2 jobs over 1: {one / two:.2f}x (output byte-identical)")
    print(f"CPU time of 2 jobs / 1 job: {cpu[2] / cpu[1]:.2f} (the work added by the workers; "
          f"on 2 free cores the speed-up is at most {2 * cpu[1] / cpu[2]:.2f}x)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
