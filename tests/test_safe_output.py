"""Output never destroys anything (issue 10): ``paths.write_atomic`` and ``extract -o`` / standard output.

Every case runs in a temporary folder. Failures that need a real full disk or a permission that root
ignores are injected (``os.write`` raising ``ENOSPC``, ``os.open`` raising ``EACCES``); signals are sent to a
child process that runs the command; ``/dev/full`` is the only device touched, as standard output.
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from wxanalysis import batch, cli, paths
from wxanalysis.errors import OutputError

ROOT = Path(__file__).resolve().parents[1]
SEED_PATH = ROOT / "data" / "raw" / "weixian_2019_report.txt"
Capture = pytest.CaptureFixture[str]


@pytest.fixture()
def work(tmp_path: Path) -> Path:
    """A folder with one good report ``r.txt``."""
    (tmp_path / "r.txt").write_bytes(SEED_PATH.read_bytes())
    return tmp_path


def args(files: list[str], output: str | None = None, fmt: str = "csv", jobs: int = 1) -> argparse.Namespace:
    return argparse.Namespace(files=files, format=fmt, output=output, quiet=True, jobs=jobs, encoding=None)


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def run(argv: list[str], cwd: Path, stdout: object = subprocess.PIPE) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, *argv], cwd=cwd, env=env, stdout=stdout, stderr=subprocess.PIPE,
                          timeout=300)


# ------------------------------------------------------------------------------------------ symlinks


def test_symlink_output_is_written_through(work: Path) -> None:
    target = work / "target.csv"
    target.write_bytes(b"old\n")
    link = work / "link.csv"
    link.symlink_to("target.csv")
    assert batch.main_extract(args([str(work / "r.txt")], output=str(link))) == 0
    assert link.is_symlink() and os.readlink(link) == "target.csv", "the link stays a link"
    assert target.read_text(encoding="utf-8").startswith("source,value,unit"), "its target got the table"
    assert names(work) == ["link.csv", "r.txt", "target.csv"], "no temporary file left"


def test_dangling_symlink_output_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.csv"
    link.symlink_to("made.csv")
    paths.write_atomic(link, b"data\n")
    assert link.is_symlink() and (tmp_path / "made.csv").read_bytes() == b"data\n"


def test_symlink_loop_output_is_refused(work: Path, capsys: Capture) -> None:
    (work / "a.csv").symlink_to("b.csv")
    (work / "b.csv").symlink_to("a.csv")
    with pytest.raises(OutputError, match="symbolic link loop"):
        paths.write_atomic(work / "a.csv", b"x")
    assert batch.main_extract(args([str(work / "r.txt")], output=str(work / "a.csv"))) == 2
    assert "symbolic link loop" in one_line(capsys.readouterr().err)
    assert (work / "a.csv").is_symlink() and os.readlink(work / "a.csv") == "b.csv"


# ------------------------------------------------------------------------------------ output = input


def test_output_that_is_an_input_is_refused(work: Path, capsys: Capture) -> None:
    before = (work / "r.txt").read_bytes()
    assert batch.main_extract(args([str(work / "r.txt")], output=str(work / "r.txt"))) == 2
    assert "is one of the inputs" in one_line(capsys.readouterr().err)
    (work / "alias.txt").symlink_to("r.txt")  # the same file under another name
    assert batch.main_extract(args([str(work / "alias.txt")], output=str(work / "r.txt"))) == 2
    os.link(work / "r.txt", work / "hard.txt")
    assert batch.main_extract(args([str(work / "hard.txt")], output=str(work / "r.txt"))) == 2
    assert "is one of the inputs" in capsys.readouterr().err
    assert (work / "r.txt").read_bytes() == before


def test_output_in_the_input_folder_is_never_read_back(work: Path, capsys: Capture) -> None:
    out = work / "all.txt"
    assert batch.main_extract(args([str(work)], output=str(out))) == 0
    first = out.read_bytes()
    assert batch.main_extract(args([str(work)], output=str(out))) == 0, "all.txt is not read as a report"
    assert out.read_bytes() == first
    assert str(out) not in batch.expand_inputs([str(work)], output=str(out))
    assert str(out) in batch.expand_inputs([str(work)])
    capsys.readouterr()


# ------------------------------------------------------------------------------------------------ modes


def test_new_files_follow_the_umask_and_replaced_files_keep_their_mode(tmp_path: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.csv"
        paths.write_atomic(fresh, b"a")
        assert stat.S_IMODE(fresh.stat().st_mode) == 0o644
        os.umask(0o027)
        paths.write_atomic(tmp_path / "group.csv", b"a")
        assert stat.S_IMODE((tmp_path / "group.csv").stat().st_mode) == 0o640
        kept = tmp_path / "kept.csv"
        kept.write_bytes(b"old")
        kept.chmod(0o664)
        paths.write_atomic(kept, b"new")
        assert kept.read_bytes() == b"new"
        assert stat.S_IMODE(kept.stat().st_mode) == 0o664, "a replaced file keeps its mode, not mkstemp's 0600"
    finally:
        os.umask(old_umask)


def test_extract_output_is_readable_by_others(work: Path) -> None:
    old_umask = os.umask(0o022)
    try:
        assert batch.main_extract(args([str(work / "r.txt")], output=str(work / "o.csv"))) == 0
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((work / "o.csv").stat().st_mode) == 0o644


# ---------------------------------------------------------------------------------------- all failing


def test_all_inputs_failing_keeps_the_old_output(work: Path, capsys: Capture) -> None:
    out = work / "o.csv"
    out.write_bytes(b"precious\n")
    (work / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert batch.main_extract(args([str(work / "bad.txt"), str(work / "missing.txt")], output=str(out))) == 1
    err = capsys.readouterr().err
    assert "all 2 files failed" in err and "unchanged" in err
    assert out.read_bytes() == b"precious\n"


def test_all_inputs_failing_prints_nothing_to_stdout(work: Path, capsys: Capture) -> None:
    assert batch.main_extract(args([str(work / "missing.txt")])) == 1
    assert capsys.readouterr().out == ""


# ------------------------------------------------------------------------------------- non-regular -o


@pytest.mark.parametrize("make", ["fifo", "folder", "socket"])
def test_non_regular_output_is_refused(tmp_path: Path, make: str, capsys: Capture) -> None:
    import socket

    (tmp_path / "r.txt").write_bytes(SEED_PATH.read_bytes())
    node = tmp_path / "node"
    server = None
    if make == "fifo":
        os.mkfifo(node)
    elif make == "folder":
        node.mkdir()
    else:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(node))
    try:
        with pytest.raises(OutputError, match="not a regular file|a folder"):
            paths.write_atomic(node, b"x")
        assert batch.main_extract(args([str(tmp_path / "r.txt")], output=str(node))) == 2
        assert one_line(capsys.readouterr().err)
        mode = node.lstat().st_mode
        assert {"fifo": stat.S_ISFIFO, "folder": stat.S_ISDIR, "socket": stat.S_ISSOCK}[make](mode)
    finally:
        if server is not None:
            server.close()


def test_device_node_output_is_refused(work: Path, capsys: Capture) -> None:
    # A link to /dev/null stands for a device node made with mknod (no real device is written to).
    link = work / "dev.csv"
    link.symlink_to(os.devnull)
    assert batch.main_extract(args([str(work / "r.txt")], output=str(link))) == 2
    assert "character device, not a regular file" in one_line(capsys.readouterr().err)
    with pytest.raises(OutputError, match="character device"):
        paths.output_target(os.devnull)
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


# ------------------------------------------------------------------------------ failures while writing


def _enospc_on_files(monkeypatch: pytest.MonkeyPatch) -> None:
    real_write = os.write

    def write(fd: int, data: bytes) -> int:
        if fd > 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)


def test_full_disk_keeps_the_old_file_and_no_temporary(work: Path, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: Capture) -> None:
    out = work / "o.csv"
    out.write_bytes(b"old\n")
    _enospc_on_files(monkeypatch)
    assert batch.main_extract(args([str(work / "r.txt")], output=str(out))) == 1
    line = one_line(capsys.readouterr().err)
    assert "No space left on device" in line and "the old file is unchanged" in line
    assert out.read_bytes() == b"old\n"
    assert names(work) == ["o.csv", "r.txt"]


def test_full_disk_during_build_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: Capture) -> None:
    out = tmp_path / "tables"
    _enospc_on_files(monkeypatch)
    assert cli.main(["build", "--tables-only", "-q", "--out", str(out)]) == 1
    line = one_line(capsys.readouterr().err)
    assert "cannot write" in line and "No space left on device" in line
    assert [p.name for p in out.iterdir()] == [], "no temporary file left"


def test_unwritable_output_folder_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: Capture) -> None:
    # As root permissions are not enforced, so the refusal is injected where the file is created.
    real_open = os.open

    def deny(path: str, flags: int, *rest: int) -> int:
        if flags & os.O_CREAT:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), path)
        return real_open(path, flags, *rest)

    monkeypatch.setattr(os, "open", deny)
    assert cli.main(["build", "--tables-only", "-q", "--out", str(tmp_path)]) == 1
    line = one_line(capsys.readouterr().err)
    assert "cannot write" in line and "Permission denied" in line and str(tmp_path) in line


def test_output_folder_under_a_file_is_one_line(tmp_path: Path, capsys: Capture) -> None:
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    assert cli.main(["build", "--tables-only", "-q", "--out", str(blocker / "tables")]) == 1
    assert "cannot create the folder" in one_line(capsys.readouterr().err)


def test_failed_replace_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OutputError, match="No space left"):
        paths.write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert names(tmp_path) == ["out.csv"]


#: Run in a child: the command, with the first write to a file interrupted by a signal to itself.
_INTERRUPTED_WRITE = """
import os, signal, sys
from wxanalysis import cli, paths
real_write = os.write
def write(fd, data):
    if fd > 2:
        real_write(fd, bytes(data[:10]))
        os.kill(os.getpid(), getattr(signal, sys.argv[1]))
    return real_write(fd, data)
