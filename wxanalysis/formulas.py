"""Numbered policy formulas (提法) such as 四办, 两不见面, 六位一体, 三重一大, “七五”普法.

A formula is a short phrase that starts with a Chinese numeral and names a set of things: found inside
quotation marks (“四辦”) or, unquoted, in a fixed shape (三线并联, 六位一体, 三证合一). Its ``count`` is read
from its numerals: the leading numeral (四办 → 4), the sum for composite formulas (三重一大 → 3 + 1 = 4,
一流程、两机制 → 1 + 2 = 3; the 一 of …位一体 is part of the idiom and not counted), and for a five-year-plan
ordinal (“七五” = the seventh five-year 普法 plan) the ordinal (7, ``kind`` "plan_ordinal"). ``members`` are
the items the report enumerates next to the formula — in the clause just before it (企业承诺、用地审批、规划设计
三线并联) or just after it (“两不见面”改革,即…不与群众见面、不与多职能部门见面) — taken only when their number
equals ``count``; otherwise ``members`` is empty. Matching runs on the simplified text; members and
formulas are sliced from the report's own text, so they are in its script. Spans are ``str`` offsets.
"""

from __future__ import annotations

import re

import pandas as pd

from .numerals import chinese_int

_NUM = "一二三四五六七八九十两兩"
_QUOTED = re.compile(rf"[“\"「]([{_NUM}][^”\"」\n]{{0,9}})[”\"」]")
_UNQUOTED = re.compile(rf"[{_NUM}](?:线并联|位一体|证合一|证联办|重一大|不见面|级联动|张清单)")
_ORDINAL = re.compile(rf"[{_NUM}]是")
_LEAD = re.compile(r"^.*(?:实行|实施|实现|包括|形成|创建了|创建|建立了|建立|推行|即|由|对|通过)")
_CLAUSE = re.compile(r"[,，。；;：:！？\n]")

COLUMNS = ["formula", "count", "members", "start", "end", "kind", "occurrences"]


#: Lexicalised words that start with a numeral but name no set (一把手 = the top leader).
NOT_FORMULAS = frozenset({"一把手", "一站式", "一体化", "一次性", "一揽子", "一盘棋"})


def _count(formula: str) -> tuple[int | None, str]:
    """(count, kind) read from the formula's numerals."""
    m = re.fullmatch(rf"([{_NUM}]+)五", formula)
    if m and len(m.group(1)) <= 2:
        return chinese_int(m.group(1)), "plan_ordinal"
    body = re.sub(r"(?<=位)一体|(?<=[证照])合一", "", formula)
    parts = re.findall(rf"([{_NUM}])([^{_NUM}]*)", body)
    if not parts:
        return None, "count"
    if len(parts) == 1:
        return chinese_int(parts[0][0]), "count"
    return sum(chinese_int(n) for n, _ in parts), "composite"


def _split_items(s: str, count: int) -> list[tuple[int, int]]:
    """Item spans (relative to ``s``) of an enumeration joined by 、, with a final 和/及/与 when that is
    what makes up ``count`` items."""
    spans, pos = [], 0
    for piece in s.split("、"):
        spans.append((pos, pos + len(piece)))
        pos += len(piece) + 1
    if len(spans) >= count:
        return spans
    a, b = spans[-1]
    last = s[a:b]
    k = max(last.rfind(c) for c in "和及与")
    if 0 < k < len(last) - 1:
        spans[-1:] = [(a, a + k), (a + k + 1, b)]
    return spans


