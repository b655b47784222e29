"""The main job: regenerate every derived table (``data/processed/``), chart (``figures/``) and notebook page
(``figures/html/``).

Tables are written as CSV (UTF-8, no index) and Parquet, with a Frictionless ``datapackage.json`` that
describes every column (type, description, unit). The build first checks the report's own totals
(``tables.verify``) and stops on a mismatch. Then ``run_notebooks`` executes every notebook (``runner``), each
with ``FIGURES_DIR`` injected as a fresh folder of its own, and moves the charts found there into the figures
folder; each executed notebook also becomes a standalone HTML page (``pages``). Writes are atomic and
byte-identical on rerun.
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from . import pages, runner, tables
from .bundled import BUNDLED_NAME, BUNDLED_SHA256
from .paths import write_atomic
from .report import load_report

#: Data dictionary: column → (description, unit or None). Shared by datapackage.json and the README.
COLUMN_DOCS: dict[str, tuple[str, str | None]] = {
    "value": ("The number stated, with 万/亿 multiplied out (95%以上 → 95; 30余份 → 30)", "see unit"),
    "unit": ("Measure word or unit as written, without qualifier or 万/亿 (项, 件, 个工作日, %, 小时 …)", None),
    "qualifier": ("exact | at_least (余, 多, 以上, 超过) | at_most (以内, 不到, 以下) | about (约, 近, 左右)", None),
    "start": ("Start of the number in the report text (Python str index, 0-based)", "characters"),
    "end": ("End of the number in the report text (exclusive)", "characters"),
    "quote": ("The clause that states the number, verbatim", None),
    "section": ("Number of the numbered section (1–5) the figure sits in; empty outside them", None),
    "theme": ("admin_reform | decision_making | law_enforcement | dispute_resolution | oversight | other", None),
    "indicator": ("Stable snake_case key of a curated figure (data/indicators.csv)", None),
    "label_zh": ("Short Chinese label, in the report's script", None),
    "label_en": ("Short English label", None),
    "indicator_phrase": ("The report's own words for what the figure counts, verbatim (受理行政复议案件)", None),
    "phrase_start": ("Start of indicator_phrase in the report text", "characters"),
    "phrase_end": ("End of indicator_phrase in the report text (exclusive)", "characters"),
    "direction": ("up / down for the size or end point of a stated change (增长, 下降, 压减至); empty otherwise",
                  None),
    "label_zh_hans": ("Short Chinese label, simplified script", None),
    "label_zh_hant": ("Short Chinese label, traditional script", None),
    "table": ("Themed table the figure belongs to", None),
    "group": ("Dimension within a themed table (e.g. original / duplicate)", None),
    "stage": ("Stage or outcome (before / after / added; inspected / new / cancelled; won / pending …)", None),
    "quote_start": ("Start of the quoted clause in the report text", "characters"),
    "quote_end": ("End of the quoted clause in the report text (exclusive)", "characters"),
    "relation": ("Figures: from / to for changes (由A至B), range_low / range_high for ranges, empty otherwise; "
                 "self-checks: == or <=", None),
    "part": ("Part of the report: preamble, section, problems, plans, closing", None),
    "derived": ("True when computed from other figures (no span of its own)", None),
    "number": ("Section number (1–5, recovered where the source lost the numeral); empty for other parts", None),
    "kind": ("Kind of row (part kind, defect kind, formula kind; consistency / finding for a self-check)", None),
    "title": ("Heading text, in the report's script", None),
    "n_chars": ("Characters in the part, whitespace excluded", "characters"),
    "n_figures": ("Number of figure rows", "figures"),
    "n_spans": ("Number of distinct number spans", "figures"),
    "formula": ("The numbered policy formula (提法) as written", None),
    "count": ("The number the formula names", "items"),
    "members": ("The items the report enumerates for the formula, joined by 、", None),
    "occurrences": ("How often the formula occurs in the report", "occurrences"),
    "excerpt": ("The damaged text, verbatim", None),
    "note": ("What is wrong, or what is compared", None),
    "found_by": ("rule (found by a general rule) or reviewed (a reader's finding kept as data)", None),
    "formula_text": ("How the derived value is computed", None),
    "inputs": ("Indicator keys the derived value is computed from, comma-separated", None),
    "check": ("Key of the self-check", None),
    "left": ("Self-check: the quantity on the left of the relation (a stated figure or a sum of them)", "see note"),
    "right": ("Self-check: the quantity on the right of the relation (a stated figure or a sum of them)",
              "see note"),
    "ok": ("True when the self-check's relation holds (left == right, or left <= right)", None),
}

TABLE_DOCS: dict[str, str] = {
    "sections": "The parts of the report (preamble, five numbered sections, problems, plans, closing)",
    "figures": "Every figure the report states, one row per indicator, with its span",
    "formulas": "Numbered policy formulas (提法) with the count they name and their members",
    "quality": "Defects of the source text (lost numerals, characters, phrase; mixed script)",
    "approval_time": "Approval time for enterprise investment projects before and after the reform",
    "online_services": "Online and township service delivery (放管服)",
    "township_powers": "Powers delegated to townships: before, added, after",
    "normative_documents": "Clean-up of normative documents: reviewed, kept, amended, repealed",
    "legal_advisers": "The county government's legal advisers and their work",
    "enforcement": "Law-enforcement supervision inspections",
    "permits": "Annual inspection of fine-and-confiscation permits",
    "mediation": "People's mediation network and outcomes; medical disputes",
    "reconsideration": "Administrative reconsideration cases accepted and concluded",
    "litigation": "Administrative litigation cases and outcomes; heads appearing in court",
    "oversight": "Oversight figures",
    "plans": "Figures of the 2020 plans paragraph",
    "derived_indicators": "Indicators computed from the report's figures",
    "checks": "Self-checks: where the report's numbers should add up, do they",
    "figures_by_theme": "Number of figures per theme",
}

_FRICTIONLESS_TYPES = {"float64": "number", "Float64": "number", "int64": "integer", "Int64": "integer",
                       "bool": "boolean", "boolean": "boolean"}


def _csv_bytes(df: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8")


def _parquet_bytes(df: pd.DataFrame) -> bytes:
    table = pa.Table.from_pandas(df, preserve_index=False)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd", write_statistics=False)
    return sink.getvalue().to_pybytes()


def _flat(df: pd.DataFrame) -> pd.DataFrame:
    """List-valued columns joined by 、 so that CSV and Parquet hold the same thing."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object and out[col].map(lambda x: isinstance(x, list)).any():
            out[col] = out[col].map(lambda m: "、".join(m)).astype("string")
    return out


