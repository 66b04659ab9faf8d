"""Readers: legacy fonts converted per cell, merged cells, HTML/text files saved as .xls, CSV encodings."""

from __future__ import annotations

import io
import unicodedata
import zipfile

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Font

from elschool_audit.errors import SourceError
from elschool_audit.sheets.legacy import from_unicode
from elschool_audit.sources import readers
from elschool_audit.sources.readers import RawTab, read_csv_bytes, read_html_tables, read_workbook_bytes


def xlsx(rows: list[list[object]], fonts: dict[str, str] | None = None, merges: list[str] = ()) -> bytes:  # type: ignore[assignment]
    """A one-tab workbook; ``fonts`` maps a cell ("B2") to its font name."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    for ref, font in (fonts or {}).items():
        ws[ref].font = Font(name=font)
    for ref in merges:
        ws.merge_cells(ref)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed base letters (ô, ư, ă) plus combining tone marks."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
            out += (base + "".join(c for c in parts if c in _TONES)).encode("cp1258")
    return bytes(out)


def encode(text: str, encoding: str) -> bytes:
    return cp1258(text) if encoding == "cp1258" else text.encode(encoding)


def grid(data: bytes, name: str = "t.xlsx") -> list[list[object]]:
    tabs = list(read_workbook_bytes(data, name))
    assert len(tabs) == 1
    return tabs[0].grid


# ------------------------------------------------------------------------------- legacy fonts


def test_tcvn3_and_vni_cells_are_converted_by_their_font() -> None:
    data = xlsx(
        [
            [from_unicode("Trường Tiểu học Đức Giang", "tcvn3"), from_unicode("Phòng máy tính", "vni")],
            ["Trường Tiểu học", "Phòng máy tính"],  # Unicode, default font
            [from_unicode("phòng tin học", "tcvn3"), 42],
        ],
        fonts={"A1": ".VnTime", "B1": "VNI-Times", "A3": ".VnTimeH", "B3": ".VnTime"},
    )
    g = grid(data)
    assert g[0][:2] == ["Trường Tiểu học Đức Giang", "Phòng máy tính"]
    assert g[1][:2] == ["Trường Tiểu học", "Phòng máy tính"]
    assert g[2][0] == "PHÒNG TIN HỌC"  # .VnTimeH: capitals typed with lowercase codes
    assert g[2][1] == 42


def test_mixed_workbook_never_corrupts_unicode_cells() -> None:
    """Latin-1-looking Unicode ("Có", "Tốt") in a Unicode font stays; a legacy-font cell that
    already holds Unicode-only letters (typed with Unikey in Unicode mode) stays too."""
    data = xlsx(
        [["Có", "Tốt", from_unicode("Hỏng", "tcvn3"), "Hỏng"]],
        fonts={"A1": "Arial", "B1": "Times New Roman", "C1": ".VnArial", "D1": ".VnTime"},
    )
    assert grid(data)[0] == ["Có", "Tốt", "Hỏng", "Hỏng"]


def test_legacy_conversion_runs_before_cleaning() -> None:
    """TCVN3 "ư" is a soft hyphen, which cleaning would drop: conversion must come first."""
    data = xlsx([["Tr\u00adêng"]], fonts={"A1": ".VnTime"})
    assert grid(data)[0][0] == "Trường"


def test_legacy_cell_positions_follow_the_sheet_when_data_starts_late() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws["C4"] = from_unicode("máy chiếu", "tcvn3")
    ws["C4"].font = Font(name=".VnTime")
    ws["D5"] = "máy chiếu"
    out = io.BytesIO()
    wb.save(out)
    g = grid(out.getvalue())
    assert g[3][2] == "máy chiếu" and g[4][3] == "máy chiếu"


def test_vertically_merged_legacy_cell_is_converted_in_every_row() -> None:
    data = xlsx([[from_unicode("Phòng tin học", "tcvn3")], [None], [None], ["x"]], {"A1": ".VnTime"}, ["A1:A3"])
    assert [row[0] for row in grid(data)] == ["Phòng tin học"] * 3 + ["x"]


def test_no_legacy_font_means_no_openpyxl_load(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl must not load a Unicode workbook")

    data = xlsx([["Phòng", "Tình trạng"], [from_unicode("Phòng máy", "tcvn3"), "Tốt"]])
    monkeypatch.setattr(openpyxl, "load_workbook", boom)
    assert grid(data)[1][0] == from_unicode("Phòng máy", "tcvn3")  # left for the parser to warn about


def test_legacy_font_parts_reads_only_styles_and_shared_strings() -> None:
    assert readers._legacy_font_parts(xlsx([["a"]])) == set()
    assert readers._legacy_font_parts(xlsx([["a"]], {"A1": "VNI-Helve"})) == {"xl/styles.xml"}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("xl/sharedStrings.xml", '<sst><si><r><rPr><rFont val=".VnTime"/></rPr><t>a</t></r></si></sst>')
    assert readers._legacy_font_parts(buf.getvalue()) == {"xl/sharedStrings.xml"}
    assert readers._legacy_font_parts(b"not a zip") == set()


def test_rich_text_runs_are_converted_by_their_own_font() -> None:
    value = CellRichText(
        [
            TextBlock(InlineFont(rFont=".VnTime"), from_unicode("Phòng", "tcvn3")),
            " 12 ",
            TextBlock(InlineFont(rFont="Arial"), "Có"),
        ]
    )
    assert readers._convert_rich(value, "Arial") == "Phòng 12 Có"
    assert readers._convert_rich(CellRichText(["Có"]), "Arial") is None
    assert readers._convert_rich(CellRichText(["C\u00f3"]), ".VnTime") == "Cú"  # what the font shows


def test_openpyxl_failure_leaves_cells_unconverted(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise KeyError("broken part")

    data = xlsx([[from_unicode("Phòng máy", "tcvn3")]], {"A1": ".VnTime"})
    monkeypatch.setattr(openpyxl, "load_workbook", fail)
    assert grid(data)[0][0] == from_unicode("Phòng máy", "tcvn3")


# ------------------------------------------------------------------------------------ merges


def test_vertical_merges_fill_down_horizontal_merges_stay_top_left() -> None:
    data = xlsx(
        [["Tiêu đề", None, None], ["05/09/2016", "4A", "Toán"], [None, "4B", "Toán"]],
        merges=["A1:C1", "A2:A3"],
    )
    g = grid(data)
    assert g[0] == ["Tiêu đề", "", ""]
    assert [row[0] for row in g[1:]] == ["05/09/2016", "05/09/2016"]


def test_hidden_tab_is_flagged() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["a"])
    hidden = wb.create_sheet("Danh mục")
    hidden.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    tabs = list(read_workbook_bytes(out.getvalue(), "t.xlsx"))
    assert [(t.name, t.hidden) for t in tabs] == [("Sheet", False), ("Danh mục", True)]


# ------------------------------------------------------------------------- HTML saved as .xls

PORTAL_PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>
<body><h3>THỐNG KÊ TIN BÀI</h3>
<table border="1">
  <tr><th>STT</th><th>Ngày đăng</th><th>Tiêu đề</th><th>Chuyên mục</th></tr>
  <tr><td>1</td><td>05/09/2016</td><td>Khai giảng&nbsp;năm học<br>2016 &amp; 2017</td><td>Hoạt động</td></tr>
  <tr><td>2</td><td rowspan="2">06/09/2016</td><td>Họp phụ huynh</td><td>Thông báo</td></tr>
  <tr><td>3</td><td colspan="2">Lịch công tác tuần</td></tr>
</table></body></html>"""


