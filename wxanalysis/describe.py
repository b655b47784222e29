"""What each figure counts, its theme and its direction (placeholder: the lead replaces this file at merge).

``describe_figures`` is called once per document by ``extract.extract_figures`` on plain lists. This
placeholder keeps today's behaviour: no phrase, the heading's theme, no direction.
"""

from __future__ import annotations


def describe_figures(text: str, starts: list[int], ends: list[int], units: list[str], unit_ends: list[int],
                     relations: list[str | None], heading_themes: list[str | None]
                     ) -> tuple[list[str | None], list[int | None], list[int | None], list[str], list[str | None]]:
    """Per figure: (indicator_phrase, phrase_start, phrase_end, theme, direction)."""
    k = len(starts)
    none: list = [None] * k
    return none, none, none, list(heading_themes), none
