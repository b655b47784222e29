"""Every bad input gets a clear ``ReportError`` (or the right answer), issue 10.

Fixtures are made in temporary folders from the bundled report's text. Reads that would hang or never end
on a regression (a FIFO, ``/dev/zero``) run in a child process with a time and memory limit.
"""

from __future__ import annotations

import argparse
import errno
import hashlib
import os
import resource
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import wxanalysis as wx
from wxanalysis import batch, cli, paths
from wxanalysis import text as T
from wxanalysis.bundled import BUNDLED_NAME, BUNDLED_SHA256

ROOT = Path(__file__).resolve().parents[1]
SEED_PATH = ROOT / "data" / "raw" / BUNDLED_NAME
#: 文件 in GBK: a file name as unpacked from a Windows archive (not UTF-8).
GBK_NAME = "文件".encode("gbk") + b".txt"
#: How it is shown: bytes that are not UTF-8 as \xNN escapes (here c4 bc happens to be UTF-8 for ļ).
GBK_SHOWN = "\\xceļ\\xfe.txt"
Capture = pytest.CaptureFixture[str]


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


def args(files: list[str], output: str | None = None, encoding: str | None = None) -> argparse.Namespace:
    return argparse.Namespace(files=files, format="csv", output=output, quiet=True, jobs=1, encoding=encoding)


def limited() -> None:
    """In the child: at most 4 GB of address space, so a read that never ends fails fast."""
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))


def run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "wxanalysis", *argv], cwd=cwd, env=env, capture_output=True,
                          timeout=120, preexec_fn=limited)


# ------------------------------------------------------------------------------------ non-UTF-8 names


def test_gbk_file_name_is_read_and_shown_safely(tmp_path: Path, capsys: Capture) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    gbk_path = os.path.join(os.fsencode(folder), GBK_NAME)
    with open(gbk_path, "wb") as handle:
        handle.write(SEED_PATH.read_bytes())
    (folder / "b.txt").write_bytes(SEED_PATH.read_bytes())
    out = tmp_path / "o.csv"
    assert batch.main_extract(args([str(folder)], output=str(out))) == 0
    table = out.read_text(encoding="utf-8")  # valid UTF-8 throughout
    assert GBK_NAME.decode("utf-8", "backslashreplace") == GBK_SHOWN
    shown = str(folder / GBK_SHOWN)
    assert table.count(shown + ",") == 42 and table.count(str(folder / "b.txt") + ",") == 42
    report = wx.load_report(os.fsdecode(gbk_path))
    assert report.source.encode("utf-8") and report.source.endswith(GBK_SHOWN)
    assert wx.load_report(gbk_path).text == report.text, "a bytes path works too"
    capsys.readouterr()


def test_gbk_file_name_on_the_command_line(tmp_path: Path) -> None:
    with open(os.path.join(os.fsencode(tmp_path), GBK_NAME), "wb") as handle:
        handle.write(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "good.txt").write_bytes(SEED_PATH.read_bytes())
    done = run(["extract", ".", "-j", "2"], cwd=tmp_path)
    assert done.returncode == 1
    err = done.stderr.decode("utf-8")
    assert f"{GBK_SHOWN}: FAILED:" in err and "PNG" in err and "Traceback" not in err
    assert done.stdout.decode("utf-8").count("good.txt,") == 42


# --------------------------------------------------------------------------------- not regular files


def test_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "good.txt").write_bytes(SEED_PATH.read_bytes())
    done = run(["extract", ".", "-o", "o.csv"], cwd=tmp_path)  # the folder lists the FIFO: it is reported
    assert done.returncode == 1
    err = done.stderr.decode()
    assert "pipe.txt: FAILED: ./pipe.txt is a FIFO (named pipe), not a regular file" in err
    assert (tmp_path / "o.csv").read_text(encoding="utf-8").count("good.txt,") == 42


def test_endless_device_is_refused(tmp_path: Path) -> None:
    (tmp_path / "zero.txt").symlink_to("/dev/zero")  # opened and inspected, never read
    done = run(["extract", "zero.txt"], cwd=tmp_path)
    assert done.returncode == 1
    assert "zero.txt is a character device, not a regular file" in done.stderr.decode()