os.write = write
if sys.argv[2] == "cli":
    sys.exit(cli.main(["extract", "r.txt", "-o", "out.csv", "-q", "-j", "1"]))
paths.write_atomic("out.csv", b"new contents")
"""


@pytest.mark.parametrize(("sig", "status", "word"), [("SIGTERM", 143, "SIGTERM"), ("SIGINT", 130, "Ctrl-C")])
def test_interrupted_extract_keeps_the_old_file(work: Path, sig: str, status: int, word: str) -> None:
    (work / "out.csv").write_bytes(b"old\n")
    done = run(["-c", _INTERRUPTED_WRITE, sig, "cli"], cwd=work)
    assert done.returncode == status, done.stderr
    assert word in one_line(done.stderr.decode())
    assert (work / "out.csv").read_bytes() == b"old\n"
    assert names(work) == ["out.csv", "r.txt"], "no temporary file left"


def test_sigterm_in_library_use_cleans_up_then_terminates(work: Path) -> None:
    (work / "out.csv").write_bytes(b"old\n")
    done = run(["-c", _INTERRUPTED_WRITE, "SIGTERM", "library"], cwd=work)
    assert done.returncode == -signal.SIGTERM, "the process still ends by the signal, as it would have"
    assert (work / "out.csv").read_bytes() == b"old\n"
    assert names(work) == ["out.csv", "r.txt"]


def test_sigterm_during_parallel_extraction_ends_the_workers(work: Path) -> None:
    folder = work / "many"
    folder.mkdir()
    for i in range(60):
        (folder / f"{i:03d}.txt").write_bytes(SEED_PATH.read_bytes())
    (work / "out.csv").write_bytes(b"old\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-m", "wxanalysis", "extract", "many", "-j", "2", "-o", "out.csv"],
                             cwd=work, env=env, stderr=subprocess.PIPE)
    assert child.stderr is not None
    for line in child.stderr:
        if line.startswith(b"[2/60]"):
            break
    child.send_signal(signal.SIGTERM)
    rest = child.stderr.read().decode()
    assert child.wait(timeout=60) == 143
    assert "stopped by SIGTERM" in rest and "Traceback" not in rest
    assert "[60/60]" not in rest, "the remaining files were not extracted"
    assert (work / "out.csv").read_bytes() == b"old\n"
    assert not [p for p in work.iterdir() if p.name.startswith(".")]


def test_stdout_on_a_full_device_is_one_line(work: Path) -> None:
    with open("/dev/full", "wb") as full:
        done = run(["-m", "wxanalysis", "extract", "r.txt", "-q"], cwd=work, stdout=full)
    assert done.returncode == 1
    line = one_line(done.stderr.decode())
    assert "cannot write to standard output" in line and "No space left on device" in line
