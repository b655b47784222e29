"""Wrong variant choices of a simplified → traditional conversion, found with OpenCC's own dictionaries.

A simplified character such as 发 has several traditional forms (發 "issue", 髮 "hair"); a converter picks one
from the words around it. OpenCC's phrase dictionary (``STPhrases.txt``, shipped in the installed ``opencc``
package) lists the words that need a form other than the first of ``STCharacters.txt``. For each character of a
traditional text whose simplified form has several traditional forms, ``conversion_errors`` looks at the
dictionary words that cover it (in the simplified fold of the text) and reports the character when

* ``no_word`` — its form makes no dictionary word while another form does (干部 written for 幹部);
* ``overlap`` — two overlapping dictionary words want different forms, and the word that wants another form is
  at least as long as the one that chose this form and commoner (it is part of more dictionary entries):
  測試製度, where OpenCC matched 试制 → 試製 first, but 制度 (in far more entries than 试制) wants 制;
* ``lone_form`` — a form other than the first, chosen only by one two-character word, used nowhere else in
  the text, while the text writes the same simplified character in the first form at least ``MIN_OTHER``
  times (換髮新證: 换发 → 換髮 "change hair", where the text writes 發 for 发 everywhere else).

Each finding names the form the rule points to (the likely intended character) and the words behind it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: A lone form is suspect when the text writes the first form of its simplified character this often.
MIN_OTHER = 5


@dataclass(frozen=True)
class ConversionError:
    start: int
    end: int
    chosen: str
    likely: str
    rule: str
    note: str


def _dictionary_dir() -> Path:
    import opencc

    return Path(opencc.__file__).parent / "dictionary"


def _read(name: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in (_dictionary_dir() / name).read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if key and values:
            out[key] = values.split()
    return out


@lru_cache(maxsize=1)
def dictionaries() -> tuple[dict[str, list[str]], dict[str, str], int, frozenset[str]]:
    """(simplified character → its traditional forms, for those with several; simplified word → traditional
    word, for words of two characters or more; the longest word's length; the characters that are simplified
    only, never traditional)."""
    every = _read("STCharacters.txt")
    chars = {s: forms for s, forms in every.items() if len(forms) > 1}
    words = {s: forms[0] for s, forms in _read("STPhrases.txt").items() if len(s) >= 2 and len(forms[0]) == len(s)}
    simplified_only = frozenset(s for s, forms in every.items() if s not in forms)
    return chars, words, max(map(len, words)), simplified_only


def _covering(text: str, simp: str, i: int) -> list[tuple[int, int, str]]:
    """Dictionary words of ``simp`` covering position ``i``: (start, end, traditional form at ``i``). Words
    whose characters in ``text`` include a simplified-only one (a part left unconverted) do not count."""
    _, words, longest, simplified_only = dictionaries()
    out = []
    for a in range(max(0, i - longest + 1), i + 1):
        for b in range(i + 1, min(len(simp), a + longest) + 1):
            trad = words.get(simp[a:b])
            if trad is not None and not simplified_only.intersection(text[a:b]):
                out.append((a, b, trad[i - a]))
    return out


@lru_cache(maxsize=4096)
def productivity(word: str) -> int:
    """How many words of OpenCC's phrase dictionary contain ``word`` (simplified)."""
    return sum(word in key for key in dictionaries()[1])


def conversion_errors(text: str, simp: str) -> list[ConversionError]:
    """Likely wrong variant choices in the traditional ``text``; ``simp`` is its simplified fold (same
    length, character for character)."""
    if len(text) != len(simp):
        raise ValueError("text and its simplified fold must have the same length")
    chars = dictionaries()[0]
    uses = Counter((s, t) for s, t in zip(simp, text, strict=True) if s in chars)
    out = []
    for i, (s, t) in enumerate(zip(simp, text, strict=True)):
        forms = chars.get(s)
        if forms is None or t not in forms:
            continue
        cover = _covering(text, simp, i)
        want: dict[str, list[str]] = {}
        for a, b, form in cover:
            want.setdefault(form, []).append(text[a:i] + form + text[i + 1:b])
        chosen_len = max((b - a for a, b, form in cover if form == t), default=0)
        others = {form: ws for form, ws in want.items() if form != t}
        if others and t not in want:
            likely, ws = next(iter(others.items()))
            note = (f"{t} makes no word of OpenCC's dictionary here, while {likely} makes {'、'.join(ws)}: "
                    f"likely {likely}")
            out.append(ConversionError(i, i + 1, t, likely, "no_word", note))
            continue
        longer = [(a, b, form) for a, b, form in cover if form != t and chosen_len and b - a >= chosen_len]
        chosen = max(((productivity(simp[a:b]), a, b) for a, b, form in cover if form == t and b - a == chosen_len),
                      default=None) if longer else None
        rival = [(productivity(simp[a:b]), b - a, form, text[a:i] + form + text[i + 1:b]) for a, b, form in longer
                 if chosen and productivity(simp[a:b]) > chosen[0]]
        if rival and chosen:
            _, _, likely, word = max(rival)
            note = (f"{t} comes from the word {text[chosen[1]:chosen[2]]}, which overlaps the commoner word {word} "
                    f"(in more of OpenCC's dictionary entries) wanting {likely}: likely {likely}")
            out.append(ConversionError(i, i + 1, t, likely, "overlap", note))
            continue
        first = forms[0]
        licences = [(a, b) for a, b, form in cover if form == t]
        if (t != first and chosen_len == 2 and len(licences) == 1 and uses[(s, t)] == 1
                and uses[(s, first)] >= MIN_OTHER):
            a, b = licences[0]
            note = (f"{t} only in {text[a:b]} (OpenCC's word for {simp[a:b]}), while this text writes {s} as "
                    f"{first} {uses[(s, first)]} times: likely {first}")
            out.append(ConversionError(i, i + 1, t, first, "lone_form", note))
    return out
