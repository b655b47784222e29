"""Real-world input: encodings, HTML pages, binary and non-report files, scripts, pinyin glosses.

Every fixture is built here from the bundled report's text (``data/raw/weixian_2019_report.txt``), so the
expected text is known exactly.
"""

from __future__ import annotations

import random
import re
import warnings
from pathlib import Path

import pytest

import wxanalysis as wx
from wxanalysis import text as T
from wxanalysis.errors import ReportError

ROOT = Path(__file__).resolve().parents[1]
SEED_PATH = ROOT / "data" / "raw" / "weixian_2019_report.txt"
DEVSET_TEXTS = ROOT / "tests" / "data" / "devset" / "texts"

#: The opening of devset excerpt 08 (Guangzhou 2022, a traditional-script mirror that inserts pinyin).
PINYIN_SNIPPET = (
    "2022年,廣州市堅持以習(xí)近平新時代中國特色社會主義思想為指導(dǎo),全面貫徹習(xí)近平法治思想,"
    "深入學(xué)習(xí)貫徹黨的二十大精神,按照黨中央、國務(wù)院決策部署及省委、省政府工作要求,扎實推進(jìn)法治政府建設(shè)取得新突破。"
)


@pytest.fixture(scope="module")
def seed() -> str:
    return SEED_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def simplified(seed: str) -> str:
    return T.convert_script(seed, "simplified")


def decode(raw: bytes, **kwargs: object) -> T.Decoded:
    return T.decode_report(raw, source="fixture.txt", **kwargs)  # type: ignore[arg-type]


def error_of(raw: bytes, **kwargs: object) -> str:
    with pytest.raises(ReportError) as info:
        decode(raw, **kwargs)
    message = str(info.value)
    assert "fixture.txt" in message, "the message names the source"
    return message


# ------------------------------------------------------------------------------------------- encodings


def test_utf8_plain_is_unchanged(seed: str) -> None:
    decoded = decode(SEED_PATH.read_bytes())
    assert decoded.text == seed
    assert decoded.encoding == "utf-8"
    assert not decoded.html


def test_utf8_bom_is_stripped(seed: str) -> None:
    decoded = decode(b"\xef\xbb\xbf" + seed.encode("utf-8"))
    assert decoded.text == seed
    assert decoded.encoding == "utf-8-sig"


@pytest.mark.parametrize("codec", ["gb18030", "gbk", "gb2312"])
def test_gb_family_simplified(simplified: str, codec: str) -> None:
    raw = simplified.encode(codec, errors="replace")
    decoded = decode(raw)
    assert decoded.encoding == "gb18030"
    assert decoded.text == raw.decode("gb18030")
    if codec == "gb18030":  # GBK and GB2312 lack U+00A0 (the header's no-break spaces)
        assert decoded.text == simplified
    else:
        assert decoded.text.count("?") == simplified.count("\u00a0") + simplified.count("?")


def test_gb18030_traditional_text(seed: str) -> None:
    decoded = decode(seed.encode("gb18030"))
    assert decoded.text == seed
    assert decoded.encoding == "gb18030"


def test_big5_traditional(seed: str) -> None:
    raw = seed.encode("big5", errors="replace")
    expected = raw.decode("big5")
    assert expected.count("?") < 0.03 * len(seed), "almost all of the seed exists in Big5 (not U+00A0, 爲)"
    decoded = decode(raw)
    assert decoded.encoding in ("big5", "cp950", "big5hkscs")
    assert decoded.text == expected


def test_cp950_only_bytes_fall_back() -> None:
    # 0xF9F9 is a box-drawing character in cp950 but not in Python's strict big5 table.
    body = ("威縣人民政府法治政府建設情況報告。" * 3).encode("big5") + b"\xf9\xf9"
    decoded = decode(body)
    assert decoded.encoding in ("cp950", "big5hkscs")
    assert decoded.text.startswith("威縣人民政府")


