"""Speed of ``wx.extract_figures`` against a bare regex scan (the floor) and ``cn2an.transform`` (a peer).

Run from the repository root (``python3 tasks.py bench`` runs it too)::

    .venv/bin/python bench/bench_extract.py               # ~1 M characters, about half a minute
    .venv/bin/python bench/bench_extract.py --full-cn2an  # time cn2an on all of it instead of a slice

The corpus is the seed report in both scripts and the twelve devset excerpts, joined by newlines and
repeated to ~1 M characters. Each timing is the best of ``--repeat`` runs on one core (time.perf_counter).

* ``extract_figures``: the public function (scan, classification, DataFrame, section assignment).
* ``extract core``: the same without ``sections.assign_parts`` (the section/theme lookup).
* floor: ``re.compile(r"[0-9]+").finditer(text)`` consumed fully (a bare single-regex scan).
* ``cn2an.transform(text, "cn2an")``: rewrites Chinese numerals as digits. It is ~30x slower than the rest,
  so by default it is timed on the first 250 000 characters and scaled linearly (said in the output).

Targets (issue 4 item 7): ≥ 5 M characters/s, ≤ 10x the floor's time, ≤ 0.5x cn2an's time. A last check
times the extractor on 4x the corpus: linear time means the 4 M / 1 M time ratio is close to 4; the same
ratio is printed for adversarial inputs (long numeral runs, endless 三次、 chains, text without punctuation).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import wxanalysis as wx  # noqa: E402
from wxanalysis.extract import extract_core  # noqa: E402
from wxanalysis.text import convert_script  # noqa: E402

FLOOR_RX = re.compile(r"[0-9]+")


def corpus(size: int = 1_000_000) -> str:
    """The seed in both scripts and the devset excerpts, repeated and cut to ``size`` characters."""
    seed = (ROOT / "data" / "raw" / "weixian_2019_report.txt").read_text(encoding="utf-8")
    parts = [seed, convert_script(seed, "simplified")]
    for p in sorted((ROOT / "tests" / "data" / "devset" / "texts").glob("*.txt")):
        parts.append(p.read_text(encoding="utf-8").split("\n", 2)[2])
    unit = "\n".join(parts) + "\n"
    return (unit * (size // len(unit) + 1))[:size]


def best_of(fn, repeat: int) -> float:
    """Best wall time of ``repeat`` calls, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def floor_scan(text: str) -> int:
    n = 0
    for _m in FLOOR_RX.finditer(text):
        n += 1
    return n


def cn2an_time(text: str, full: bool, repeat: int) -> tuple[float, str]:
    """cn2an's time for all of ``text`` (measured, or scaled from a 250 000-character slice)."""
    import cn2an

    sample = text if full else text[:250_000]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t = best_of(lambda: cn2an.transform(sample, "cn2an"), repeat)
    if full:
        return t, "measured on all characters"
    scale = len(text) / len(sample)
    return t * scale, f"measured on {len(sample):,} characters, scaled x{scale:g}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", type=int, default=1_000_000, help="characters in the corpus (default 1 M)")
    ap.add_argument("--repeat", type=int, default=5, help="best of N runs (default 5)")
    ap.add_argument("--full-cn2an", action="store_true", help="time cn2an on the whole corpus")
    args = ap.parse_args(argv)

    text = corpus(args.size)
    n = len(text)
    figures = wx.extract_figures(text)
    print(f"corpus: {n:,} characters, {len(figures):,} figures, {floor_scan(text):,} digit runs")

    t_full = best_of(lambda: wx.extract_figures(text), args.repeat)
    t_core = best_of(lambda: extract_core(text), args.repeat)
    t_explain = best_of(lambda: wx.extract_figures(text, explain=True), max(1, args.repeat // 2))
    t_floor = best_of(lambda: floor_scan(text), args.repeat)
    t_cn2an, how = cn2an_time(text, args.full_cn2an, 1)

    def row(name: str, t: float) -> str:
        return (f"{name:<34}{t:>9.3f} s{n / t / 1e6:>9.2f} M chars/s{t / t_floor:>8.1f}x floor"
                f"{t / t_cn2an:>8.2f}x cn2an")

    print(row("extract_figures", t_full))
    print(row("extract core (no section lookup)", t_core))
    print(row("extract_figures(explain=True)", t_explain))
    print(row("floor: [0-9]+ finditer", t_floor))
    print(row("cn2an.transform", t_cn2an) + f"   ({how})")

    big = text * 4
    t_big = best_of(lambda: extract_core(big), max(1, args.repeat // 2))
    t_big_full = best_of(lambda: wx.extract_figures(big), 1)
    print(f"linearity: core on {len(big):,} chars {t_big:.3f} s = {t_big / t_core:.2f}x the 1x time; "
          f"extract_figures {t_big_full:.3f} s = {t_big_full / t_full:.2f}x (4.00 is linear)")
    worst = []
    for label, piece in (("numeral run 一一一…", "一"), ("chain 三次、三次、…", "三次、"), ("十分之十分之…", "十分之"),
                         ("unpunctuated 12个…", "12个")):
        small, large = piece * (50_000 // len(piece)), piece * (200_000 // len(piece))
        ts = best_of(lambda s=small: extract_core(s, explain=True), 3)
        tl = best_of(lambda s=large: extract_core(s, explain=True), 3)
        worst.append(f"{label} {tl / ts:.1f}x")
    print("adversarial inputs, 200 k / 50 k time (4.0 is linear): " + ", ".join(worst))
    ok = {
        ">= 5 M chars/s": n / t_full >= 5e6,
        "<= 10x floor": t_full <= 10 * t_floor,
        "<= 0.5x cn2an": t_full <= 0.5 * t_cn2an,
    }
    ok_core = {"core >= 5 M chars/s": n / t_core >= 5e6, "core <= 10x floor": t_core <= 10 * t_floor,
               "core <= 0.5x cn2an": t_core <= 0.5 * t_cn2an}
    for label, checks in (("extract_figures", ok), ("core", ok_core)):
        print(f"targets ({label}): " + ", ".join(f"{k}: {'met' if v else 'NOT met'}" for k, v in checks.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
