"""Where derived files go: the project checkout's ``data/processed`` and ``figures`` folders."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def project_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above ``start`` (default: the working directory) holding the wxanalysis
    ``pyproject.toml``, or ``None`` outside a checkout."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and 'name = "wxanalysis"' in pyproject.read_text(encoding="utf-8"):
            return folder
    return None


def _default(sub: str, env: str) -> Path:
    if os.environ.get(env):
        return Path(os.environ[env])
    root = project_root()
    if root is None:
        raise FileNotFoundError(
            f"cannot tell where to write {sub}/: run from inside the wxanalysis checkout or set {env}"
        )
    return root / sub


def processed_dir() -> Path:
    """``$WXANALYSIS_PROCESSED_DIR`` or ``<checkout>/data/processed``."""
    return _default("data/processed", "WXANALYSIS_PROCESSED_DIR")


def figures_dir() -> Path:
    """``$WXANALYSIS_FIGURES_DIR`` or ``<checkout>/figures``."""
    return _default("figures", "WXANALYSIS_FIGURES_DIR")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``: readers
    never see a half-written file. Skips the write when the file already holds exactly ``data``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file() and path.read_bytes() == data:
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
