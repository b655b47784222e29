"""Reading report files: bytes → text (encoding detection, HTML reduction) and script handling.

``read_report_file(path)`` reads the bytes of a regular file only (symbolic links followed): a FIFO, a device
such as ``/dev/zero``, a folder, a link loop, a broken link, a permission or I/O error each raise
``ReportError`` naming the file (a name that is not UTF-8 is shown with ``\\xNN`` escapes).

``decode_report(raw, source=..., encoding=None)`` turns the bytes of a report file into text:

1. **Refusals first.** Empty or whitespace-only input, and binary files (recognised by magic numbers: PDF,
   PNG, JPEG, GIF, ZIP/.docx/.xlsx, old Office .doc, gzip, RTF, …; otherwise by NUL bytes that UTF-16 does
   not explain or a high share of control bytes) raise ``ReportError`` saying what the file looks like and
   what to do.
2. **Encoding.** ``encoding=`` (a Python text codec; anything else is a ``ReportError``) is used as given
   (strict). Otherwise, in this order: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE; the mark is
   removed); when the bytes contain NULs, BOM-less UTF-32 (every code unit's high byte zero) or UTF-16, in the
   byte order that decodes to plausible Chinese (or to ASCII text); strict UTF-8 (pure ASCII included); for an
   HTML page, its declared ``<meta charset>`` when that decodes strictly to plausible Chinese; then GB18030 (a
   superset of GBK and GB2312) against Big5 (with the cp950 and Big5-HKSCS supersets as fall-backs) and, for
   an even number of bytes, BOM-less UTF-16 LE/BE, each scored on a sample by how plausible the decoded text
   is. Samples start where the non-ASCII text starts, so a page that opens with a long ``<script>`` is judged
   on its prose (plausibility: share of common Chinese characters, in either script, among the non-ASCII
   characters; replacement characters, private-use and rare characters count against it). GB18030 decodes
   almost any byte string, so the score, not the absence of errors, decides. A file whose best reading is
   UTF-8 with damaged bytes, or that no candidate reads plausibly, raises ``ReportError`` naming the
   encodings tried and suggesting ``encoding=`` (``--encoding`` on the command line). A file cut inside its
   last character (a truncated download) is decoded with a U+FFFD replacement character at the end and a
   ``UserWarning``.
3. **Normalisation.** CRLF and CR become LF; a leading U+FEFF is removed. Nothing else in a plain-text file
   is changed, so offsets match what a reader sees in an editor.
4. **HTML pages** (recognised by markup such as ``<html``, ``<body``, ``<p>``, ``<div``) are reduced to their
   text with the standard library's ``html.parser``: ``<script>``, ``<style>``, ``<template>``, ``<noscript>``
   and comments are dropped; block elements (p, div, br, li, tr, h1–h6, section, article, table, …) end a
   line; table cells are separated by a tab; entities are decoded; text stays in document order; whitespace
   is collapsed as a browser would (a source line break between two CJK characters disappears), each line is
   stripped and runs of blank lines become one blank line.
5. **A report, not just text.** Fewer than ``MIN_CJK_CHARS`` Chinese characters raises ``ReportError``
   ("no Chinese text found …").

Script helpers: ``detect_script`` (dominant script, sampled, no OpenCC run), ``convert_script`` (OpenCC,
character for character, verified), ``char_script`` and ``mixed_script_runs`` (characters of the other script
inside a text, for the quality checks), ``find_pinyin_glosses`` (spans such as ``(xí)`` in ``習(xí)近平``;
they are kept in the text, never removed, so other code can report or skip them).

The per-character script sets come from OpenCC's own character dictionaries (``TSCharacters.txt`` and
``STCharacters.txt`` of ``opencc-python-reimplemented``): a character is "traditional" if OpenCC's t2s always
changes it and s2t never does, "simplified" in the mirror case, and "both" otherwise (unchanged either way,
or a form used in both scripts such as 干, 余, 台, 里).
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import sys
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

import numpy as np

from .errors import ReportError
from .paths import file_kind, shown

ScriptName = Literal["traditional", "simplified", "mixed"]
CharScript = Literal["traditional", "simplified", "both"]

#: A text with fewer Chinese (CJK) characters than this is not taken for a report.
MIN_CJK_CHARS = 20
#: Bytes examined when scoring candidate encodings and looking for control bytes.
SAMPLE_BYTES = 1 << 16
#: Share of control bytes (other than tab, LF, CR, FF, VT, ESC) in the sample above which input is binary.
MAX_CONTROL_SHARE = 0.01
#: Minimum plausibility score (see ``plausibility``) for a decoding to be accepted.
MIN_PLAUSIBILITY = 0.2
#: Characters sampled by ``detect_script`` on long texts (in ``SCRIPT_SAMPLE_WINDOWS`` evenly spaced windows).
SCRIPT_SAMPLE_CHARS = 1 << 20
SCRIPT_SAMPLE_WINDOWS = 64
#: ``detect_script`` calls a text "mixed" when the minority script has more than this share of the
#: script-specific characters.
MIXED_SHARE = 0.1

#: Frequent characters of Chinese prose and of government work reports, in simplified script. Their
#: traditional forms are added from OpenCC's dictionary, so the set scores texts in either script.
_COMMON_SIMPLIFIED = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
    "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把"
    "性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反明看原又么利比或但质气"
    "第向道命此变条只没结解问意建月公无系很情者最立代想已通并提直题党程展五果员革位入常文总次品式活设及管特"
    "件长求基资边流路级少图统接知较将组见计别手期根论运农指几九区强放决被干做必先回则任取据处府研信步济构例"
    "况按治证导准务认县乡镇村市省委议书记律规改创推完善持健落审批项办案纠纷调复诉讼群众企服监督执"
)

_CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_CJK_RE = re.compile(f"[{_CJK_CLASS}]")
_HTML_RE = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|p|div|br|span|table|tr|td|li|ul|h[1-6]|section|article)"
    r"[\s/>]",
    re.IGNORECASE,
)
_HTML_STRONG_RE = re.compile(r"<(?:!doctype\s+html|html|body)[\s/>]", re.IGNORECASE)
_NON_ASCII_RE = re.compile(rb"[\x80-\xff]")
_NON_ASCII_TEXT_RE = re.compile(r"[^\x00-\x7f]")
_META_CHARSET_RE = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
#: How to give the encoding, in the API and on the command line (every message that suggests it says both).
ENCODING_HINT = "encoding= (--encoding on the command line)"
#: Tone-marked vowels (and ü, ê, toned n) that mark a pinyin syllable.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹ"
_SYLLABLE = f"[a-z{_TONED}]{{1,6}}[1-5]?"
#: Pinyin glosses inserted after characters by some mirror sites (``習(xí)``): the one pattern of the package.
PINYIN_GLOSS_RE = re.compile(
    rf"[(（](?<=[{_CJK_CLASS}][(（])(?=[a-z{_TONED} ]{{0,27}}[{_TONED}1-5])"
    rf"{_SYLLABLE}(?: {_SYLLABLE}){{0,3}}[)）]"
)

#: Magic numbers of binary formats people mistake for report files, with advice.
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"%PDF-", 0, "this looks like a PDF; convert it to text first (e.g. `pdftotext -enc UTF-8 FILE.pdf`)"),
    (b"\x89PNG\r\n\x1a\n", 0, "this looks like a PNG image, not a text file"),
    (b"\xff\xd8\xff", 0, "this looks like a JPEG image, not a text file"),
    (b"GIF87a", 0, "this looks like a GIF image, not a text file"),
    (b"GIF89a", 0, "this looks like a GIF image, not a text file"),
    (b"PK\x03\x04", 0, "this looks like a ZIP archive (a .docx, .xlsx or .odt document is one); "
     "save the report as plain text (UTF-8) or HTML first"),
    (b"PK\x05\x06", 0, "this looks like an (empty) ZIP archive, not a text file"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "this looks like an old Microsoft Office file (.doc, .xls, "
     ".ppt); save the report as plain text (UTF-8) first"),
    (b"{\\rtf", 0, "this looks like an RTF document; save it as plain text (UTF-8) first"),
    (b"\x1f\x8b", 0, "this looks like a gzip-compressed file; decompress it first"),
    (b"\xfd7zXZ\x00", 0, "this looks like an xz-compressed file; decompress it first"),
    (b"7z\xbc\xaf\x27\x1c", 0, "this looks like a 7-Zip archive; extract it first"),
    (b"Rar!\x1a\x07", 0, "this looks like a RAR archive; extract it first"),
    (b"\x7fELF", 0, "this looks like an executable program, not a text file"),
    (b"SQLite format 3\x00", 0, "this looks like an SQLite database, not a text file"),
    (b"ftyp", 4, "this looks like an MP4/MOV video or audio file, not a text file"),
    (b"OggS", 0, "this looks like an Ogg audio file, not a text file"),
    (b"ID3", 0, "this looks like an MP3 audio file, not a text file"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
#: Control bytes that do not occur in text (tab, LF, VT, FF, CR and ESC are allowed).
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 27), *range(28, 32), 127])
#: Legacy Chinese encodings tried by plausibility, each with strict fall-backs (supersets) in order.
_LEGACY: tuple[tuple[str, ...], ...] = (("gb18030",), ("big5", "cp950", "big5hkscs"))
#: Declared charsets mapped to the codec that reads them safely (GB2312 and GBK pages are GB18030 subsets).
_CHARSET_ALIASES = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "euc-cn": "gb18030",
    "big5": "big5", "big5-hkscs": "big5hkscs", "x-big5": "big5", "utf8": "utf-8",
}


@dataclass(frozen=True)
class Decoded:
    """Text decoded from raw bytes.

    ``text``: the report text (LF line ends; HTML reduced to text). ``encoding``: the codec it was read with
    (Python codec name, e.g. "utf-8", "utf-8-sig", "utf-16-le", "gb18030", "big5"). ``html``: whether the
    input was an HTML page reduced to text.
    """

    text: str
    encoding: str
    html: bool = False


# ---------------------------------------------------------------------------------------------- reading


def read_report_file(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a report file. Only regular files are read (symbolic links followed): a FIFO would
    block forever and a device such as ``/dev/zero`` never ends, so both are refused with the reason.

    Every problem raises ``ReportError`` naming the file (shown safely when its name is not UTF-8): missing
    file, broken symbolic link (with its target), link loop, permission denied, folder, other I/O errors.
    """
    name = shown(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        if os.path.islink(path):
            raise ReportError(
                f"{name} is a broken symbolic link (to {shown(os.readlink(path))}): its target does not exist"
            ) from None
        raise ReportError(f"no such file: {name}") from None
    except PermissionError:
        raise ReportError(f"cannot read {name}: permission denied (check the file's permissions)") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReportError(f"{name} is a symbolic link loop: it never reaches a file") from None
        raise ReportError(f"cannot read {name}: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise ReportError(f"{name} is a folder; give the path of one report file")
        if not stat.S_ISREG(mode):
            raise ReportError(
                f"{name} is {file_kind(mode)}, not a regular file: only regular files are read (a pipe or "
                "device may block or never end); save the report to a file first"
            )
        with os.fdopen(fd, "rb", closefd=True) as handle:
            fd = -1
            return handle.read()
    except OSError as exc:
        raise ReportError(f"cannot read {name}: {exc.strerror or exc}") from None
    finally:
        if fd >= 0:
            os.close(fd)


# --------------------------------------------------------------------------------------------- decoding


def decode_report(raw: bytes, *, source: str = "<bytes>", encoding: str | None = None) -> Decoded:
    """Decode a report file's bytes to text (see the module docstring for the strategy).

    ``source`` names the input in error messages. ``encoding`` (any Python text codec name) skips detection
    and decodes strictly. Raises ``ReportError`` for empty, binary, undecodable or non-Chinese input, and for
    an unknown ``encoding``. Linear time; memory about the size of the bytes plus the text.
    """
    if not isinstance(raw, (bytes, bytearray, memoryview)):
        raise ReportError(f"{source}: expected the file's bytes, not {type(raw).__name__}")
    raw = bytes(raw)
    if not raw.strip():
        raise ReportError(f"{source} is empty (or only whitespace): give a report file with text in it")
    _refuse_binary_magic(raw, source)
    if encoding is not None:
        enc = codec_name(encoding, source)
        text = _decode_strict(raw, enc, source, given=True)
    else:
        text, enc = _detect_and_decode(raw, source)
    text = normalise_newlines(text)
    if text.startswith("\ufeff"):
        text = text[1:]
    is_html = looks_like_html(text)
    if is_html:
        text = html_to_text(text)
    if not text.strip():
        what = "an HTML page with no text" if is_html else "only whitespace"
        raise ReportError(f"{source} is {what}: give a report file with text in it")
    if not has_cjk(text, MIN_CJK_CHARS):
        found = len(_CJK_RE.findall(text[: 1 << 20]))
        raise ReportError(
            f"no Chinese text found in {source} (decoded as {enc}: {found} Chinese characters; "
            f"a report needs at least {MIN_CJK_CHARS}); give a 法治政府建设报告 as text or HTML, "
            f"or pass {ENCODING_HINT} if the file was decoded wrongly"
        )
    score = plausibility(_prose_sample(text))
    if score < MIN_PLAUSIBILITY:
        raise ReportError(
            f"{source} decoded as {enc} does not read as Chinese prose (plausibility {score:.2f}, a report "
            f"scores above {MIN_PLAUSIBILITY}): it is not report text, or the encoding is wrong; "
            f"pass {ENCODING_HINT} if you know it"
        )
    return Decoded(text, enc, is_html)


def codec_name(encoding: object, source: str) -> str:
    """The Python name of a text codec; ``ReportError`` for anything else (unknown name, not a string, a
    bytes-to-bytes codec such as base64, a str-to-str one such as rot13)."""
    advice = (
        "use a Python codec name such as 'utf-8', 'gb18030', 'big5' or 'utf-16', or omit encoding= "
        "(--encoding on the command line) to detect it"
    )
    if not isinstance(encoding, str):
        raise ReportError(f"encoding for {source} must be a codec name (str), not {type(encoding).__name__}: "
                          f"{advice}")
    try:
        info = codecs.lookup(encoding)
    except LookupError:
        raise ReportError(f"unknown encoding {encoding!r} for {source}: {advice}") from None
    if not getattr(info, "_is_text_encoding", True):
        raise ReportError(f"{encoding!r} is not a text encoding ({source}): {advice}")
    return info.name


def _refuse_binary_magic(raw: bytes, source: str) -> None:
    for magic, offset, advice in _MAGIC:
        if raw[offset: offset + len(magic)] == magic:
            raise ReportError(f"{source} is not a text file: {advice}")


def _bad_bytes(raw: bytes, exc: UnicodeDecodeError) -> str:
    chunk = raw[exc.start: min(exc.end, exc.start + 8)]
    return f"byte offset {exc.start} ({chunk.hex(' ')})"


def _decode_strict(raw: bytes, enc: str, source: str, *, given: bool = False) -> str:
    """Decode all of ``raw`` strictly; an incomplete last character becomes U+FFFD with a warning."""
    try:
        return _decode_allow_truncation(raw, enc, source)
    except UnicodeDecodeError as exc:
        hint = (
            "check the encoding, or omit encoding= (--encoding on the command line) to detect it"
            if given
            else f"the file may be damaged; repair it, or pass {ENCODING_HINT} if it is in another encoding"
        )
        raise ReportError(
            f"{source} cannot be decoded as {enc}: invalid bytes at {_bad_bytes(raw, exc)}; {hint}"
        ) from None


def _decode_allow_truncation(raw: bytes, enc: str, source: str) -> str:
    decoder = codecs.getincrementaldecoder(enc)("strict")
    text = decoder.decode(raw, final=False)
    pending = decoder.getstate()[0]
    if pending:
        warnings.warn(
            f"{source} ends inside a character ({len(pending)} byte(s) of an incomplete {enc} character, "
            "probably a truncated file); it is shown as U+FFFD at the end of the text",
            UserWarning,
            stacklevel=4,
        )
        text += "\ufffd"
    return text


def _utf32_order(raw: bytes) -> str | None:
    """The byte order of BOM-less UTF-32 text: every code unit has a zero high byte and a plane byte
    ≤ 0x10 (UTF-16, whose NULs fall elsewhere, does not), and the sample reads as text (``_readable``)."""
    if len(raw) % 4:
        return None
    sample = raw[:SAMPLE_BYTES]
    shapes = (("utf-32-le", 3, 2), ("utf-32-be", 0, 1))
    fits = [enc for enc, zero, plane in shapes if not sample[zero::4].strip(b"\0") and max(sample[plane::4]) <= 16]
    return _readable(sample, fits)


def _utf16_order(sample: bytes) -> str | None:
    """The UTF-16 byte order a BOM-less sample reads in (``_readable``)."""
    return _readable(sample, ["utf-16-le", "utf-16-be"])


def _readable(sample: bytes, encodings: list[str]) -> str | None:
    """The one of ``encodings`` that reads ``sample`` as plausible Chinese with (almost) no NUL characters,
    or else as mostly printable ASCII (English in UTF-16 deserves "no Chinese text", not "binary")."""
    if not encodings:
        return None
    readings = {enc: _sample_decode(sample, enc) for enc in encodings}
    scores = {enc: plausibility(text) for enc, text in readings.items()}
    best = max(scores, key=lambda k: scores[k])
    if scores[best] >= MIN_PLAUSIBILITY and readings[best].count("\0") <= 0.01 * len(readings[best]):
        return best
    for enc, text in readings.items():
        printable = sum(ch < "\x80" and (ch.isprintable() or ch.isspace()) for ch in text)
        if text and printable >= 0.9 * len(text):
            return enc
    return None


def _text_start(raw: bytes) -> int:
    """Where the non-ASCII text begins (an even offset): a page can open with a long ``<script>`` or style
    block, so encodings are judged on a sample from here rather than from the first byte."""
    match = _NON_ASCII_RE.search(raw)
    return match.start() & ~1 if match else 0


def _prose_sample(text: str) -> str:
    """``SAMPLE_BYTES`` characters of ``text`` from its first non-ASCII character on (see ``_text_start``)."""
    match = _NON_ASCII_TEXT_RE.search(text)
    start = match.start() if match else 0
    return text[start: start + SAMPLE_BYTES]


def _detect_and_decode(raw: bytes, source: str) -> tuple[str, str]:
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            return _decode_strict(raw[len(bom):], enc, source), enc
    head = raw[:SAMPLE_BYTES]
    nuls = raw.count(0)
    if nuls:
        enc32 = _utf32_order(raw)
        if enc32 is not None:
            return _decode_strict(raw, enc32, source), enc32
        enc16 = _utf16_order(head)
        if enc16 is not None:
            return _decode_strict(raw, enc16, source), enc16
        raise ReportError(
            f"{source} looks like binary data, not text: it contains {nuls} NUL byte(s) (first at byte "
            f"offset {raw.index(0)}) and does not read as UTF-16 or UTF-32; give a plain-text (UTF-8) or "
            "HTML report file"
        )
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > MAX_CONTROL_SHARE * len(head):
        enc16 = _utf16_order(head) if len(raw) % 2 == 0 else None  # CJK in UTF-16 has bytes below 0x20
        if enc16 is not None:
            return _decode_strict(raw, enc16, source), enc16
        raise ReportError(
            f"{source} looks like binary data, not text: {controls} of its first {len(head)} bytes are "
            "control bytes; give a plain-text (UTF-8) or HTML report file"
        )
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if utf8_error.end == len(raw) and utf8_error.reason == "unexpected end of data":
        return _decode_allow_truncation(raw, "utf-8", source), "utf-8"
    start = _text_start(raw)
    sample = raw[start: start + SAMPLE_BYTES]
    declared = _declared_charset(raw, start)
    if declared is not None:
        try:
            text = _decode_allow_truncation(raw, declared, source)
        except UnicodeDecodeError:
            pass
        else:
            if plausibility(_prose_sample(text)[: SAMPLE_BYTES // 2]) >= MIN_PLAUSIBILITY:
                return text, declared
    # Legacy encodings, plus UTF-16 without BOM or ASCII (no NUL bytes), each with strict fall-backs.
    groups = list(_LEGACY) + ([("utf-16-le",), ("utf-16-be",)] if len(raw) % 2 == 0 else [])
    scores = {group[0]: plausibility(_sample_decode(sample, group[0])) for group in groups}
    utf8_score = plausibility(_sample_decode(sample, "utf-8"))
    if utf8_score >= MIN_PLAUSIBILITY and utf8_score >= max(scores.values()):
        raise ReportError(
            f"{source} looks like UTF-8 but has invalid bytes at {_bad_bytes(raw, utf8_error)}: the file may "
            f"be damaged or mix encodings; repair it, or pass {ENCODING_HINT} if it is in another encoding"
        )
    for group in sorted(groups, key=lambda g: -scores[g[0]]):
        if scores[group[0]] < MIN_PLAUSIBILITY:
            break
        for enc in group:
            try:
                return _decode_allow_truncation(raw, enc, source), enc
            except UnicodeDecodeError:
                continue
    tried = ", ".join(["utf-8"] + ["/".join(group) for group in groups])
    summary = ", ".join(f"{k} {v:.2f}" for k, v in scores.items())
    raise ReportError(
        f"{source} cannot be decoded: tried {tried} and none reads as Chinese text (plausibility "
        f"{summary}; needs {MIN_PLAUSIBILITY}); if you know its encoding pass it: "
        "load_report(path, encoding='gb18030') in Python, --encoding gb18030 on the command line"
    )


def _declared_charset(raw: bytes, text_start: int = 0) -> str | None:
    """The ``<meta charset>`` of an HTML page, looked for before its text begins (at least 4 KB, at most
    1 MB), mapped to a codec that reads it (``_CHARSET_ALIASES``); ``None`` if absent or unknown."""
    head = raw[: min(max(4096, text_start), 1 << 20)]
    if not _HTML_RE.search(head.decode("ascii", "replace")):
        return None
    match = _META_CHARSET_RE.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii").lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    return info.name if getattr(info, "_is_text_encoding", True) else None


def _sample_decode(sample: bytes, enc: str) -> str:
    """Decode a sample leniently; a character cut at the sample's end is left out."""
    return codecs.getincrementaldecoder(enc)("replace").decode(sample, final=False)


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    tables = _script_tables()
    out = set(_COMMON_SIMPLIFIED)
    for ch in _COMMON_SIMPLIFIED:
        out.update(tables.s2t_candidates.get(ch, ()))
    return frozenset(out)


@lru_cache(maxsize=1)
def _common_re() -> re.Pattern[str]:
    return re.compile("[" + "".join(sorted(_common_chars())) + "]")


_NOT_SCORED_RE = re.compile(r"[\x00-\x7f\s]+")


def _is_bad(ch: str) -> bool:
    return ch == "\ufffd" or "\ue000" <= ch <= "\uf8ff" or not ch.isprintable()


def plausibility(text: str) -> float:
    """How much ``text`` reads like Chinese prose: 0 (garbage) … about 0.5–0.7 (a report).

    The share of common Chinese characters (either script) among the non-ASCII, non-space characters, with
    replacement characters (U+FFFD) and private-use or unassigned-looking characters counted against it
    (each costs as much as five common characters). Text with no non-ASCII characters scores 0.
    Counted with regular expressions and once per distinct uncommon character (no loop per character).
    """
    scored = _NOT_SCORED_RE.sub("", text)
    if not scored:
        return 0.0
    others = _common_re().sub("", scored)
    hits = len(scored) - len(others)
    distinct = "".join(set(others))
    clean = distinct.isprintable() and "\ufffd" not in distinct  # private-use characters are not printable
    bad = 0 if clean else sum(others.count(ch) for ch in distinct if _is_bad(ch))
    return (hits - 5 * bad) / len(scored)


# ------------------------------------------------------------------------------------------ normalising


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF (one character each way, so no text moves but the line ends)."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def has_cjk(text: str, at_least: int = 1) -> bool:
    """Whether ``text`` contains at least ``at_least`` CJK characters (stops early on long text)."""
    if at_least <= 0:
        return True
    for n, _ in enumerate(_CJK_RE.finditer(text), start=1):
        if n >= at_least:
            return True
    return False


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML page: a doctype/``<html``/``<body`` tag, or three or more common tags
    (p, div, br, span, table, li, h1–h6, …) in its first 64 K characters."""
    head = text[:SAMPLE_BYTES]
    if _HTML_STRONG_RE.search(head):
        return True
    return sum(1 for _ in zip(range(3), _HTML_RE.finditer(head), strict=False)) >= 3


#: Elements that stand as paragraphs (a blank line before and after) and elements that end a line.
_PARAGRAPH_TAGS = frozenset(
    "article aside blockquote dl figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr main nav ol p pre "
    "section table title ul".split()
)
_LINE_TAGS = frozenset(
    "address caption center dd details dialog dir div dt fieldset figcaption legend li menu summary tbody "
    "tfoot thead tr".split()
)
_CELL_TAGS = frozenset({"td", "th"})
_SKIP_TAGS = frozenset({"script", "style", "template", "noscript", "svg", "object", "iframe"})
_WS_RE = re.compile(r"[ \t\n\r\f]+")
_CJK_OR_FULLWIDTH = f"[{_CJK_CLASS}\u3000-\u303f\uff00-\uffef]"
_CJK_BREAK_RE = re.compile(rf"(?<={_CJK_OR_FULLWIDTH})[ \t\r\f]*\n[ \t\n\r\f]*(?={_CJK_OR_FULLWIDTH})")


class _TextExtractor(HTMLParser):
    """Collects the visible text of an HTML page (see ``html_to_text``).

    Breaks are kept pending until the next visible text, so nested or adjacent blocks give one break:
    a line break (1) after line elements and ``<br>``, a blank line (2) around paragraph elements or after
    two ``<br>`` in a row.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._pre = 0
        self._pending = 0
        self._cell = False
        self._space = False

    def _block(self, tag: str) -> None:
        if tag in _PARAGRAPH_TAGS:
            self._pending = 2
        elif tag in _LINE_TAGS:
            self._pending = max(self._pending, 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag == "br":
            self._pending = min(2, self._pending + 1)
        elif tag in _CELL_TAGS:
            self._cell = True
        else:
            self._block(tag)
            self._pre += tag == "pre"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self._pending = min(2, self._pending + 1)
        elif tag not in _SKIP_TAGS and tag not in _CELL_TAGS:
            self._block(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag not in _CELL_TAGS:
            self._block(tag)
            if tag == "pre":
                self._pre = max(0, self._pre - 1)

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if not self._pre:
            data = _WS_RE.sub(" ", _CJK_BREAK_RE.sub("", data))
            if data == " ":
                self._space = True
                return
        if self.parts and (self._pending or self._cell):
            self.parts.append("\n" * self._pending if self._pending else "\t")
            data = data.lstrip(" ")
        elif self._space:
            self.parts.append(" ")
        self._pending = 0
        self._cell = self._space = False
        self.parts.append(data)


def html_to_text(page: str, chunk_chars: int = 1 << 20) -> str:
    """The visible text of an HTML page, in document order.

    Scripts, styles, templates and comments are dropped; character references are decoded (``&nbsp;`` stays
    U+00A0 inside a line); whitespace collapses as in a browser (a source line break between two CJK
    characters disappears); line elements (div, li, tr, dd, …) and ``<br>`` end a line, paragraph elements
    (p, h1–h6, table, section, article, title, …) and ``<br><br>`` leave one blank line; table cells are
    separated by a tab. Each line is stripped. The page is fed to the parser ``chunk_chars`` at a time.
    """
    parser = _TextExtractor()
    for i in range(0, len(page), chunk_chars):
        parser.feed(page[i: i + chunk_chars])
    parser.close()
    joined = "".join(parser.parts)
    lines = (re.sub(" {2,}", " ", line).strip() for line in joined.split("\n"))
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


# ---------------------------------------------------------------------------------------------- scripts


@dataclass(frozen=True)
class _ScriptTables:
    traditional: frozenset[str]
    simplified: frozenset[str]
    s2t_candidates: dict[str, tuple[str, ...]]


def _read_opencc_dict(name: str) -> dict[str, tuple[str, ...]]:
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / name
    out: dict[str, tuple[str, ...]] = {}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            key, _, values = line.rstrip("\n").partition("\t")
            out[key] = tuple(values.split(" "))
    return out


@lru_cache(maxsize=1)
def _script_tables() -> _ScriptTables:
    t2s = _read_opencc_dict("TSCharacters.txt")
    s2t = _read_opencc_dict("STCharacters.txt")
    changed_by_t2s = {k for k, v in t2s.items() if k not in v}
    changed_by_s2t = {k for k, v in s2t.items() if k not in v}
    return _ScriptTables(
        traditional=frozenset(changed_by_t2s - changed_by_s2t),
        simplified=frozenset(changed_by_s2t - changed_by_t2s),
        s2t_candidates=s2t,
    )


def char_script(ch: str) -> CharScript:
    """The script a single character belongs to, by OpenCC's character dictionaries.

    "traditional": OpenCC t2s always changes it (e.g. 縣, 發); "simplified": s2t always changes it
    (e.g. 县, 发); "both": anything else (unchanged by both, e.g. 人, 法, 其; or a form used in both scripts,
    e.g. 干, 余, 台). Non-Chinese characters are "both".
    """
    tables = _script_tables()
    if ch in tables.traditional:
        return "traditional"
    if ch in tables.simplified:
        return "simplified"
    return "both"


def script_counts(text: str) -> tuple[int, int]:
    """(traditional-only, simplified-only) character counts of ``text`` (all of it, no sampling)."""
    tables = _script_tables()
    trad = simp = 0
    for ch in text:
        if ch in tables.traditional:
            trad += 1
        elif ch in tables.simplified:
            simp += 1
    return trad, simp


def _script_sample(text: str) -> Iterator[str]:
    if len(text) <= SCRIPT_SAMPLE_CHARS:
        yield text
        return
    window = SCRIPT_SAMPLE_CHARS // SCRIPT_SAMPLE_WINDOWS
    step = (len(text) - window) / (SCRIPT_SAMPLE_WINDOWS - 1)
    for i in range(SCRIPT_SAMPLE_WINDOWS):
        start = round(i * step)
        yield text[start: start + window]


def detect_script(text: str) -> ScriptName:
    """The dominant script of ``text``: "traditional", "simplified" or "mixed".

    Counts characters that only one script uses (``char_script``); the text is "mixed" when the minority
    script has more than ``MIXED_SHARE`` of them, so a traditional report with a few header fields left in
    simplified script is still "traditional". A text with no script-specific character is "simplified" (it
    is valid simplified text as it stands). Texts longer than ``SCRIPT_SAMPLE_CHARS`` characters are judged
    on ``SCRIPT_SAMPLE_WINDOWS`` evenly spaced windows of that many characters in total (constant time).
    """
    trad = simp = 0
    for part in _script_sample(text):
        t, s = script_counts(part)
        trad += t
        simp += s
    total = trad + simp
    if total == 0:
        return "simplified"
    if min(trad, simp) > MIXED_SHARE * total:
        return "mixed"
    return "traditional" if trad > simp else "simplified"


def mixed_script_runs(
    text: str, dominant: ScriptName | None = None, *, gap: int = 2
) -> list[tuple[int, int, str]]:
    """Runs of characters of the non-dominant script: ``[(start, end, script), …]``, offsets into ``text``.

    ``dominant`` defaults to ``detect_script(text)``; for a "mixed" text the script with more
    script-specific characters counts as dominant. A run starts and ends with a character of the other
    script (``char_script``) and may contain up to ``gap`` consecutive shared ("both") CJK characters
    between two of them, so 发布机构 in a traditional text is one run (发 布 机构), not two. ``script`` is the
    run's script ("simplified" inside a traditional text, and vice versa). Sorted by ``start``.
    """
    if dominant is None or dominant == "mixed":
        if dominant is None:
            dominant = detect_script(text)
        if dominant == "mixed":
            trad, simp = script_counts(text)
            dominant = "traditional" if trad >= simp else "simplified"
    other = "simplified" if dominant == "traditional" else "traditional"
    pattern = _run_pattern(other, gap)
    return [(m.start(), m.end(), other) for m in pattern.finditer(text)]


@lru_cache(maxsize=8)
def _run_pattern(script: str, gap: int) -> re.Pattern[str]:
    tables = _script_tables()
    minority = tables.simplified if script == "simplified" else tables.traditional
    majority = tables.traditional if script == "simplified" else tables.simplified
    own = "[" + "".join(re.escape(c) for c in sorted(minority)) + "]"
    other = "[" + "".join(re.escape(c) for c in sorted(majority)) + "]"
    shared = f"(?:(?!{other})[{_CJK_CLASS}])"
    return re.compile(f"{own}(?:{shared}{{0,{gap}}}{own})*")


@lru_cache(maxsize=2)
def _converter(config: str):  # noqa: ANN202 - opencc has no type information
    import opencc

    return opencc.OpenCC(config)


_CONVERT_CHUNK = 1 << 16


def convert_script(text: str, script: str) -> str:
    """Convert ``text`` to "simplified" (OpenCC t2s) or "traditional" (OpenCC s2t), character for character.

    OpenCC's phrase dictionaries pick the right character in context (e.g. 乾 vs 幹 for 干) but never change
    the length of a phrase; this is verified chunk by chunk (chunks of about 64 K characters cut at line
    ends, which no phrase spans) and a ``ReportError`` names the first line that changed length. Offsets
    therefore stay valid across scripts. Throughput is OpenCC's (about 0.2 M characters per second).
    """
    configs = {"simplified": "t2s", "traditional": "s2t"}
    if script not in configs:
        raise ReportError(f"script must be 'traditional' or 'simplified', not {script!r}")
    converter = _converter(configs[script])
    out: list[str] = []
    pos = 0
    while pos < len(text):
        cut = text.find("\n", pos + _CONVERT_CHUNK)
        end = len(text) if cut < 0 else cut + 1
        chunk = text[pos:end]
        converted = converter.convert(chunk)
        if len(converted) != len(chunk):
            _raise_length_change(converter, chunk, pos, text)
        out.append(converted)
        pos = end
    return "".join(out)


def _raise_length_change(converter: object, chunk: str, offset: int, text: str) -> None:
    line_start = offset
    for line in chunk.splitlines(keepends=True):
        converted = converter.convert(line)  # type: ignore[attr-defined]
        if len(converted) != len(line):
            line_no = text.count("\n", 0, line_start) + 1
            raise ReportError(
                f"OpenCC changed the length of line {line_no} ({line[:40]!r} → {converted[:40]!r}); "
                "character offsets would not match between scripts"
            )
        line_start += len(line)
    raise ReportError("OpenCC changed the text length; character offsets would not match between scripts")


def find_pinyin_glosses(text: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of pinyin glosses such as ``(xí)`` in ``習(xí)近平`` (parentheses included).

    A gloss follows a CJK character, is in ASCII or full-width parentheses and holds one to four lower-case
    pinyin syllables with at least one tone mark or tone digit (so ``(a)`` or ``(pdf)`` are not glosses).
    The glosses stay in the text; this only locates them.
    """
    return [(m.start(), m.end()) for m in PINYIN_GLOSS_RE.finditer(text)]


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    """Code point → simplified character, for every traditional character ``fold_to_simplified`` changes
    (OpenCC's one-to-one TSCharacters entries)."""
    t2s = _read_opencc_dict("TSCharacters.txt")
    return {ord(k): v[0] for k, v in t2s.items() if len(k) == 1 and v and len(v[0]) == 1 and v[0] != k}


@lru_cache(maxsize=1)
def _fold_codes() -> np.ndarray:
    """``fold_table`` as an array: code point → code point, for every code point."""
    codes = np.arange(sys.maxunicode + 1, dtype=np.uint32)
    table = fold_table()
    codes[list(table)] = [ord(v) for v in table.values()]
    return codes


def code_points(text: str) -> np.ndarray:
    """The code point of each character of ``text`` (uint32, one per character: offsets are the str's)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def fold_to_simplified(text: str, codes: np.ndarray | None = None) -> str:
    """Map every traditional character to its usual simplified form, one character at a time.

    Much faster than ``convert_script`` (a table lookup on the code points, no phrase rules), same length, so
    offsets are kept. Good for matching keywords in either script; use ``convert_script`` for text people read.
    ``codes``: ``code_points(text)`` when the caller has it already.
    """
    if text.isascii():
        return text
    folded = np.take(_fold_codes(), code_points(text) if codes is None else codes)
    return codecs.utf_32_le_decode(folded, "surrogatepass")[0]