@pytest.mark.parametrize(
    ("codec", "encoding"),
    [("utf-16", None), ("utf-16-le", "utf-16-le"), ("utf-16-be", "utf-16-be")],
)
def test_utf16_with_and_without_bom(seed: str, codec: str, encoding: str | None) -> None:
    raw = seed.encode(codec)
    decoded = decode(raw)
    assert decoded.text == seed
    assert decoded.encoding in ("utf-16-le", "utf-16-be")
    if encoding:
        assert decoded.encoding == encoding


def test_utf16_without_nul_bytes(seed: str) -> None:
    # Only CJK characters whose UTF-16 code units have no zero byte: no NUL pattern to go by.
    text = "".join(c for c in seed if T.has_cjk(c) and ord(c) & 0xFF and ord(c) >> 8)
    for codec in ("utf-16-le", "utf-16-be"):
        raw = text.encode(codec)
        assert 0 not in raw
        decoded = decode(raw)
        assert (decoded.text, decoded.encoding) == (text, codec)


def test_utf16_english_is_not_called_binary() -> None:
    raw = "An English memo, no Chinese at all.\n".encode("utf-16-le") * 10
    assert "no Chinese text found" in error_of(raw)


def test_utf16_be_with_bom(seed: str) -> None:
    decoded = decode(b"\xfe\xff" + seed.encode("utf-16-be"))
    assert decoded.text == seed
    assert decoded.encoding == "utf-16-be"


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_become_lf(seed: str, newline: str) -> None:
    decoded = decode(seed.replace("\n", newline).encode("utf-8"))
    assert decoded.text == seed
    assert "\r" not in decoded.text


def test_explicit_encoding(simplified: str) -> None:
    raw = simplified.encode("gb18030")
    decoded = decode(raw, encoding="GB18030")
    assert decoded.text == simplified and decoded.encoding == "gb18030"
    message = error_of(raw, encoding="utf-8")
    assert "cannot be decoded as utf-8" in message and "byte offset" in message
    assert "unknown encoding" in error_of(raw, encoding="no-such-codec")


def test_wrong_explicit_encoding_is_not_prose(seed: str) -> None:
    # Big5 bytes read as GB18030 decode without error but are mojibake.
    message = error_of(seed.encode("big5", errors="replace"), encoding="gb18030")
    assert "does not read as Chinese prose" in message


def test_truncated_file_keeps_a_visible_replacement(seed: str) -> None:
    raw = seed.encode("utf-8")[:-1]  # cut inside the last character
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        decoded = decode(raw)
    assert decoded.text == seed[:-1] + "\ufffd"
    assert any("truncated" in str(w.message) for w in caught)


def test_damaged_utf8_is_reported_with_its_offset(seed: str) -> None:
    offset = len(seed[:1000].encode("utf-8"))
    raw = seed[:1000].encode("utf-8") + b"\xff" + seed[1000:].encode("utf-8")
    message = error_of(raw)
    assert "looks like UTF-8" in message and f"byte offset {offset} (ff" in message


# ---------------------------------------------------------------------------------------------- HTML


def _page(paragraphs: list[str], charset: str = "utf-8") -> str:
    def cut(p: str) -> int:  # a place between two CJK characters, where a source line break vanishes
        return next(i for i in range(20, len(p)) if T.has_cjk(p[i - 1: i + 1], 2))

    body = "".join(
        f'<p style="text-indent:2em">\n  {p[:cut(p)]}\n    {p[cut(p):]}\n</p>\n' for p in paragraphs
    )
    return (
        "<!DOCTYPE html>\n<html><head>"
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        "<title>威縣 &amp; 報告</title><style>p { color: red } /* 12個 */</style>"
        '<script>var x = "<p>腳本里的文字 99个</p>"; if (a < b) { y = 1; }</script></head>\n<body>\n'
        "<!-- 注釋 12個 -->\n"
        '<div class="nav"><a href="/">首頁</a> &gt; <a href="/zwgk">政務公開</a></div>\n'
        + body
        + "<table><tr><th>項目</th><th>數量</th></tr>\n<tr> <td>審批</td> <td>60&nbsp;個</td></tr></table>\n"
        "<ul><li>一是</li><li>二是<br>三是</li></ul>\n"
        "<p>a &lt; b &#x4E2D;&#22269; &quot;引號&quot;</p></body></html>\n"
    )