def _field(name: str, dtype) -> dict:
    desc, unit = COLUMN_DOCS.get(name, ("", None))
    field = {"name": name, "type": _FRICTIONLESS_TYPES.get(str(dtype), "string")}
    if desc:
        field["description"] = desc
    if unit:
        field["unit"] = unit
    return field


def datapackage(frames: dict[str, pd.DataFrame]) -> dict:
    """A Frictionless Tabular Data Package descriptor for ``frames`` (one CSV resource each)."""
    resources = []
    for name, df in frames.items():
        resources.append({
            "name": name.replace("_", "-"),
            "path": f"{name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": TABLE_DOCS.get(name, ""),
            "schema": {"fields": [_field(c, df[c].dtype) for c in df.columns], "missingValues": [""]},
        })
    return {
        "profile": "tabular-data-package",
        "name": "wxanalysis-weixian-2019",
        "title": "威县人民政府2019年度法治政府建设情况报告 — tidy tables",
        "description": "Figures of the Wei County (Hebei) 2019 rule-of-law government report, each traced to "
                       "its characters in the source text. Regenerate with `python -m wxanalysis build`.",
        "sources": [{"title": "威县人民政府2019年度法治政府建设情况报告", "path": f"data/raw/{BUNDLED_NAME}",
                     "sha256": BUNDLED_SHA256}],
        "resources": resources,
    }