def test_html_table_saved_as_xls() -> None:
    (tab,) = read_workbook_bytes(PORTAL_PAGE.encode("utf-8"), "Thong ke tin bai.xls")
    assert tab.name == "Thong ke tin bai"
    assert tab.grid[0] == ["STT", "Ngày đăng", "Tiêu đề", "Chuyên mục"]
    assert tab.grid[1][2] == "Khai giảng\u00a0năm học\n2016 & 2017"
    assert tab.grid[2][1] == tab.grid[3][1] == "06/09/2016"  # rowspan filled down
    assert tab.grid[3] == ["3", "06/09/2016", "Lịch công tác tuần", None]  # colspan: top-left only


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1258"])
def test_html_xls_encodings(encoding: str) -> None:
    page = PORTAL_PAGE if encoding != "cp1258" else PORTAL_PAGE.replace("utf-8", "windows-1258")
    (tab,) = read_workbook_bytes(encode(page, encoding), "x.xls")
    assert unicodedata.normalize("NFC", tab.grid[2][2]) == "Họp phụ huynh"  # the parser cleans to NFC


def test_html_with_several_and_nested_tables() -> None:
    page = "<table><tr><td>a<table><tr><td>inner</td></tr></table></td><td>b</td></tr></table><table><tr><td>c"
    tables = read_html_tables(page)
    assert [["inner"]] in tables
    assert [["c"]] in tables  # an unclosed table at the end of a cut-off page
    tabs = list(read_workbook_bytes(page.encode(), "p.xls"))
    assert [t.name for t in tabs] == ["p (1)", "p (2)", "p (3)"]


def test_html_without_table_is_a_located_error() -> None:
    with pytest.raises(SourceError, match="HTML") as info:
        list(
            read_workbook_bytes(
                b"<html><body>Phi\xc3\xaan l\xc3\xa0m vi\xe1\xbb\x87c h\xe1\xba\xbft h\xe1\xba\xa1n</body></html>",
                "x.xls",
            )
        )
    assert info.value.location.file == "x.xls"


def test_text_export_saved_as_xls_is_read_as_csv() -> None:
    data = "Ngày\tPhòng\tSử dụng CNTT\n05/09/2016\tPhòng máy\tcó\n".encode("utf-16")
    (tab,) = read_workbook_bytes(data, "Nhat ky.xls")
    assert tab.grid == [["Ngày", "Phòng", "Sử dụng CNTT"], ["05/09/2016", "Phòng máy", "có"]]


def test_real_xls_magic_goes_to_calamine() -> None:
    with pytest.raises(SourceError):
        list(read_workbook_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 64, "broken.xls"))


# ------------------------------------------------------------------------------------- CSV

ROWS = [["Ngày", "Phòng", "Sử dụng CNTT"], ["05/09/2016", "Phòng Tin học", "có"], ["06/09/2016", None, "không"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_encodings_and_delimiters(encoding: str, delimiter: str) -> None:
    text = "\r\n".join(delimiter.join(c or "" for c in row) for row in ROWS) + "\r\n"
    got = read_csv_bytes(encode(text, encoding), "x.csv")
    normal = [[unicodedata.normalize("NFC", c) if isinstance(c, str) else c for c in row] for row in got]
    assert normal == ROWS


def test_csv_in_no_known_encoding_is_a_located_error() -> None:
    with pytest.raises(SourceError) as info:
        read_csv_bytes(b"\x81\x8d\x8f\x90\x9d", "bad.csv")
    assert info.value.location.file == "bad.csv"


def test_rawtab_defaults() -> None:
    assert RawTab("a", []).hidden is False