def _trim_first(s: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut the lead-in off the first item: to the prefix the other items share, or past a lead verb."""
    rest = [s[a:b] for a, b in spans[1:]]
    a, b = spans[0]
    prefix = rest[0] if rest else ""
    for r in rest[1:]:
        while prefix and not r.startswith(prefix):
            prefix = prefix[:-1]
    while len(prefix) >= 2:
        k = s.rfind(prefix, a, b)
        if k > a:
            return [(k, b)] + spans[1:]
        if k == a:
            break
        prefix = prefix[:-1]
    m = _LEAD.match(s[a:b])
    if m and m.end() < b - a:
        return [(a + m.end(), b)] + spans[1:]
    return spans


def _enumeration(simp: str, lo: int, hi: int, count: int) -> list[tuple[int, int]] | None:
    """Absolute item spans of an enumeration of ``count`` items in simp[lo:hi], or None."""
    seg = simp[lo:hi].strip("“”\"「」 ")
    off = lo + simp[lo:hi].find(seg) if seg else lo
    if "、" not in seg and not re.search(r"[和及与]", seg):
        return None
    spans = _split_items(seg, count)
    if len(spans) != count or any(b - a < 2 for a, b in spans):
        return None
    spans = _trim_first(seg, spans)
    quotes = "“”\"「」"
    spans = [(a + len(seg[a:b]) - len(seg[a:b].lstrip(quotes)), b - len(seg[a:b]) + len(seg[a:b].rstrip(quotes)))
             for a, b in spans]
    items = [seg[a:b] for a, b in spans]
    if any(len(x) < 2 or len(x) > 12 for x in items):
        return None
    return [(off + a, off + b) for a, b in spans]


def _members(simp: str, start: int, end: int, count: int | None) -> list[tuple[int, int]]:
    if not count or count < 2:
        return []
    # before: skip a closing quote and 等, then back to the clause start
    j = start
    if j > 0 and simp[j - 1] in "“\"「":
        j -= 1
    if j > 0 and simp[j - 1] == "等":
        j -= 1
    if j > 0 and simp[j - 1] != "、":
        k = j
        while k > 0 and not _CLAUSE.match(simp[k - 1]):
            k -= 1
        found = _enumeration(simp, k, j, count)
        if found:
            return found
    # after: the next clause, when it explains the formula (即 …)
    k = end
    if k < len(simp) and simp[k] in "”\"」":
        k += 1
    m = re.compile(r"[^,，。；;\n]{0,6}[,，]\s*即").match(simp, k)
    if m:
        stop = _CLAUSE.search(simp, m.end())
        found = _enumeration(simp, m.end(), stop.start() if stop else len(simp), count)
        if found:
            return found
    return []


def find_formulas(text: str) -> pd.DataFrame:
    """One row per distinct formula, in order of first occurrence.

    Columns: ``formula`` (string, in the text's script, without quotation marks), ``count`` (Int64, <NA>
    where it names none), ``members`` (list of str, empty unless the report enumerates exactly ``count``
    items), ``start``/``end`` (int64 span of the first occurrence, quotation marks excluded), ``kind``
    ("count", "composite" or "plan_ordinal"), ``occurrences`` (int64).
    """
    from .text import convert_script

    simp = convert_script(text, "simplified")
    hits: list[tuple[int, int]] = []
    for m in _QUOTED.finditer(simp):
        f = m.group(1)
        if _ORDINAL.match(f) or re.search(r"[0-9]", f) or f in NOT_FORMULAS:
            continue
        hits.append((m.start(1), m.end(1)))
    for m in _UNQUOTED.finditer(simp):
        if not any(a <= m.start() < b for a, b in hits):
            hits.append((m.start(), m.end()))
    hits.sort()
    rows: dict[str, dict] = {}
    for a, b in hits:
        key = simp[a:b]
        count, kind = _count(key)
        if key not in rows:
            rows[key] = {"formula": text[a:b], "count": count, "members": [], "start": a, "end": b,
                         "kind": kind, "occurrences": 0}
        row = rows[key]
        row["occurrences"] += 1
        if not row["members"]:
            row["members"] = [text[x:y] for x, y in _members(simp, a, b, count)]
    df = pd.DataFrame(list(rows.values()), columns=COLUMNS)
    return df.astype({"formula": "string", "count": "Int64", "start": "int64", "end": "int64",
                      "kind": "string", "occurrences": "int64"})
