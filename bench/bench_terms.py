"""Speed of the vocabulary tables: ``report.terms()``, ``report.kwic()`` and ``terms.distinctive_terms``.

Run from the repository root with the project's environment (``.venv/bin/python bench/bench_terms.py``).

* first call: ``report.terms()`` on the bundled report in a fresh interpreter, after ``import wxanalysis`` and
  ``load_report()`` (so it includes loading rjieba's dictionary, about 0.2 s, once per process);
* warm call: the same on a new ``Report`` in a process that has segmented before (best of ``--repeat``);
* 1 M characters: the bundled report (simplified) and the corpus excerpts, joined by newlines and repeated to
  one million characters, loaded from a file with ``wx.load_report``; ``terms()`` on it, then the parts of it:
  rjieba alone (the floor: ``rjieba.cut`` on the whole text), ``segment.tokens``, and ``kwic("调解")``.

Each 1 M timing is the best of ``--repeat`` runs (time.perf_counter), on one core of a shared machine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import wxanalysis as wx
from wxanalysis import segment
from wxanalysis.corpus import load_corpus
from wxanalysis.terms import distinctive_terms

COLD = ("import time, wxanalysis as wx; r = wx.load_report(); t = time.perf_counter(); r.terms(); "
        "print(time.perf_counter() - t)")


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--chars", type=int, default=1_000_000)
    args = parser.parse_args(argv)

    cold = [float(subprocess.run([sys.executable, "-c", COLD], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(args.repeat)]
    print(f"terms() on the bundled report, first call after import: {min(cold):.3f} s "
          f"(of {', '.join(f'{c:.3f}' for c in cold)})")
    warm = best(lambda: wx.load_report().terms(), args.repeat)
    print(f"terms() on the bundled report, warm (new Report, incl. load_report): {warm:.3f} s")

    simp = wx.load_report(script="simplified")
    pieces = [simp.text, *[str(t) for t in load_corpus()["text"]]]
    unit = "\n".join(pieces) + "\n"
    text = (unit * (args.chars // len(unit) + 1))[: args.chars]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        path.write_text(text, encoding="utf-8")
        big = wx.load_report(path)
    print(f"\n{len(big.text):,} characters ({big.script}), best of {args.repeat}:")

    import rjieba

    floor = best(lambda: rjieba.cut(big.text, True), args.repeat)
    toks = best(lambda: segment.tokens(big.text), args.repeat)
    terms = best(lambda: wx.Report(text=big.text, script=big.script, source="big", sha256="").terms(),
                 args.repeat)
    kwic = best(lambda: big.kwic("调解"), args.repeat)
    n = len(big.terms())
    print(f"  rjieba.cut alone (floor)        {floor:7.3f} s")
    print(f"  segment.tokens                  {toks:7.3f} s")
    print(f"  report.terms() (with sections)  {terms:7.3f} s   ({n:,} rows)")
    print(f"  report.kwic('调解')              {kwic:7.3f} s   ({len(big.kwic('调解')):,} rows)")

    dist = best(lambda: distinctive_terms(simp), args.repeat)
    print(f"\ndistinctive_terms(bundled report vs {len(pieces) - 1} corpus excerpts): {dist:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
