"""Run notebooks headlessly, as the build and the tests do: parameters injected, kernels in parallel.

A notebook's first code cell is tagged ``parameters`` and sets its defaults (``LANG``, ``SCRIPT``,
``FIGURES_DIR`` …). The runner inserts right after it a code cell tagged ``injected-parameters`` that sets the
values it wants (papermill's convention; without a ``parameters`` cell the injected cell goes first).

``execute(jobs, workers=2)`` runs the jobs in ``workers`` kernels at once (``python3``, working directory the
notebook's folder, ``PYTHONHASHSEED=0``). Each kernel runs jobs one after another and resets its namespace
(``%reset -f``) before each, so the modules it has imported (pandas, matplotlib, wxanalysis) and what they cache
are not loaded again, while no variable of one notebook is seen by the next; a kernel whose notebook failed is
replaced. Executed notebooks are returned in job order and never written back into the committed files.
A notebook that is not valid JSON, or that fails, is reported in one line naming the file and the problem.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import ReportError

if TYPE_CHECKING:
    import nbformat

KERNEL_NAME = "python3"
PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"
#: Kernels run at once by default: one per core of the machine the project is built on (2).
WORKERS = 2
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class NotebookExecutionError(ReportError):
    """A notebook could not be read, or one of its cells failed: one line per notebook, naming the file, the
    cell and the error (``details`` holds the tracebacks)."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.details = details


