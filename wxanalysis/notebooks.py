"""Execute the project's notebooks headlessly, as the build does (``python -m wxanalysis build``).

Each notebook runs top to bottom in a fresh kernel (nbclient, kernel ``python3``) with the notebook's folder
as working directory, ``WXANALYSIS_FIGURES_DIR`` pointing at the figures folder (where ``charts.save``
writes) and ``PYTHONHASHSEED=0``. The executed notebooks stay in memory: outputs are never written back
into the committed files.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

#: Environment variable ``charts.save`` appends every file it writes to (one path per line), when set.
MANIFEST_ENV = "WXANALYSIS_FIGURES_MANIFEST"
KERNEL_NAME = "python3"


class NotebookExecutionError(RuntimeError):
    """A notebook cell failed; the message names the notebook, the cell and the error."""


def notebook_paths(notebook_dir: str | Path) -> list[Path]:
    """The notebooks of ``notebook_dir`` in name order (checkpoints excluded)."""
    folder = Path(notebook_dir)
    if not folder.is_dir():
        raise FileNotFoundError(f"no notebook folder {folder}")
    return sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))


def kernel_env(figures_dir: str | Path, manifest: str | Path | None = None) -> dict[str, str]:
    """The environment a notebook kernel runs in: this process's, plus the figures folder and a fixed hash
    seed (and the manifest file ``charts.save`` records its files in, if given)."""
    env = dict(os.environ)
    env["WXANALYSIS_FIGURES_DIR"] = str(Path(figures_dir).resolve())
    env["PYTHONHASHSEED"] = "0"
    if manifest is not None:
        env[MANIFEST_ENV] = str(manifest)
    else:
        env.pop(MANIFEST_ENV, None)
    return env


def execute_notebook(
    path: str | Path,
    figures_dir: str | Path,
    *,
    timeout: int = 600,
    manifest: str | Path | None = None,
) -> nbformat.NotebookNode:
    """Run one notebook in a fresh kernel and return the executed copy (the file is not modified).

    Raises ``NotebookExecutionError`` naming the notebook and cell when a cell fails.
    """
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=KERNEL_NAME,
        allow_errors=False,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    current = {"index": -1}

    def on_cell_start(cell: nbformat.NotebookNode, cell_index: int) -> None:
        current["index"] = cell_index

    client.on_cell_start = on_cell_start
    try:
        client.execute(env=kernel_env(figures_dir, manifest))
    except CellExecutionError as exc:
        index = current["index"]
        source = nb.cells[index].source.strip().splitlines() if 0 <= index < len(nb.cells) else []
        first = source[0] if source else ""
        raise NotebookExecutionError(
            f"{path.name}: cell {index} ({first!r}) failed with {exc.ename}: {exc.evalue}\n{exc}"
        ) from None
    return nb


def run_notebooks(notebook_dir: str | Path, figures_dir: str | Path, *, progress: bool = True) -> list[Path]:
    """Execute every notebook of ``notebook_dir`` headlessly; their charts go to ``figures_dir``.

    Shows progress on stderr ("[2/5] 02_admin_reform.ipynb 6.1 s"). Raises ``NotebookExecutionError`` on
    the first failing cell. Returns the chart files the notebooks wrote, sorted.
    """
    notebooks = notebook_paths(notebook_dir)
    if not notebooks:
        raise FileNotFoundError(f"no notebooks in {notebook_dir}")
    figures = Path(figures_dir)
    figures.mkdir(parents=True, exist_ok=True)
    if progress:
        print(f"executing {len(notebooks)} notebooks in {notebook_dir} (charts to {figures})",
              file=sys.stderr, flush=True)
    fd, manifest = tempfile.mkstemp(prefix="wxanalysis-figures-", suffix=".txt")
    os.close(fd)
    try:
        for i, nb_path in enumerate(notebooks, start=1):
            t0 = time.perf_counter()
            execute_notebook(nb_path, figures, manifest=manifest)
            if progress:
                print(f"[{i}/{len(notebooks)}] {nb_path.name} {time.perf_counter() - t0:.1f} s",
                      file=sys.stderr, flush=True)
        written = Path(manifest).read_text(encoding="utf-8").splitlines()
    finally:
        os.unlink(manifest)
    return sorted({Path(p) for p in written if p})
