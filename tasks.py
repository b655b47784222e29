#!/usr/bin/env python3
"""Set up and run wxanalysis with nothing but Python 3.11 and pip.

    python3 tasks.py build    # create .venv, install pinned dependencies, regenerate tables, charts and pages
    python3 tasks.py test     # create .venv, install pinned dependencies, run the whole test suite
    python3 tasks.py lab      # open the notebooks in JupyterLab (also as root; no browser on a headless machine)
    python3 tasks.py bench    # print the extractor's accuracy and speed, and the build's speed

The virtual environment is reused while pyproject.toml and requirements.lock are unchanged. Extra arguments
after ``test`` go to pytest (e.g. ``python3 tasks.py test -k figures``).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".wxanalysis-installed"


def _fingerprint() -> str:
    h = hashlib.sha256()
    for name in ("pyproject.toml", "requirements.lock"):
        h.update((ROOT / name).read_bytes())
    return h.hexdigest()


def _run(*cmd: object) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], cwd=ROOT, check=True)


def setup() -> None:
    """Create .venv and install the package with its pinned dependencies (once per change of pins)."""
    if not PY.exists():
        print(f"creating {VENV.name}/", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    _run(PY, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-c", "requirements.lock",
         "-e", ".[notebooks,test]")
    _run(PY, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3")
    STAMP.write_text(_fingerprint())


def lab_command(rest: list[str], *, environ: dict[str, str] | None = None, is_root: bool | None = None,
                platform: str | None = None) -> list[str]:
    """``jupyter lab notebooks/`` with ``--allow-root`` when run as root (JupyterLab refuses root without it)
    and ``--no-browser`` on a Linux machine without a display (open the printed URL yourself); ``rest`` last."""
    environ = dict(os.environ) if environ is None else environ
    is_root = (hasattr(os, "geteuid") and os.geteuid() == 0) if is_root is None else is_root
    platform = sys.platform if platform is None else platform
    cmd = [str(BIN / "jupyter"), "lab", "notebooks/"]
    if is_root:
        cmd.append("--allow-root")
    if platform.startswith("linux") and not (environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY")):
        cmd.append("--no-browser")
    return cmd + list(rest)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"build", "test", "lab", "bench", "setup"}:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    setup()
    try:
        if command == "build":
            _run(PY, "-m", "wxanalysis", "build", *rest)
        elif command == "test":
            _run(PY, "-m", "pytest", *rest)
        elif command == "lab":
            _run(*lab_command(rest))
        elif command == "bench":
            _run(PY, "bench/accuracy.py")
            _run(PY, "bench/bench_extract.py", *rest)
            _run(PY, "bench/bench_build.py")
    except subprocess.CalledProcessError as exc:
        return exc.returncode or 1
    except KeyboardInterrupt:  # Ctrl-C stops JupyterLab (or any step) without a traceback
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
