"""The runner of the build, re-exported for the command line.

Running notebooks headlessly (parameters injected, parallel kernels) is ``wxanalysis.runner``; the build's
notebook step (charts into ``figures/``, HTML pages into ``figures/html/``) is ``wxanalysis.build``; the notebooks'
prose helpers (numbers read from the tables) are ``wxanalysis.narrative``.
"""

from __future__ import annotations

# --- running the notebooks: ``runner`` (kernels, parameters), ``build`` (charts and pages) -----------------
from .build import NotebookRun, execute_all, run_notebooks  # the command line imports them here
from .runner import (
    NotebookExecutionError,
    execute_notebook,
    inject_parameters,
    kernel_env,
    notebook_paths,
)

__all__ = ["NotebookExecutionError", "NotebookRun", "execute_all", "execute_notebook", "inject_parameters",
           "kernel_env", "notebook_paths", "run_notebooks"]