def _paragraphs(seed: str) -> list[str]:
    return [p.strip() for p in seed.split("\n") if len(p.strip()) > 100]


def test_html_page_reduced_to_text(seed: str) -> None:
    paragraphs = _paragraphs(seed)
    decoded = decode(_page(paragraphs).encode("utf-8"))
    assert decoded.html
    text = decoded.text
    # Every paragraph is kept whole (source line breaks between CJK characters vanish), in order.
    positions = [text.index(p) for p in paragraphs]
    assert positions == sorted(positions)
    for dropped in ("var x", "腳本", "color", "注釋", "<", "&amp;", "&gt;", "&nbsp;"):
        assert dropped not in text.replace("a < b", "")
    assert text.startswith("威縣 & 報告\n\n首頁 > 政務公開\n\n")
    assert "項目\t數量\n審批\t60\u00a0個\n" in text
    assert "一是\n二是\n三是\n" in text
    assert 'a < b 中国 "引號"' in text
    assert "\n\n\n" not in text
    # Paragraphs are separated by exactly one blank line.
    assert f"{paragraphs[0]}\n\n{paragraphs[1]}\n\n" in text


def test_html_declared_charset_gb2312(seed: str) -> None:
    paragraphs = [T.convert_script(p, "simplified") for p in _paragraphs(seed)]
    page = T.convert_script(_page(paragraphs, charset="gb2312"), "simplified")
    decoded = decode(page.encode("gb18030"))
    assert decoded.encoding == "gb18030" and decoded.html
    assert paragraphs[2] in decoded.text


def test_html_declared_charset_big5(seed: str) -> None:
    paragraphs = _paragraphs(seed)[:2]
    raw = _page(paragraphs, charset="big5").encode("big5", errors="replace")
    decoded = decode(raw)
    assert decoded.encoding in ("big5", "cp950", "big5hkscs")
    assert T.html_to_text(raw.decode("big5")) == decoded.text


def test_html_without_text_is_refused() -> None:
    message = error_of(b"<html><head><script>var a = 1;</script></head><body><div></div></body></html>")
    assert "HTML page with no text" in message


def test_plain_text_with_angle_brackets_is_not_html(seed: str) -> None:
    text = seed + "\n比較:a<b,c>d。\n"
    decoded = decode(text.encode("utf-8"))
    assert not decoded.html
    assert decoded.text == text


# --------------------------------------------------------------------------------- refusals (ReportError)


@pytest.mark.parametrize("raw", [b"", b"   \n\t\r\n  "])
def test_empty_input(raw: bytes) -> None:
    assert "is empty" in error_of(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "this looks like a PDF; convert it to text first"),
        (b"\x89PNG\r\n\x1a\n" + bytes(random.Random(1).randrange(256) for _ in range(2000)), "PNG image"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"word/document.xml" * 20, "ZIP archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "Microsoft Office"),
        (b"{\\rtf1\\ansi\\ansicpg936 {\\fonttbl}", "RTF document"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 100, "gzip"),
    ],
)
def test_binary_formats_by_magic(raw: bytes, expected: str) -> None:
    message = error_of(raw)
    assert "not a text file" in message and expected in message


def test_nul_laden_random_bytes_are_binary() -> None:
    rng = random.Random(7)
    raw = bytes(rng.randrange(256) for _ in range(5001))  # odd length: not UTF-16 either
    assert 0 in raw
    message = error_of(raw)
    assert "binary data" in message and "NUL byte" in message


def test_control_bytes_without_nul_are_binary() -> None:
    raw = ("威縣法治政府建設報告" * 10).encode("utf-8") + bytes(range(1, 9)) * 50
    message = error_of(raw)
    assert "binary data" in message and "control bytes" in message


def test_undecodable_bytes_name_the_encodings_tried() -> None:
    raw = b"\xff\x80" * 300 + b" abc \xfe\xa1"  # 0xFF and 0x80 are invalid in UTF-8, GB18030 and Big5
    message = error_of(raw)
    assert "cannot be decoded" in message
    for codec in ("utf-8", "gb18030", "big5"):
        assert codec in message
    assert "encoding=" in message