def build_tables(out_dir: Path, *, progress: bool = True) -> list[Path]:
    """Write every table of the bundled report to ``out_dir`` (CSV + Parquet + datapackage.json).

    Runs the self-checks first and raises ``ConsistencyError`` if the report's numbers do not add up.
    Returns the paths written (sorted).
    """
    t0 = time.perf_counter()
    report = load_report()
    tables.verify(report)
    frames = {name: _flat(df) for name, df in tables.all_tables(report).items()}
    written = []
    for i, (name, df) in enumerate(frames.items(), 1):
        for suffix, data in ((".csv", _csv_bytes(df)), (".parquet", _parquet_bytes(df))):
            path = out_dir / f"{name}{suffix}"
            write_atomic(path, data)
            written.append(path)
        if progress:
            print(f"[{i}/{len(frames)}] {name}: {len(df)} rows", file=sys.stderr)
    pkg = json.dumps(datapackage(frames), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
    write_atomic(out_dir / "datapackage.json", pkg.encode("utf-8"))
    written.append(out_dir / "datapackage.json")
    if progress:
        print(f"tables written to {out_dir} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return sorted(written)


# --- the notebooks: charts and pages ------------------------------------------------------------------------


@dataclass(frozen=True)
class NotebookRun:
    """What ``execute_all`` did: the notebooks run, their executed copies (same order), the chart files and
    the HTML pages written (sorted)."""

    notebooks: list[Path]
    executed: list[Any]
    charts: list[Path]
    pages: list[Path]


def _for_readers(nb: Any) -> Any:
    """The executed notebook as a page shows it: the injected ``FIGURES_DIR`` (a temporary folder) left out,
    and the cells numbered from 1 without gaps."""
    import copy

    out = copy.deepcopy(nb)
    for cell in out.cells:
        if runner.INJECTED_TAG in cell.get("metadata", {}).get("tags", []):
            cell.source = "\n".join(line for line in cell.source.splitlines()
                                    if not line.startswith("FIGURES_DIR ="))
    out.cells = [c for c in out.cells if c.source.strip() or c.cell_type != "code"]
    count = 0
    for cell in out.cells:  # In [1], In [2] … without the gap a dropped cell would leave
        if cell.cell_type == "code" and cell.get("execution_count") is not None:
            count += 1
            cell.execution_count = count
            for output in cell.outputs:
                if "execution_count" in output:
                    output.execution_count = count
    return out


def execute_all(
    notebook_dir: str | Path,
    figures_dir: str | Path,
    *,
    html_dir: str | Path | None = None,
    parameters: Mapping[str, Any] | None = None,
    workers: int = runner.WORKERS,
    progress: bool = True,
) -> NotebookRun:
    """Execute every notebook of ``notebook_dir`` in ``workers`` parallel kernels; write their charts to
    ``figures_dir`` and each executed notebook as ``<html_dir>/<name>.html`` (default ``figures_dir/html``).

    Each notebook gets ``parameters`` and ``FIGURES_DIR``, a fresh temporary folder of its own, injected; the
    files it leaves there are its charts, moved into ``figures_dir`` with the atomic writer once every notebook
    has run (nothing is written when one fails; two notebooks writing the same file is an error). The
    notebook files are not modified. Raises ``NotebookExecutionError`` (one line per failing notebook).
    """
    paths = runner.notebook_paths(notebook_dir)
    if not paths:
        raise FileNotFoundError(f"no notebooks in {notebook_dir}")
    figures = Path(figures_dir).resolve()
    html = Path(html_dir).resolve() if html_dir is not None else figures / "html"
    if progress:
        print(f"executing {len(paths)} notebooks in {notebook_dir} with {workers} kernels "
              f"(charts to {figures}, pages to {html})", file=sys.stderr, flush=True)
    with tempfile.TemporaryDirectory(prefix="wxanalysis-charts-") as tmp:
        jobs = []
        for path in paths:
            out = Path(tmp) / path.stem
            out.mkdir()
            jobs.append(runner.Job(path, {**(parameters or {}), "FIGURES_DIR": str(out)}))
        executed = runner.execute(jobs, workers=workers, progress=progress)
        made: dict[str, Path] = {}
        for job in jobs:
            for file in sorted(Path(job.parameters["FIGURES_DIR"]).rglob("*")):
                if not file.is_file():
                    continue
                name = file.relative_to(job.parameters["FIGURES_DIR"]).as_posix()
                if name in made:
                    raise runner.NotebookExecutionError(
                        f"{job.path.name}: chart file {name} is also written by {made[name].parent.name}.ipynb")
                made[name] = file
        charts = []
        for name, file in sorted(made.items()):
            write_atomic(figures / name, file.read_bytes())
            charts.append(figures / name)
    written_pages = []
    for path, nb in zip(paths, executed, strict=True):
        target = html / f"{path.stem}.html"
        write_atomic(target, pages.page(_for_readers(nb), path.stem))
        written_pages.append(target)
    if progress:
        print(f"wrote {len(charts)} chart files to {figures} and {len(written_pages)} pages to {html}",
              file=sys.stderr, flush=True)
    return NotebookRun(paths, executed, sorted(charts), sorted(written_pages))


def run_notebooks(notebook_dir: str | Path, figures_dir: str | Path, *, progress: bool = True,
                  html_dir: str | Path | None = None, workers: int = runner.WORKERS) -> list[Path]:
    """``execute_all`` for the command line: the chart files and pages written, sorted."""
    run = execute_all(notebook_dir, figures_dir, html_dir=html_dir, workers=workers, progress=progress)
    return sorted(run.charts + run.pages)
