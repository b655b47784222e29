"""Accuracy of ``wx.extract_figures`` on the seed report, the devset and devset2, against a plain-regex baseline.

Run from the repository root::

    .venv/bin/python bench/accuracy.py            # table per file and overall
    .venv/bin/python bench/accuracy.py --misses   # also list every miss and false positive

Matching rule (README of ``tests/data/devset``): a predicted figure matches a gold figure when its number
span lies inside an occurrence of the gold quote and its value equals the gold value (gold values are
normalised to our convention: ``57.95`` ``万件`` → 579500, ``件``). Each gold figure matches at most one
prediction. Predictions inside an ``optional`` gold quote are neither rewarded nor penalised. Precision,
recall and F1 are on value + span; unit and qualifier accuracy are over the matched figures.

Phrase overlap (devset2, which annotates ``indicator_phrase``): for each matched gold figure, the character
F1 between the predicted phrase span and the gold phrase's occurrence nearest the gold quote (0 when no
phrase is predicted), averaged. Theme accuracy: matched figures whose ``theme`` equals the gold theme (on the
seed report, the curated themes of ``indicators.csv`` are the gold, and ``extract_figures``'s automatic theme is
scored). ``--misses`` also lists phrase and theme errors.

The devset was used while developing the extractor (rules were written after reading its errors), so its
figures are not a held-out estimate; ``tests/test_extract.py`` has sentences written independently.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

DEVSET = ROOT / "tests" / "data" / "devset"
DEVSET2 = ROOT / "data" / "corpus" / "devset2"
SEED_GOLD = ROOT / "tests" / "data" / "seed_gold.csv"
SEED_TEXT = ROOT / "data" / "raw" / "weixian_2019_report.txt"
_SCALE = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}


@dataclass
class Gold:
    """One gold figure: the quote it is stated in, and its value/unit/qualifier in our convention."""

    quote: str
    value: float
    unit: str
    qualifier: str
    phrase: str | None = None
    theme: str | None = None


@dataclass
class Doc:
    """A text with its gold figures and optional (neither rewarded nor penalised) entries."""

    name: str
    text: str
    figures: list[Gold]
    optional: list[Gold] = field(default_factory=list)


@dataclass
class Score:
    """Counts for one document or a total."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    unit_ok: int = 0
    qual_ok: int = 0
    misses: list[str] = field(default_factory=list)
    false_pos: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    phrase_sum: float = 0.0
    phrase_n: int = 0
    theme_ok: int = 0
    theme_n: int = 0

    def add(self, other: Score) -> None:
        self.phrase_sum += other.phrase_sum
        self.phrase_n += other.phrase_n
        self.theme_ok += other.theme_ok
        self.theme_n += other.theme_n
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.unit_ok += other.unit_ok
        self.qual_ok += other.qual_ok
        self.misses += other.misses
        self.false_pos += other.false_pos
        self.wrong += other.wrong

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def unit_acc(self) -> float:
        return self.unit_ok / self.tp if self.tp else 1.0

    @property
    def qual_acc(self) -> float:
        return self.qual_ok / self.tp if self.tp else 1.0

    @property
    def phrase_overlap(self) -> float | None:
        return self.phrase_sum / self.phrase_n if self.phrase_n else None

    @property
    def theme_acc(self) -> float | None:
        return self.theme_ok / self.theme_n if self.theme_n else None


def normalise(value: float, unit: str) -> tuple[float, str]:
    """Gold in the devset convention (scale word in the unit) → ours (multiplied out): 57.95 万件 → 579500 件."""
    if unit and unit[0] in _SCALE and len(unit) > 1:
        return float(Decimal(str(value)) * _SCALE[unit[0]]), unit[1:]
    return float(value), unit


def _gold(entry: dict) -> Gold:
    value, unit = normalise(entry["value"], entry["unit"])
    return Gold(entry["quote"], value, unit, entry["qualifier"], entry.get("indicator_phrase"),
                entry.get("theme"))


def load_devset2(root: Path = DEVSET2) -> list[Doc]:
    """devset2 (with ``indicator_phrase`` and ``theme`` per figure), from ``data/corpus/devset2``."""
    return load_devset(root)