def test_api_refuses_non_regular_files(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    # A writer that connects and leaves at once: a reader that waits on the FIFO gets an empty file
    # (and the test fails) instead of hanging.
    writer = threading.Thread(target=lambda: os.close(os.open(fifo, os.O_WRONLY)), daemon=True)
    writer.start()
    try:
        with pytest.raises(wx.ReportError, match="FIFO"):
            wx.load_report(fifo)
    finally:
        os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))  # let the writer go
        writer.join(timeout=10)
    with pytest.raises(wx.ReportError, match="is a folder"):
        wx.load_report(tmp_path)


# ------------------------------------------------------------------------------------------- encodings


def _page(body: str, charset: str) -> str:
    script = "<script>\n" + "var counter = 0; // keeps the page busy\n" * 1700 + "</script>\n"
    assert len(script) > 64 * 1024
    paragraphs = "".join(f"<p>{line}</p>\n" for line in body.split("\n") if line.strip())
    return (f'<!DOCTYPE html>\n<html><head><meta charset="{charset}"><title>report</title>\n{script}'
            f"</head><body>\n{paragraphs}</body></html>\n")


@pytest.mark.parametrize(("script", "charset", "codec"), [("simplified", "gbk", "gbk"),
                                                          ("traditional", "big5", "big5")])
@pytest.mark.parametrize("declared", [True, False])
def test_legacy_page_with_a_long_script_first(seed: str, script: str, charset: str, codec: str,
                                              declared: bool) -> None:
    body = T.convert_script(seed, script).replace("\u00a0", " ")
    page = _page(body, charset)
    if not declared:
        page = page.replace(f'<meta charset="{charset}">', "")
    decoded = T.decode_report(page.encode(codec, errors="replace"), source="page.html")
    assert decoded.html
    assert decoded.encoding in ({"gb18030"} if codec == "gbk" else {"big5", "cp950", "big5hkscs"})
    expected = T.html_to_text(page.encode(codec, errors="replace").decode(decoded.encoding))
    assert decoded.text == expected
    assert len(wx.extract_figures(decoded.text)) >= 40


@pytest.mark.parametrize("codec", ["utf-32-le", "utf-32-be"])
def test_utf32_without_bom_is_read_right(tmp_path: Path, seed: str, codec: str) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(seed.encode(codec))
    report = wx.load_report(path)
    assert report.encoding == codec
    assert report.text == seed
    assert len(wx.extract_figures(report.text)) == len(wx.extract_figures(seed)) == 42


def test_utf32_shaped_garbage_is_still_binary() -> None:
    with pytest.raises(wx.ReportError, match="binary"):
        T.decode_report(b"\x00\x01\x02\x03" * 100, source="x")


# ----------------------------------------------------------------------------- ReportError for the API


@pytest.mark.parametrize("encoding", ["no-such-codec", 123, "base64", "rot13", ""])
def test_bad_encoding_names_are_report_errors(tmp_path: Path, encoding: object) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(SEED_PATH.read_bytes())
    with pytest.raises(wx.ReportError, match="encoding|codec"):
        wx.load_report(path, encoding=encoding)  # type: ignore[arg-type]


@pytest.mark.parametrize(("error", "words"), [
    (PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
    (OSError(errno.EIO, "Input/output error"), "Input/output error"),
])
def test_unreadable_file_is_a_report_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           error: OSError, words: str) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(SEED_PATH.read_bytes())
    real_open = os.open

    def refuse(name: object, flags: int, *rest: int) -> int:
        if os.fspath(name) == str(path):
            raise error
        return real_open(name, flags, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)  # root reads anything: the refusal is injected
    with pytest.raises(wx.ReportError, match=words) as info:
        wx.load_report(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("path", [123, 4.5, ["r.txt"]])
def test_path_of_the_wrong_type_is_a_report_error(path: object) -> None:
    with pytest.raises(wx.ReportError, match="path must be a file path"):
        wx.load_report(path)  # type: ignore[arg-type]


def test_bytes_of_the_wrong_type_are_a_report_error() -> None:
    with pytest.raises(wx.ReportError, match="expected the file's bytes"):
        T.decode_report("already text", source="x")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------------- --encoding hints


def test_messages_that_suggest_encoding_name_the_cli_option(tmp_path: Path, seed: str,
                                                           capsys: Capture) -> None:
    undecodable = tmp_path / "u.txt"
    undecodable.write_bytes(b"\xff\x80" * 300 + b" abc \xfe\xa1")
    english = tmp_path / "e.txt"
    english.write_bytes("An English memo, no Chinese at all.\n".encode("utf-16-le") * 10)
    damaged = tmp_path / "d.txt"
    damaged.write_bytes(seed[:1000].encode("utf-8") + b"\xff" + seed[1000:].encode("utf-8"))
    mojibake = tmp_path / "m.txt"
    mojibake.write_bytes(seed.encode("big5", errors="replace"))
    assert batch.main_extract(args([str(p) for p in (undecodable, english, damaged)])) == 1
    assert batch.main_extract(args([str(mojibake)], encoding="gb18030")) == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if "FAILED" in line]
    assert len(lines) == 4
    for line in lines:
        if "encoding=" in line:
            assert "--encoding" in line, line
    assert sum("--encoding" in line for line in lines) == 4
    parser = cli.make_parser()
    ns = parser.parse_args(["extract", "x.txt", "--encoding", "gb18030"])
    assert ns.encoding == "gb18030", "the option the messages name exists"