@dataclass(frozen=True)
class Job:
    """One notebook to run, with the parameters to inject."""

    path: Path
    parameters: Mapping[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """The notebook's name, with the injected parameters other than folders (for messages)."""
        shown = ", ".join(f"{k}={v!r}" for k, v in self.parameters.items() if not k.endswith("_DIR"))
        return f"{self.path.name} [{shown}]" if shown else self.path.name


def notebook_paths(notebook_dir: str | Path) -> list[Path]:
    """The notebooks of ``notebook_dir`` in name order (checkpoints and hidden files excluded)."""
    folder = Path(notebook_dir)
    if not folder.is_dir():
        raise FileNotFoundError(f"no notebook folder {folder}")
    return sorted(p for p in folder.glob("*.ipynb") if not p.name.startswith("."))


def read_notebook(path: str | Path) -> nbformat.NotebookNode:
    """The notebook at ``path`` (format 4), or ``NotebookExecutionError`` in one line saying what is wrong."""
    import nbformat

    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise NotebookExecutionError(f"{path.name}: not valid JSON ({exc})") from None
    try:
        nb = nbformat.reads(json.dumps(data), as_version=4)
        nbformat.validate(nb)
    except Exception as exc:  # nbformat's validation errors are of several kinds, with long messages
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise NotebookExecutionError(f"{path.name}: not a valid notebook ({first})") from None
    return nb


def parameters_cell(nb: nbformat.NotebookNode) -> int | None:
    """Index of the cell tagged ``parameters``, or ``None``."""
    for i, cell in enumerate(nb.cells):
        if PARAMETERS_TAG in cell.get("metadata", {}).get("tags", []):
            return i
    return None


def inject_parameters(nb: nbformat.NotebookNode, parameters: Mapping[str, Any]) -> nbformat.NotebookNode:
    """A copy of ``nb`` with a code cell tagged ``injected-parameters`` setting ``parameters``, right after the
    cell tagged ``parameters`` (first when there is none); an injected cell already there is replaced.

    Values are written as Python literals: ``str`` (a ``Path`` becomes its string), ``int``, ``float``,
    ``bool`` or ``None``.
    """
    import copy

    import nbformat

    lines = []
    for name, value in parameters.items():
        if not name.isidentifier():
            raise ValueError(f"parameter name {name!r} is not a Python identifier")
        if isinstance(value, Path):
            value = str(value)
        if value is not None and not isinstance(value, (str, int, float, bool)):
            raise TypeError(f"parameter {name} must be str, int, float, bool, Path or None, not {type(value)}")
        lines.append(f"{name} = {value!r}")
    out = copy.deepcopy(nb)
    out.cells = [c for c in out.cells if INJECTED_TAG not in c.get("metadata", {}).get("tags", [])]
    index = parameters_cell(out)
    cell = nbformat.v4.new_code_cell("\n".join(lines), metadata={"tags": [INJECTED_TAG]})
    cell["id"] = INJECTED_TAG  # a fixed id (nbformat 4.5 wants one) keeps executed copies deterministic
    out.cells.insert(0 if index is None else index + 1, cell)
    return out


def kernel_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment a kernel runs in: this process's, a fixed hash seed, and ``extra``."""
    env = dict(os.environ)
    env["PYTHONHASHSEED"] = "0"
    env.update(extra or {})
    return env


def _one_line(text: str) -> str:
    return " ".join(_ANSI.sub("", str(text)).split())


def _committed_index(nb: nbformat.NotebookNode, index: int) -> str:
    """How to name cell ``index`` of an executed notebook: its index in the committed file."""
    injected = [i for i, c in enumerate(nb.cells) if INJECTED_TAG in c.get("metadata", {}).get("tags", [])]
    if injected and index == injected[0]:
        return "the injected parameters cell"
    return f"cell {index - 1 if injected and index > injected[0] else index}"


class _Kernel:
    """One kernel that runs notebooks one after another (nbclient's ``NotebookClient``)."""

    def __init__(self, cwd: Path, timeout: int, env: dict[str, str], stderr: Any) -> None:
        self.cwd, self.timeout, self.env, self.stderr = cwd, timeout, env, stderr
        self.client: Any = None
        self.language_info: dict | None = None
        self.used = False
        self.cell_index = -1  # the cell running, or that failed

    async def start(self) -> None:
        import nbformat
        from nbclient import NotebookClient

        self.client = NotebookClient(
            nbformat.v4.new_notebook(), timeout=self.timeout, kernel_name=KERNEL_NAME, allow_errors=False,
            record_timing=False, resources={"metadata": {"path": str(self.cwd)}},
        )
        self.client.km = self.client.create_kernel_manager()
        await self.client.async_start_new_kernel(env=self.env, stderr=self.stderr)
        await self.client.async_start_new_kernel_client()
        reply = await self.client.async_wait_for_reply(self.client.kc.kernel_info())
        self.language_info = (reply or {}).get("content", {}).get("language_info")

    async def run(self, nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
        client = self.client
        if self.used:
            msg_id = client.kc.execute("%reset -f", silent=True, store_history=False)
            await client.async_wait_for_reply(msg_id)
        self.used = True
        client.nb = nb
        client.reset_execution_trackers()
        if self.language_info:
            nb.metadata["language_info"] = self.language_info
        for index, cell in enumerate(nb.cells):
            self.cell_index = index
            await client.async_execute_cell(cell, index, execution_count=client.code_cells_executed + 1)
        return nb

    async def stop(self) -> None:
        client = self.client
        if client is None:
            return
        if client.kc is not None:
            client.kc.stop_channels()
        if client.km is not None and client.km.has_kernel:
            await client.km.shutdown_kernel(now=True)
        self.client = None


@dataclass
class Outcome:
    """What became of one job: the executed notebook, or the error in one line (``details``: the traceback)."""

    job: Job
    notebook: nbformat.NotebookNode | None = None
    error: str | None = None
    details: str = ""
    seconds: float = 0.0


async def _execute(
    outcomes: list[Outcome], notebooks: list[nbformat.NotebookNode | None], workers: int, timeout: int,
    env: dict[str, str], on_done: Callable[[Outcome], None],
) -> None:
    from nbclient.exceptions import CellExecutionError

    queue = iter([(o, nb) for o, nb in zip(outcomes, notebooks, strict=True) if nb is not None])

    async def worker() -> None:
        kernel: _Kernel | None = None
        with tempfile.TemporaryFile() as kernel_stderr:
            try:
                for outcome, nb in queue:
                    job = outcome.job
                    t0 = time.perf_counter()
                    try:
                        if kernel is None:
                            kernel = _Kernel(job.path.parent.resolve(), timeout, env, kernel_stderr)
                            await kernel.start()
                        outcome.notebook = await kernel.run(nb)
                    except CellExecutionError as exc:
                        index = kernel.cell_index if kernel is not None else -1
                        source = nb.cells[index].source.strip().splitlines() or [""]
                        outcome.error = (f"{job.label}: {_committed_index(nb, index)} ({source[0][:60]!r}) failed "
                                         f"with {exc.ename}: {_one_line(exc.evalue)[:300]}")
                        outcome.details = _ANSI.sub("", str(exc))
                    except Exception as exc:  # the kernel died, timed out or could not start
                        kernel_stderr.seek(0)
                        log = kernel_stderr.read().decode("utf-8", errors="replace")[-3000:]
                        outcome.error = f"{job.label}: execution failed: {_one_line(repr(exc))[:300]}"
                        outcome.details = f"kernel stderr:\n{log}"
                    if outcome.error and kernel is not None:
                        await kernel.stop()  # a failed notebook may leave the kernel in any state
                        kernel = None
                    outcome.seconds = time.perf_counter() - t0
                    on_done(outcome)
            finally:
                if kernel is not None:
                    await kernel.stop()

    await asyncio.gather(*(worker() for _ in range(max(1, min(workers, len(outcomes))))))


def _run_coroutine(coro: Any) -> Any:
    """``asyncio.run(coro)``, in a thread of its own when this thread already runs an event loop (a kernel)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _prepare(jobs: Sequence[Job]) -> tuple[list[Outcome], list[nbformat.NotebookNode | None]]:
    """Every job's notebook read and its parameters injected (``None`` and an error when it cannot be read)."""
    outcomes, notebooks = [], []
    for job in jobs:
        outcome = Outcome(job)
        try:
            notebooks.append(inject_parameters(read_notebook(job.path), job.parameters))
        except NotebookExecutionError as exc:
            outcome.error = str(exc)
            notebooks.append(None)
        outcomes.append(outcome)
    return outcomes, notebooks


def run_jobs(
    jobs: Sequence[Job],
    *,
    workers: int = WORKERS,
    timeout: int = 600,
    env: Mapping[str, str] | None = None,
    progress: bool = False,
) -> list[Outcome]:
    """Run every job that can be read (see the module docstring); one ``Outcome`` per job, in job order.

    ``env`` adds variables to the kernels' environment. With ``progress``, one line per finished job on
    stderr ("[2/5] 02_admin_reform.ipynb 6.1 s"). Failures are outcomes, not exceptions (see ``execute``).
    """
    outcomes, notebooks = _prepare(list(jobs))
    total = sum(nb is not None for nb in notebooks)
    done = {"n": 0}

    def on_done(outcome: Outcome) -> None:
        done["n"] += 1
        if progress:
            status = "failed after " if outcome.error else ""
            print(f"[{done['n']}/{total}] {outcome.job.label} {status}{outcome.seconds:.1f} s",
                  file=sys.stderr, flush=True)

    if total:
        _run_coroutine(_execute(outcomes, notebooks, workers, timeout, kernel_env(env), on_done))
    return outcomes


def _raise_errors(outcomes: list[Outcome]) -> None:
    failed = [o for o in outcomes if o.error]
    if failed:
        raise NotebookExecutionError("\n".join(dict.fromkeys(o.error or "" for o in failed)),
                                     "\n\n".join(o.details for o in failed if o.details))


def execute(
    jobs: Sequence[Job],
    *,
    workers: int = WORKERS,
    timeout: int = 600,
    env: Mapping[str, str] | None = None,
    progress: bool = False,
) -> list[nbformat.NotebookNode]:
    """Run every job (see ``run_jobs``) and return the executed notebooks in job order.

    Every notebook is read before any kernel starts: if one cannot be read, none runs. Raises
    ``NotebookExecutionError`` with one line per notebook that could not be read, or else per job that failed
    (in job order), once every job has run.
    """
    jobs = list(jobs)
    _raise_errors(_prepare(jobs)[0])
    outcomes = run_jobs(jobs, workers=workers, timeout=timeout, env=env, progress=progress)
    _raise_errors(outcomes)
    return [o.notebook for o in outcomes]


def execute_notebook(
    path: str | Path, parameters: Mapping[str, Any] | None = None, *, timeout: int = 600,
    env: Mapping[str, str] | None = None,
) -> nbformat.NotebookNode:
    """Run one notebook in a fresh kernel with ``parameters`` injected; return the executed copy."""
    return execute([Job(Path(path), dict(parameters or {}))], workers=1, timeout=timeout, env=env)[0]
