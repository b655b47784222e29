"""Where derived files go (the checkout's ``data/processed`` and ``figures``), and how they are written.

``write_atomic`` is the one way the package writes a file: every table and chart of the build and
``extract -o`` go through it. It never destroys anything:

* the data goes to a temporary file in the target's folder (created with mode 0666 less the umask, so a new
  file follows the umask; a replaced file keeps its mode, and its owner where the process may set it), then
  ``os.replace`` puts it in place: readers never see a half-written file;
* a symbolic link is written through (its target is replaced, the link stays); a loop is refused;
* only regular files are replaced: a folder, device node, FIFO or socket is refused (``OutputError``);
* any failure (full disk, unwritable folder, Ctrl-C, SIGTERM) removes the temporary file and leaves the old
  file as it was; ``OSError`` becomes a one-line ``OutputError`` naming the file.

Imports nothing of the package but its leaf modules (``bundled``, ``errors``).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import signal
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

from .bundled import BUNDLED_NAME, BUNDLED_SHA256
from .errors import Interrupted, OutputError, ReportError


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


def raw_report_path(root: Path) -> Path:
    """The bundled report as received, in a checkout: ``<root>/data/raw/weixian_2019_report.txt``."""
    return root / "data" / "raw" / BUNDLED_NAME


def check_raw_data(root: Path) -> None:
    """Refuse a checkout whose raw report was edited or removed (raw data is never edited).

    Raises ``ReportError`` naming the file and its sha256 against the pinned ``BUNDLED_SHA256``.
    """
    path = raw_report_path(root)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReportError(
            f"{path} is missing: raw data is never removed; restore it (git checkout -- data/raw/{BUNDLED_NAME})"
        ) from None
    except OSError as exc:
        raise ReportError(f"cannot read {path}: {exc.strerror or exc}") from None
    digest = hashlib.sha256(data).hexdigest()
    if digest != BUNDLED_SHA256:
        raise ReportError(
            f"{path} was edited (sha256 {digest}, expected {BUNDLED_SHA256}): raw data is never edited; "
            f"restore it (git checkout -- data/raw/{BUNDLED_NAME})"
        )


# ------------------------------------------------------------------------------------------- file kinds

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


def file_kind(mode: int) -> str:
    """What a ``st_mode`` is, for messages: "a regular file", "a folder", "a character device" …"""
    if stat.S_ISREG(mode):
        return "a regular file"
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def shown(path: str | os.PathLike[str]) -> str:
    """``path`` as printable text: a name that is not UTF-8 (e.g. GBK bytes from a Windows archive) shows
    its undecodable bytes as ``\\xNN`` escapes, so it can be printed and written to UTF-8 files."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def output_target(path: str | os.PathLike[str]) -> Path:
    """The regular file that writing to ``path`` replaces: ``path`` itself, or the file a symbolic link
    points to (written through). Raises ``OutputError`` for a link loop, a folder, a device node, a FIFO
    or a socket, and when the target's folder does not exist."""
    given = Path(path)
    try:
        st = os.stat(given)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputError(f"{shown(given)} is a symbolic link loop; give a file path") from None
        raise OutputError(f"cannot use {shown(given)} as output: {exc.strerror or exc}") from None
    target = Path(os.path.realpath(given)) if given.is_symlink() else given
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise OutputError(
            f"{shown(given)} is {file_kind(st.st_mode)}, not a regular file: output is written only to "
            "regular files (leave out -o to write to standard output)"
        )
    if not target.parent.is_dir():
        raise OutputError(f"the folder of {shown(target)} does not exist")
    return target


def same_file(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    """Whether ``a`` and ``b`` are the same existing file (symbolic and hard links followed)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


# -------------------------------------------------------------------------------------------- writing


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically, safely (see the module docstring); the only writer.

    Skips the write when the file already holds exactly ``data``. Creates missing parent folders.
    Raises ``OutputError`` (one line, the old file unchanged, no temporary file left) on failure.
    """
    given = Path(path)
    if not given.parent.is_dir() and not given.is_symlink():
        try:
            given.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(
                f"cannot create the folder {shown(given.parent)} for {shown(given)}: {exc.strerror or exc}"
            ) from None
    target = output_target(given)
    try:
        old = os.stat(target)
    except FileNotFoundError:
        old = None
    if old is not None and old.st_size == len(data) and _holds(target, data):
        return
    tmp: str | None = None
    with _cleanup_on_sigterm():
        try:
            fd, tmp = _create_temp(target)
            try:
                if old is not None:
                    _keep_mode_and_owner(fd, old)
                _write_all(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, target)
            tmp = None
            _fsync_folder(target.parent)
        except OSError as exc:
            kept = "the old file is unchanged" if old is not None else "nothing was written"
            raise OutputError(f"cannot write {shown(given)}: {exc.strerror or exc}; {kept}") from None
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def _holds(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _create_temp(target: Path) -> tuple[int, str]:
    """A new hidden file beside ``target``, mode 0666 less the umask (``mkstemp`` would give 0600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):
        tmp = str(target.parent / f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, flags, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary file name", str(target.parent))


def _keep_mode_and_owner(fd: int, old: os.stat_result) -> None:
    os.fchmod(fd, stat.S_IMODE(old.st_mode))
    if hasattr(os, "fchown") and (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
        with contextlib.suppress(OSError):  # only root (or the owner, for the group) may
            os.fchown(fd, old.st_uid, old.st_gid)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def _cleanup_on_sigterm() -> Iterator[None]:
    """While writing, let SIGTERM (when nobody handles it) run the clean-up, then end the process by it as
    it would have: the temporary file is removed, the old file kept. Only in the main thread."""
    if threading.current_thread() is not threading.main_thread() or (
        signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    ):
        yield
        return

    def _raise(signum: int, _frame: object) -> None:
        raise Interrupted(signum)

    signal.signal(signal.SIGTERM, _raise)
    try:
        yield
    except Interrupted:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTERM)
        raise
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