def test_cli_encoding_option_is_used(tmp_path: Path, seed: str, capsys: Capture) -> None:
    path = tmp_path / "big5.txt"
    path.write_bytes(seed.encode("big5", errors="replace"))
    assert batch.main_extract(args([str(path)], encoding="big5")) == 0
    assert capsys.readouterr().out.count("big5.txt,") == 42
    assert batch.main_extract(args([str(path)], encoding="no-such-codec")) == 2
    assert "unknown encoding" in capsys.readouterr().err


# ------------------------------------------------------------------------------------- raw data check


def _checkout(tmp_path: Path, raw: bytes | None) -> Path:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "wxanalysis"\n', encoding="utf-8")
    (tmp_path / "data" / "raw").mkdir(parents=True)
    if raw is not None:
        (tmp_path / "data" / "raw" / BUNDLED_NAME).write_bytes(raw)
    return tmp_path


def test_build_refuses_an_edited_raw_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: Capture) -> None:
    edited = SEED_PATH.read_bytes().replace(b"60", b"61", 1)
    monkeypatch.chdir(_checkout(tmp_path, edited))
    assert cli.main(["build", "--tables-only", "-q", "--out", str(tmp_path / "out")]) == 1
    line = capsys.readouterr().err.strip()
    assert len(line.splitlines()) == 1 and "was edited" in line
    assert hashlib.sha256(edited).hexdigest() in line and BUNDLED_SHA256 in line
    assert not (tmp_path / "out").exists(), "nothing was built"


def test_build_refuses_a_missing_raw_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: Capture) -> None:
    monkeypatch.chdir(_checkout(tmp_path, None))
    assert cli.main(["build", "--tables-only", "-q", "--out", str(tmp_path / "out")]) == 1
    assert "is missing" in capsys.readouterr().err


def test_the_checkout_raw_report_is_as_received() -> None:
    paths.check_raw_data(ROOT)
    assert hashlib.sha256(paths.raw_report_path(ROOT).read_bytes()).hexdigest() == BUNDLED_SHA256


# ------------------------------------------------------------------------------------------- symlinks


def test_symlink_loop_is_reported_as_a_loop(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to("b.txt")
    (tmp_path / "b.txt").symlink_to("a.txt")
    with pytest.raises(wx.ReportError, match="symbolic link loop"):
        wx.load_report(tmp_path / "a.txt")


def test_broken_links_and_loops_in_a_folder_are_reported(tmp_path: Path, capsys: Capture) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "good.txt").write_bytes(SEED_PATH.read_bytes())
    (folder / "gone.txt").symlink_to("../deleted.txt")
    (folder / "self.txt").symlink_to("self.txt")
    (folder / "sub.txt").mkdir()  # a sub-folder, even with a report suffix, is not read
    assert [Path(p).name for p in batch.expand_inputs([str(folder)])] == ["gone.txt", "good.txt", "self.txt"]
    assert batch.main_extract(args([str(folder)], output=str(tmp_path / "o.csv"))) == 1
    err = capsys.readouterr().err
    assert "gone.txt is a broken symbolic link (to ../deleted.txt)" in err
    assert "self.txt is a symbolic link loop" in err
    with pytest.raises(wx.ReportError, match="broken symbolic link"):
        wx.load_report(folder / "gone.txt")