def test_bom_with_garbage_is_not_prose() -> None:
    assert "does not read as Chinese prose" in error_of(b"\xff\xfe" + b"\x80\x80\x81\x80" * 100)


@pytest.mark.parametrize(
    "raw",
    [
        b"This is an English document about the rule of law. " * 20,
        b"1234567890 2019 2020 3.14\n" * 40,
        "法治 2019 report: 11 working days.".encode(),
    ],
)
def test_non_report_text(raw: bytes) -> None:
    assert "no Chinese text found" in error_of(raw)


def test_load_report_messages_name_the_path(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(wx.ReportError, match=r"scan\.pdf.*PDF; convert it to text first"):
        wx.load_report(path)


def test_load_report_detects_encoding_and_script(tmp_path: Path, simplified: str, seed: str) -> None:
    gb = tmp_path / "simplified_gb18030.txt"
    gb.write_bytes(simplified.replace("\n", "\r\n").encode("gb18030"))
    report = wx.load_report(gb)
    assert report.text == simplified
    assert report.script == "simplified"
    big5 = tmp_path / "traditional_utf16.txt"
    big5.write_bytes(seed.encode("utf-16"))
    report = wx.load_report(big5)
    assert report.text == seed and report.script == "traditional"


# ------------------------------------------------------------------------------------------------ scripts


def test_char_script() -> None:
    trad, simp, both = "traditional", "simplified", "both"
    assert [T.char_script(c) for c in "縣县發发人干余台a1"] == [trad, simp, trad, simp] + [both] * 6


def test_detect_script(seed: str, simplified: str) -> None:
    # The bundled report keeps a few simplified header fields (发布机构, 字体, 文号, …): still traditional.
    assert T.script_counts(seed)[1] > 0
    assert T.detect_script(seed) == "traditional"
    assert T.detect_script(simplified) == "simplified"
    half = len(seed) // 2
    assert T.detect_script(seed[:half] + simplified[half:]) == "mixed"
    assert T.detect_script(simplified[:half] + seed[half:]) == "mixed"
    assert T.detect_script(PINYIN_SNIPPET) == "traditional"


def test_detect_script_samples_long_text(seed: str, monkeypatch: pytest.MonkeyPatch) -> None:
    big = (seed + "\n") * (2 * T.SCRIPT_SAMPLE_CHARS // len(seed) + 1)
    seen: list[int] = []
    original = T.script_counts

    def counting(text: str) -> tuple[int, int]:
        seen.append(len(text))
        return original(text)

    monkeypatch.setattr(T, "script_counts", counting)
    assert T.detect_script(big) == "traditional"
    assert len(big) > 2 * T.SCRIPT_SAMPLE_CHARS
    assert sum(seen) <= T.SCRIPT_SAMPLE_CHARS, "a long text is judged on a bounded sample"
    assert len(seen) == T.SCRIPT_SAMPLE_WINDOWS


def test_mixed_script_runs_in_seed(seed: str) -> None:
    runs = T.mixed_script_runs(seed)
    assert [seed[a:b] for a, b, _ in runs] == ["发布机构", "体", "体裁分类", "开", "题分类", "号", "号"]
    assert {script for _, _, script in runs} == {"simplified"}
    header_end = seed.index("威縣人民政府\n\n2019")
    assert all(b <= header_end for _, b, _ in runs), "only the header fields are simplified"


def test_mixed_script_runs_other_way(simplified: str) -> None:
    text = simplified[:200] + "發佈時間" + simplified[200:400]
    assert T.mixed_script_runs(text) == [(200, 204, "traditional")]
    assert T.mixed_script_runs(simplified) == []


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_convert_script_keeps_length(seed: str, simplified: str, script: str) -> None:
    for text in (seed, simplified, PINYIN_SNIPPET):
        out = T.convert_script(text, script)
        assert len(out) == len(text)
    assert T.convert_script(seed, "simplified") == simplified
    assert T.detect_script(T.convert_script(seed, script)) == script


def test_convert_script_on_devset() -> None:
    paths = sorted(DEVSET_TEXTS.glob("*.txt"))
    if not paths:
        pytest.skip("tests/data/devset not copied into the project yet")
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for script in ("simplified", "traditional"):
            assert len(T.convert_script(text, script)) == len(text), path.name


def test_convert_script_in_chunks_matches_whole(seed: str) -> None:
    one = T.convert_script(seed + "\n", "simplified")
    many = T.convert_script((seed + "\n") * 40, "simplified")  # > 64 K characters: several chunks
    assert many == one * 40


def test_convert_script_refuses_length_change(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stretching:
        def convert(self, text: str) -> str:
            return text.replace("發", "发發")

    monkeypatch.setattr(T, "_converter", lambda config: Stretching())
    with pytest.raises(ReportError, match=r"line 2 .*offsets would not match"):
        T.convert_script("第一行\n發佈\n", "simplified")
    with pytest.raises(ReportError, match="script must be"):
        T.convert_script("文字", "klingon")


# --------------------------------------------------------------------------------------- pinyin glosses


def test_pinyin_glosses_found_and_kept() -> None:
    spans = T.find_pinyin_glosses(PINYIN_SNIPPET)
    glosses = [PINYIN_SNIPPET[a:b] for a, b in spans]
    assert glosses == ["(xí)", "(dǎo)", "(xí)", "(xué)", "(xí)", "(wù)", "(jìn)", "(shè)"]
    assert PINYIN_SNIPPET[spans[0][0] - 1] == "習"
    decoded = decode(PINYIN_SNIPPET.encode("utf-8"))
    assert decoded.text == PINYIN_SNIPPET, "glosses are kept in the text"


@pytest.mark.parametrize(
    "text",
    ["下載附件(pdf)和表格(a)", "(一)加強領導", "市政府(2019)年", "APP(ios)版", "習(xí", "ab(xí)"],
)
def test_not_pinyin_glosses(text: str) -> None:
    assert T.find_pinyin_glosses(text) == []


def test_pinyin_variants() -> None:
    text = "建設（shè）和發(fa1)展(zhǎn jiàn)"
    assert [text[a:b] for a, b in T.find_pinyin_glosses(text)] == ["（shè）", "(fa1)", "(zhǎn jiàn)"]


def test_pinyin_glosses_in_devset() -> None:
    path = DEVSET_TEXTS / "08.txt"
    if not path.exists():
        pytest.skip("tests/data/devset not copied into the project yet")
    text = path.read_text(encoding="utf-8")
    spans = T.find_pinyin_glosses(text)
    assert len(spans) > 20
    assert all(re.fullmatch(r"\([a-zàáèéìíòóùúüāēěīōūǎǐǒǔǖǘǚǜ]+\)", text[a:b]) for a, b in spans)


# ------------------------------------------------------------------------------------------- plausibility


def test_plausibility_separates_right_and_wrong_readings(seed: str, simplified: str) -> None:
    assert T.plausibility(seed) > 0.5
    assert T.plausibility(simplified) > 0.5
    big5 = seed.encode("big5", errors="replace")
    assert T.plausibility(big5.decode("gb18030", errors="replace")) < 0
    assert T.plausibility(simplified.encode("gb18030").decode("big5", errors="replace")) < 0
    assert T.plausibility("plain ASCII") == 0.0


def test_fold_to_simplified_is_the_character_table():
    """The fold (a code-point table, for speed) maps each character as the OpenCC character table does,
    keeps every other code point (astral characters, lone surrogates) and the length."""
    rnd = random.Random(5)
    table = T.fold_table()
    samples = [wx.load_report().text, "", "abc", "\ud800國\udfff", "😀國家",
               "".join(chr(rnd.randrange(0x110000)) for _ in range(3000))]
    for s in samples:
        assert T.fold_to_simplified(s) == s.translate(table)
        assert T.fold_to_simplified(s, T.code_points(s)) == s.translate(table)
