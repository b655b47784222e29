"""What every executed notebook must show: no error and nothing on stderr, in any code cell (shared by the
notebook tests)."""

from __future__ import annotations

from collections.abc import Iterator

import nbformat


def clean_outputs(nb: nbformat.NotebookNode, label: str = "") -> Iterator[tuple[int, nbformat.NotebookNode]]:
    """Each output of ``nb``'s code cells as ``(cell index, output)``, after asserting it is not an error and
    not a stderr stream."""
    where = f"{label}: " if label else ""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.outputs:
            assert out.output_type != "error", f"{where}cell {i}: {out.get('ename')}: {out.get('evalue')}"
            assert not (out.output_type == "stream" and out.name == "stderr"), f"{where}cell {i} stderr: {out.text}"
            yield i, out