def load_devset(root: Path = DEVSET) -> list[Doc]:
    """The devset's excerpts (``URL: …`` header stripped) with their gold."""
    docs = []
    for tpath in sorted((root / "texts").glob("*.txt")):
        raw = tpath.read_text(encoding="utf-8")
        text = raw.split("\n", 2)[2]
        gold = json.loads((root / "gold" / f"{tpath.stem}.json").read_text(encoding="utf-8"))
        docs.append(Doc(tpath.stem, text, [_gold(g) for g in gold["figures"]],
                        [_gold(g) for g in gold["optional"]]))
    return docs


def load_seed(script: str = "traditional") -> Doc:
    """The seed report with the gold of ``tests/data/seed_gold.csv`` (in ``script``)."""
    text = SEED_TEXT.read_text(encoding="utf-8")
    with SEED_GOLD.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    themes = _curated_themes(text)
    figs = [Gold(r["quote"], float(r["value"]), r["unit"], r["qualifier"],
                 theme=themes.get((int(r["start"]), int(r["end"])))) for r in rows]
    if script == "simplified":
        from wxanalysis.text import convert_script

        text = convert_script(text, "simplified")
        figs = [Gold(convert_script(g.quote, "simplified"), g.value, convert_script(g.unit, "simplified"),
                     g.qualifier, theme=g.theme) for g in figs]
    return Doc(f"seed-{script[:4]}", text, figs)


def _curated_themes(text: str) -> dict[tuple[int, int], str]:
    """(start, end) → curated theme of the bundled report (the curated theme is the gold)."""
    import wxanalysis as wx

    figs = wx.load_report().figures()
    return {(s, e): t for s, e, t in zip(figs["start"], figs["end"], figs["theme"], strict=True)
            if not pd.isna(t)}


def _span_f1(a: int, b: int, c: int, d: int) -> float:
    inter = max(0, min(b, d) - max(a, c))
    if not inter:
        return 0.0
    p, r = inter / (b - a), inter / (d - c)
    return 2 * p * r / (p + r)


def _gold_phrase_span(text: str, phrase: str, near: tuple[int, int]) -> tuple[int, int] | None:
    occ = _occurrences(text, phrase)
    if not occ:
        return None
    mid = (near[0] + near[1]) / 2
    return min(occ, key=lambda o: (abs((o[0] + o[1]) / 2 - mid), -o[0]))


def _occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(re.escape(quote), text)]


def score_doc(doc: Doc, pred: pd.DataFrame) -> Score:
    """Score predictions (a figures table: value, unit, qualifier, start, end) on one document."""
    sc = Score()
    rows = list(zip(pred["start"].tolist(), pred["end"].tolist(), pred["value"].tolist(),
                    pred["unit"].tolist(), pred["qualifier"].tolist(), strict=True))
    has_desc = "phrase_start" in pred.columns
    if has_desc:
        pspan = list(zip(pred["phrase_start"].tolist(), pred["phrase_end"].tolist(), strict=True))
        pthemes = pred["theme"].tolist()
    used = [False] * len(rows)
    for g in doc.figures:
        occ = _occurrences(doc.text, g.quote)
        hit = None
        for k, (s, e, v, _u, _q) in enumerate(rows):
            if used[k] or abs(v - g.value) > 1e-9 * max(1.0, abs(g.value)):
                continue
            if any(a <= s and e <= b for a, b in occ):
                hit = k
                break
        if hit is None:
            sc.fn += 1
            sc.misses.append(f"[{doc.name}] miss {g.value:g} {g.unit} {g.qualifier} in {g.quote!r}")
            continue
        used[hit] = True
        sc.tp += 1
        _s, _e, _v, u, q = rows[hit]
        if u == g.unit:
            sc.unit_ok += 1
        else:
            sc.wrong.append(f"[{doc.name}] unit {u!r} != {g.unit!r} in {g.quote!r}")
        if q == g.qualifier:
            sc.qual_ok += 1
        else:
            sc.wrong.append(f"[{doc.name}] qualifier {q!r} != {g.qualifier!r} in {g.quote!r}")
        if has_desc:
            _score_description(sc, doc, g, rows[hit][:2], pspan[hit], pthemes[hit])
    opt = [iv for g in doc.optional for iv in _occurrences(doc.text, g.quote)]
    for k, (s, e, v, u, _q) in enumerate(rows):
        if used[k] or any(a <= s and e <= b for a, b in opt):
            continue
        sc.fp += 1
        ctx = doc.text[max(0, s - 8):e + 8].replace("\n", "⏎")
        sc.false_pos.append(f"[{doc.name}] false positive {v:g} {u} …{ctx}…")
    return sc


