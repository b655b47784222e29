"""The scorer of ``bench/accuracy.py`` (its matching rule is in its docstring), loaded once for the tests, so
the tests and the benchmark score figures the same way."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_NAME = "wx_bench_accuracy"
_PATH = Path(__file__).resolve().parents[1] / "bench" / "accuracy.py"


def _load():
    if _NAME in sys.modules:
        return sys.modules[_NAME]
    spec = importlib.util.spec_from_file_location(_NAME, _PATH)
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[_NAME] = mod
    spec.loader.exec_module(mod)
    return mod


acc = _load()
