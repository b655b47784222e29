"""Loading: the bundled report, its checksum, scripts, and clear errors on bad input."""

from __future__ import annotations

import hashlib

import pytest

import wxanalysis as wx
from wxanalysis import report as report_mod

SHA = "3cef191414020b08ef1c3b28e86a640be90d48b32574b6abd6e0fac75cd3119d"


def test_bundled_report_attributes(trad):
    assert trad.sha256 == SHA
    assert trad.script == "traditional"
    assert trad.source == "weixian_2019_report.txt"
    assert trad.text.startswith("威縣人民政府2019年度法治政府建設報告")
    assert "2020年1月2日" in trad.text


def test_raw_copy_and_package_copy_are_the_source(root):
    raw = (root / "data" / "raw" / "weixian_2019_report.txt").read_bytes()
    pkg = (root / "wxanalysis" / "data" / "weixian_2019_report.txt").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SHA
    assert pkg == raw


def test_simplified_is_a_character_for_character_conversion(trad, simp):
    assert simp.script == "simplified"
    assert simp.sha256 == trad.sha256
    assert len(simp.text) == len(trad.text)
    assert simp.text.startswith("威县人民政府2019年度法治政府建设报告")
    assert "审批时限由60个工作日压减至11个工作日" in simp.text
    back = wx.load_report(script="traditional")
    assert back.script == "traditional" and len(back.text) == len(trad.text)


def test_changed_bundled_file_is_refused(monkeypatch, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "weixian_2019_report.txt").write_bytes(b"tampered")

    class FakeFiles:
        def joinpath(self, *parts):
            return tmp_path.joinpath(*parts)

    monkeypatch.setattr(report_mod.resources, "files", lambda _pkg: FakeFiles())
    with pytest.raises(wx.ReportError, match="has changed"):
        wx.load_report()


def test_load_any_path(tmp_path, trad):
    p = tmp_path / "copy.txt"
    p.write_text(trad.text, encoding="utf-8")
    r = wx.load_report(p)
    assert r.text == trad.text
    assert r.source == str(p)
    assert r.script == "traditional"
    # not the bundled bytes? same bytes → same checksum → curated labels apply too
    assert r.sha256 == SHA


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "PNG"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
        (b"Annual report of the county government, in English only.\n" * 20, "no Chinese text"),
    ],
)
def test_bad_input_raises_report_error(tmp_path, content, message):
    p = tmp_path / "bad.txt"
    p.write_bytes(content)
    with pytest.raises(wx.ReportError, match=message):
        wx.load_report(p)


def test_undecodable_input_raises_report_error(tmp_path):
    p = tmp_path / "garbage.txt"
    p.write_bytes("法治政府建设报告".encode() + b"\x81\x20" * 60 + "威县人民政府法治政府建设情况".encode() * 3)
    with pytest.raises(wx.ReportError, match="encoding"):
        wx.load_report(p)


def test_report_error_is_a_value_error():
    assert issubclass(wx.ReportError, ValueError)


def test_missing_path_and_folder_and_bad_script(tmp_path):
    with pytest.raises(wx.ReportError, match="no such file"):
        wx.load_report(tmp_path / "nope.txt")
    with pytest.raises(wx.ReportError, match="folder"):
        wx.load_report(tmp_path)
    with pytest.raises(wx.ReportError, match="script"):
        wx.load_report(script="cantonese")  # type: ignore[arg-type]
