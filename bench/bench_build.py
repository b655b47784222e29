"""Build benchmark: the whole build against executing as many trivial notebooks one after another.

Usage (from the project root)::

    .venv/bin/python bench/bench_build.py              # best of 2 rounds
    .venv/bin/python bench/bench_build.py --rounds 3
    .venv/bin/python bench/bench_build.py --notebooks OTHER_FOLDER

Each round times, in this order and in the same run:

* ``trivial``: N throw-away notebooks (N = the number of notebooks built), each importing pandas and
  matplotlib, making a ten-row DataFrame and showing its line plot inline, executed one after another, each in
  a fresh ``python3`` kernel with plain ``nbclient`` (no wxanalysis code);
* ``build``: ``python -m wxanalysis build`` in a child process, into temporary folders (tables, every
  notebook executed, charts and the notebooks' HTML pages).

Printed: the seconds of each (best round) and their ratio, build / trivial. Issue 9's target is ≤ 1.5×.
Not a test: nothing is asserted, and timings depend on the machine's load.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]

TRIVIAL = """\
%matplotlib inline
import matplotlib.pyplot as plt
import pandas as pd

df = pd.DataFrame({"x": range(10), "y": [v * v for v in range(10)]})
ax = df.plot(x="x", y="y")
df.describe()
"""


def trivial_notebooks(folder: Path, n: int) -> list[Path]:
    """Write ``n`` trivial pandas-plus-matplotlib notebooks into ``folder``."""
    paths = []
    for i in range(n):
        nb = nbformat.v4.new_notebook()
        nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
        nb.cells = [nbformat.v4.new_code_cell(TRIVIAL)]
        path = folder / f"{i:02d}_trivial.ipynb"
        nbformat.write(nb, path)
        paths.append(path)
    return paths


def time_trivial(paths: list[Path]) -> float:
    """Seconds to execute ``paths`` one after another, each in a fresh kernel."""
    t0 = time.perf_counter()
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        NotebookClient(nb, kernel_name="python3", timeout=600,
                       resources={"metadata": {"path": str(path.parent)}}).execute(stderr=subprocess.DEVNULL)
        assert any("image/png" in out.get("data", {}) for out in nb.cells[0].outputs), "no plot"
    return time.perf_counter() - t0


def time_build(out: Path, notebooks: Path) -> float:
    """Seconds of ``python -m wxanalysis build`` of ``notebooks`` into temporary folders under ``out``."""
    cmd = [sys.executable, "-m", "wxanalysis", "build", "-q", "--out", str(out / "processed"),
           "--figures", str(out / "figures"), "--notebooks", str(notebooks)]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"build failed ({proc.returncode}):\n{proc.stderr}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2, help="rounds to run; the best of each is kept")
    parser.add_argument("--notebooks", type=Path, default=ROOT / "notebooks", help="folder of notebooks to build")
    args = parser.parse_args(argv)
    n = len(list(args.notebooks.glob("*.ipynb")))
    trivial, build = [], []
    with tempfile.TemporaryDirectory(prefix="wxanalysis-bench-build-") as tmp:
        paths = trivial_notebooks(Path(tmp), n)
        for r in range(args.rounds):
            trivial.append(time_trivial(paths))
            build.append(time_build(Path(tmp) / f"round{r}", args.notebooks.resolve()))
            print(f"round {r + 1}: trivial {trivial[-1]:.1f} s, build {build[-1]:.1f} s", file=sys.stderr)
    best_t, best_b = min(trivial), min(build)
    print(f"{n} notebooks")
    print(f"trivial pandas+matplotlib notebooks, one after another: {best_t:.1f} s")
    print(f"python -m wxanalysis build (tables, notebooks, charts, pages): {best_b:.1f} s")
    print(f"ratio build / trivial: {best_b / best_t:.2f}x (issue 9 target <= 1.5x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
