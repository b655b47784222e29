"""The many-files extract command: ``python -m wxanalysis extract FILE... [--format] [-o]``."""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from wxanalysis import batch, paths
from wxanalysis import text as T

ROOT = Path(__file__).resolve().parents[1]
SEED_PATH = ROOT / "data" / "raw" / "weixian_2019_report.txt"


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture()
def reports(tmp_path: Path, seed: str) -> Path:
    """A folder with three good reports (UTF-8, GB18030 simplified, an HTML page) and one PNG."""
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "a_utf8.txt").write_text(seed, encoding="utf-8")
    (folder / "b_gb18030.txt").write_bytes(T.convert_script(seed, "simplified").encode("gb18030"))
    paragraphs = "".join(f"<p>{p}</p>\n" for p in seed.split("\n") if p.strip())
    page = f"<!DOCTYPE html><html><head><title>報告</title></head><body>{paragraphs}</body></html>"
    (folder / "c_page.HTML").write_text(page, encoding="utf-8")
    (folder / "d_broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (folder / "README.md").write_text("not a report", encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "ignored.txt").write_text(seed, encoding="utf-8")
    return folder


def args(
    files: list[str], fmt: str = "csv", output: str | None = None, quiet: bool = False
) -> argparse.Namespace:
    return argparse.Namespace(files=files, format=fmt, output=output, quiet=quiet)


def test_expand_inputs(reports: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    names = [Path(p).name for p in batch.expand_inputs([str(reports), str(empty), "x.txt"])]
    assert names == ["a_utf8.txt", "b_gb18030.txt", "c_page.HTML", "d_broken.txt", "empty", "x.txt"]


def test_folder_with_one_bad_file(reports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "figures.csv"
    status = batch.main_extract(args([str(reports)], output=str(out)))
    err = capsys.readouterr().err
    assert status == 1
    assert "d_broken.txt: FAILED:" in err and "PNG image" in err
    assert "[1/4]" in err and "[4/4]" in err
    assert "1 failed" in err
    table = pd.read_csv(out, dtype={"source": "string"})
    assert table.columns[0] == "source"
    sources = sorted(table["source"].unique())
    assert [Path(s).name for s in sources] == ["a_utf8.txt", "b_gb18030.txt", "c_page.HTML"]
    assert list(table["source"]) == sorted(table["source"]), "sorted by source"
    for _, group in table.groupby("source"):
        assert list(group["start"]) == sorted(group["start"]), "then by start"
        assert len(group) > 10
    by_source = {Path(s).name: g.reset_index(drop=True) for s, g in table.groupby("source")}
    # Simplified conversion is character for character: same values at the same offsets.
    a, b = by_source["a_utf8.txt"], by_source["b_gb18030.txt"]
    assert list(a["value"]) == list(b["value"]) and list(a["start"]) == list(b["start"])
    # The HTML page gives the same figures (its text differs only in layout).
    assert list(by_source["c_page.HTML"]["value"]) == list(a["value"])


Capture = pytest.CaptureFixture[str]


def test_quiet_still_reports_failures(reports: Path, tmp_path: Path, capsys: Capture) -> None:
    status = batch.main_extract(args([str(reports)], output=str(tmp_path / "o.csv"), quiet=True))
    err = capsys.readouterr().err
    assert status == 1
    assert "[1/4]" not in err
    assert "d_broken.txt: FAILED:" in err


def test_all_good_exits_zero_and_prints_csv(reports: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status = batch.main_extract(args([str(reports / "a_utf8.txt")], quiet=True))
    captured = capsys.readouterr()
    assert status == 0
    assert captured.err == ""
    table = pd.read_csv(io.StringIO(captured.out))
    assert table.columns[0] == "source"
    assert set(table["source"]) == {str(reports / "a_utf8.txt")}
    assert len(table) > 10


def test_missing_file_and_empty_folder_fail(tmp_path: Path, reports: Path, capsys: Capture) -> None:
    empty = tmp_path / "nothing_here"
    empty.mkdir()
    files = [str(tmp_path / "missing.txt"), str(empty), str(reports / "a_utf8.txt")]
    status = batch.main_extract(args(files, output=str(tmp_path / "o.json"), fmt="json"))
    err = capsys.readouterr().err
    assert status == 1
    assert "missing.txt: FAILED: no such file" in err
    assert "nothing_here: FAILED:" in err and "no *.txt" in err
    records = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    assert {r["source"] for r in records} == {str(reports / "a_utf8.txt")}


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet"])
def test_outputs_are_deterministic(reports: Path, tmp_path: Path, fmt: str) -> None:
    first, second = tmp_path / f"one.{fmt}", tmp_path / f"two.{fmt}"
    assert batch.main_extract(args([str(reports)], fmt=fmt, output=str(first), quiet=True)) == 1
    assert batch.main_extract(args([str(reports)], fmt=fmt, output=str(second), quiet=True)) == 1
    assert first.read_bytes() == second.read_bytes()
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == [], "no temporary files are left behind"


def test_json_and_parquet_hold_the_same_table(reports: Path, tmp_path: Path) -> None:
    files = [str(reports / "a_utf8.txt"), str(reports / "b_gb18030.txt")]
    batch.main_extract(args(files, fmt="json", output=str(tmp_path / "t.json"), quiet=True))
    batch.main_extract(args(files, fmt="parquet", output=str(tmp_path / "t.parquet"), quiet=True))
    raw = (tmp_path / "t.json").read_text(encoding="utf-8")
    assert "個工作日" in raw, "ensure_ascii=False keeps Chinese readable"
    records = json.loads(raw)
    parquet = pd.read_parquet(tmp_path / "t.parquet")
    assert list(records[0]) == list(parquet.columns), "keys in column order"
    assert list(parquet.columns[:1]) == ["source"]
    assert len(records) == len(parquet)
    assert [r["value"] for r in records] == parquet["value"].tolist()
    assert [r["quote"] for r in records] == parquet["quote"].tolist()
    assert parquet["value"].dtype == "float64" and parquet["start"].dtype == "int64"


def test_usage_errors(reports: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = [str(reports / "a_utf8.txt")]
    assert batch.main_extract(args(good, fmt="parquet")) == 2
    assert "-o" in capsys.readouterr().err
    assert batch.main_extract(args(good, output=str(tmp_path / "no" / "such" / "dir.csv"))) == 2
    assert "does not exist" in capsys.readouterr().err
    assert batch.main_extract(args(good, output=str(tmp_path))) == 2
    assert batch.main_extract(args([])) == 2
    parser = batch.build_parser()
    with pytest.raises(SystemExit) as info:
        parser.parse_args(["a.txt", "--format", "xlsx"])
    assert info.value.code == 2
    capsys.readouterr()


def test_add_extract_arguments() -> None:
    parser = batch.add_extract_arguments(argparse.ArgumentParser())
    ns = parser.parse_args(["a.txt", "b.html", "--format", "json", "-o", "out.json", "-q"])
    assert (ns.files, ns.format, ns.output, ns.quiet) == (["a.txt", "b.html"], "json", "out.json", True)
    ns = parser.parse_args(["a.txt"])
    assert (ns.format, ns.output, ns.quiet) == ("csv", None, False)


def test_write_atomic_keeps_old_file_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"old")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        paths.write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_no_figures_still_writes_a_header(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    words = "這是一份沒有數字的文字,內容只是說明法治政府建設的意義和工作要求,以及今後的努力方向。"
    path.write_text(words, encoding="utf-8")
    out = tmp_path / "o.csv"
    assert batch.main_extract(args([str(path)], output=str(out), quiet=True)) == 0
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:4] == ["source", "value", "unit", "qualifier"]


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", *argv], cwd=cwd, env=env, capture_output=True, timeout=300)


def test_command_line(reports: Path, tmp_path: Path) -> None:
    done = _run(["wxanalysis", "extract", "reports", "--format", "json"], cwd=reports.parent)
    assert done.returncode == 1
    assert b"d_broken.txt: FAILED" in done.stderr
    records = json.loads(done.stdout.decode("utf-8"))
    assert {r["source"] for r in records} == {
        os.path.join("reports", name) for name in ("a_utf8.txt", "b_gb18030.txt", "c_page.HTML")
    }
    again = _run(["wxanalysis", "extract", "reports", "--format", "json"], cwd=reports.parent)
    assert again.stdout == done.stdout
    usage = _run(["wxanalysis", "extract", "reports", "--format", "parquet"], cwd=reports.parent)
    assert usage.returncode == 2


# ------------------------------------------------------------------------------------ parallel extraction


@pytest.fixture()
def many(tmp_path: Path, reports: Path) -> Path:
    """Twelve files: the four of ``reports`` three times over (one PNG each time)."""
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(3):
        for path in sorted(reports.iterdir()):
            if path.is_file() and path.suffix.lower() in batch.FOLDER_SUFFIXES:
                (folder / f"{i}_{path.name}").write_bytes(path.read_bytes())
    return folder


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_jobs_give_byte_identical_output_in_the_same_order(many: Path, tmp_path: Path, fmt: str,
                                                           capsys: Capture) -> None:
    outputs, progress = [], []
    for jobs in (1, 2, 3):
        out = tmp_path / f"j{jobs}.{fmt}"
        ns = argparse.Namespace(files=[str(many)], format=fmt, output=str(out), quiet=False, jobs=jobs)
        assert batch.main_extract(ns) == 1
        outputs.append(out.read_bytes())
        progress.append(capsys.readouterr().err.splitlines())
    assert outputs[0] == outputs[1] == outputs[2]
    assert progress[0][:-1] == progress[1][:-1] == progress[2][:-1], "progress lines in input order"
    assert [line.split("]")[0] for line in progress[0][:-1]] == [f"[{n}/12" for n in range(1, 13)]
    assert progress[2][-1].endswith("of 12 files to " + str(tmp_path / f"j3.{fmt}") + "; 3 failed")


def test_a_worker_returns_plain_columns(reports: Path) -> None:
    count, columns = batch._extract_one(str(reports / "a_utf8.txt"))
    assert count > 10
    assert all(type(values) is list and len(values) == count for values in columns.values())
    assert list(columns)[:4] == ["value", "unit", "qualifier", "start"]
    assert "PNG" in batch._extract_one(str(reports / "d_broken.txt"))


def _upper_or_die(item: str) -> str:
    if item == "die":
        os._exit(1)  # a worker killed (out of memory, a crash in a library)
    return item.upper()


def test_a_dead_worker_fails_only_what_was_in_flight() -> None:
    items = ["a", "die", "b", "c"]
    results = list(batch._in_order(_upper_or_die, items, jobs=2))
    assert [item for item, _ in results] == items, "results stay in input order"
    assert "died" in dict(results)["die"]
    assert all(result in (item.upper(), ) or "died" in result for item, result in results)


def test_jobs_option(capsys: Capture) -> None:
    parser = batch.build_parser()
    assert parser.parse_args(["a.txt", "-j", "3"]).jobs == 3
    assert parser.parse_args(["a.txt"]).jobs is None, "None means the machine's cores"
    assert batch.default_jobs() >= 1
    for bad in ("0", "two"):
        with pytest.raises(SystemExit):
            parser.parse_args(["a.txt", "--jobs", bad])
    assert "--jobs" in capsys.readouterr().err


def test_chunks_keep_the_input_order() -> None:
    items = [f"file{i:03d}" for i in range(200)]
    assert batch.chunk_size(len(items), 2) > 1, "many files: several per task"
    assert batch.chunk_size(3, 2) == 1
    assert list(batch._in_order(str.upper, items, jobs=2)) == [(item, item.upper()) for item in items]