def _score_description(sc: Score, doc: Doc, g: Gold, span: tuple[int, int], pspan: tuple, theme) -> None:
    """Add the phrase overlap and theme of one matched figure to ``sc``."""
    if g.phrase:
        gold = _gold_phrase_span(doc.text, g.phrase, span)
        if gold is not None:
            ps, pe = pspan
            got = 0.0 if pd.isna(ps) else _span_f1(int(ps), int(pe), *gold)
            sc.phrase_sum += got
            sc.phrase_n += 1
            if got < 0.5:
                pred = "—" if pd.isna(ps) else doc.text[int(ps):int(pe)]
                sc.wrong.append(f"[{doc.name}] phrase {pred!r} vs {g.phrase!r} (overlap {got:.2f})")
    if g.theme:
        sc.theme_n += 1
        if theme == g.theme:
            sc.theme_ok += 1
        else:
            sc.wrong.append(f"[{doc.name}] theme {theme!r} != {g.theme!r} in {g.quote!r}")


# ---------------------------------------------------------------------------------------------------------
# Baseline: a plain regex with a unit list (what issue 4 calls "recall 0.84").

BASELINE_UNITS = ["个工作日", "個工作日", "个百分点", "個百分點", "个月", "個月", "个", "個", "项", "項", "件", "名",
                  "次", "份", "起", "家", "人次", "人", "户", "戶", "场", "場", "期", "条", "條", "方面", "元", "天",
                  "年", "位", "小时", "小時", "%", "％"]
_BASELINE_RX = re.compile(r"([0-9]+(?:\.[0-9]+)?)(" + "|".join(map(re.escape, BASELINE_UNITS)) + ")")


def baseline(text: str) -> pd.DataFrame:
    """Digits immediately followed by a unit from a fixed list; qualifier always exact; no exclusions."""
    rows = [(float(m.group(1)), "%" if m.group(2) in "%％" else m.group(2), "exact", m.start(1), m.end(1))
            for m in _BASELINE_RX.finditer(text)]
    return pd.DataFrame(rows, columns=["value", "unit", "qualifier", "start", "end"])


def evaluate(docs: list[Doc], extractor) -> tuple[dict[str, Score], Score]:
    """Per-document scores and their total for ``extractor(text) -> figures table``."""
    per, total = {}, Score()
    for d in docs:
        s = score_doc(d, extractor(d.text))
        per[d.name] = s
        total.add(s)
    return per, total


def _table(title: str, per: dict[str, Score], total: Score) -> str:
    lines = [title, f"{'file':<10}{'gold':>5}{'tp':>5}{'fp':>4}{'fn':>4}{'prec':>7}{'rec':>7}{'F1':>7}"
                    f"{'unit':>7}{'qual':>7}{'phrase':>8}{'theme':>7}"]

    def opt(x: float | None, w: int) -> str:
        return f"{'—':>{w}}" if x is None else f"{x:>{w}.3f}"

    for name, s in list(per.items()) + [("TOTAL", total)]:
        lines.append(f"{name:<10}{s.tp + s.fn:>5}{s.tp:>5}{s.fp:>4}{s.fn:>4}{s.precision:>7.3f}"
                     f"{s.recall:>7.3f}{s.f1:>7.3f}{s.unit_acc:>7.3f}{s.qual_acc:>7.3f}"
                     f"{opt(s.phrase_overlap, 8)}{opt(s.theme_acc, 7)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--misses", action="store_true", help="list misses, false positives, wrong units")
    args = ap.parse_args(argv)
    import wxanalysis as wx

    seed = [load_seed("traditional"), load_seed("simplified")]
    dev = load_devset()
    dev2 = load_devset2()
    for label, docs in (("seed report", seed), ("devset", dev), ("devset2", dev2)):
        per, total = evaluate(docs, wx.extract_figures)
        print(_table(f"== extract_figures on the {label}", per, total))
        if args.misses:
            for line in total.misses + total.false_pos + total.wrong:
                print("   ", line)
        bper, btotal = evaluate(docs, baseline)
        print(f"   baseline (plain regex + unit list): precision {btotal.precision:.3f} recall "
              f"{btotal.recall:.3f} F1 {btotal.f1:.3f} unit {btotal.unit_acc:.3f} "
              f"qualifier {btotal.qual_acc:.3f}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
