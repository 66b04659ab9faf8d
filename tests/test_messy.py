"""What schools really type, end to end through the reader and the parser: date, number,
percentage and yes/no spellings, enum aliases, and header spellings (NFD, invisible spaces,
no diacritics, i/y and one-letter slips, hints and line breaks, Đ/đ)."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from typing import Any

import openpyxl
import pandas as pd
import pytest

from elschool_audit.i18n import render
from elschool_audit.sheets.parser import ParsedTab, parse_tab
from elschool_audit.sources.readers import read_workbook_bytes


def parse(grid: list[list[Any]], tab: str = "Sheet1") -> ParsedTab:
    result = parse_tab(grid, "f.xlsx", tab)
    assert isinstance(result, ParsedTab), result
    return result


def via_xlsx(grid: list[list[Any]]) -> list[list[Any]]:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in grid:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    (tab,) = read_workbook_bytes(out.getvalue(), "f.xlsx")
    return tab.grid


def via_csv(grid: list[list[Any]], encoding: str = "utf-8-sig", delimiter: str = ";") -> list[list[Any]]:
    text = "\n".join(delimiter.join("" if c is None else str(c) for c in row) for row in grid)
    (tab,) = read_workbook_bytes(text.encode(encoding), "f.csv")
    return tab.grid


DATE = dt.date(2016, 9, 5)


@pytest.mark.parametrize(
    "cell",
    [
        42618,  # Excel/Sheets serial
        42618.5,  # serial with a time
        "42618",
        dt.datetime(2016, 9, 5, 7, 30),
        DATE,
        "05/09/2016",
        "5/9/2016",
        "05-09-2016",
        "07:30:15 05/09/2016",
        "5/9/16",
        "ngày 5 tháng 9 năm 2016",
        "2016-09-05",
    ],
)
def test_dates(cell: object) -> None:
    result = parse([["Ngày", "Phòng", "Sử dụng CNTT"], [cell, "Phòng máy", "có"]], tab="Nhật ký sử dụng")
    assert result.frame.loc[0, "date"] == pd.Timestamp(DATE) and not result.problems


def test_real_dates_survive_the_xlsx_reader() -> None:
    grid = via_xlsx([["Ngày", "Phòng", "Sử dụng CNTT"], [dt.datetime(2016, 9, 5), "Phòng máy", True]])
    result = parse(grid)
    assert result.frame.loc[0, "date"] == pd.Timestamp(DATE) and bool(result.frame.loc[0, "used_it"])


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("có", True), ("Có", True), ("x", True), ("X", True), ("✓", True), ("yes", True), (1, True), ("1", True),
     ("đạt", True), (True, True), ("không", False), ("Không đạt", False), ("no", False), (0, False), ("0", False),
     ("ko", False), (None, None), ("-", None)],
)  # fmt: skip
def test_booleans(cell: object, expected: bool | None) -> None:
    result = parse([["Mã tiêu chí", "Đạt"], ["A1", cell]], tab="Tự kiểm tra")
    value = result.frame.loc[0, "met"]
    assert (None if pd.isna(value) else bool(value)) == expected and not result.problems


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("90%", 0.9), (0.9, 0.9), (90, 0.9), ("90", 0.9), ("90,5%", 0.905), ("0,9", 0.9), ("100%", 1.0)],
)
def test_percentages(cell: object, expected: float) -> None:
    # counts left blank: given, they would decide the share (the typed rate is then only checked)
    row = ["CBGVNV", None, None, cell, "05/09/2016"]
    result = parse([["Đối tượng", "Số đã tập huấn", "Tổng số", "Tỉ lệ (%)", "Ngày tập huấn"], row], tab="Tập huấn")
    assert result.frame.loc[0, "rate"] == pytest.approx(expected) and not result.problems


@pytest.mark.parametrize(
    ("cell", "expected"), [("1.234", 1234), ("1.234.567", 1234567), (1234.0, 1234), ("2 048", 2048)]
)
def test_numbers_with_dot_thousands(cell: object, expected: int) -> None:
    result = parse(
        [["Ngày đăng", "Tiêu đề", "Chuyên mục", "Lượt xem"], ["05/09/2016", "Khai giảng", "Hoạt động", cell]]
    )
    assert result.frame.loc[0, "views"] == expected and not result.problems


def test_decimal_comma_through_csv() -> None:
    grid = [["Ngày", "Tên chuyên đề", "Cấp", "Số GV dự"], ["05/09/2016", "A", "Trường", "20,0"]]
    result = parse(via_csv(grid, delimiter=";"))
    assert result.frame.loc[0, "teachers"] == 20


@pytest.mark.parametrize(
    ("room", "code"),
    [("P. Tin học", "tin_hoc"), ("phòng máy", "tin_hoc"), ("Phòng máy số 2", "tin_hoc"), ("PHONG TIN HOC", "tin_hoc"),
     ("P.Ngoại ngữ", "ngoai_ngu"), ("Lớp 4A", "hoc_thuong"), ("Phòng Hoá", "bo_mon_hoa")],
)  # fmt: skip
def test_room_aliases(room: str, code: str) -> None:
    result = parse([["Ngày", "Phòng", "Sử dụng CNTT"], ["05/09/2016", room, "có"]])
    assert result.frame.loc[0, "room_type"] == code


@pytest.mark.parametrize(
    ("cell", "code"), [("Tốt", "working"), ("tot", "working"), ("HƯ HỎNG", "broken"), ("Đang sửa", "repairing")]
)
def test_enum_aliases(cell: str, code: str) -> None:
    result = parse([["Mã thiết bị", "Loại thiết bị", "Phòng", "Tình trạng"], ["A", "Máy vi tính", "P1", cell]])
    assert result.frame.loc[0, "status"] == code and result.frame.loc[0, "type"] == "computer"


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


@pytest.mark.parametrize(
    "headers",
    [
        [nfd("Mã thiết bị"), nfd("Loại thiết bị"), nfd("Phòng"), nfd("Tình trạng")],  # macOS NFD
        ["Mã\u00a0thiết bị", "Loại\u200b thiết bị", "Phòng\u202f", "\ufeffTình trạng"],  # invisible spaces
        ["Ma thiet bi", "Loai thiet bi", "Phong", "Tinh trang"],  # no diacritics
        ["MÃ THIẾT BỊ", "LOẠI THIẾT BỊ", "PHÒNG", "TÌNH TRẠNG"],
        ["Mã thiết bi", "Loại thết bị", "Phòng", "Tình trạg"],  # one-letter slips
        ["Mã thiết bị\n(ghi theo sổ tài sản)", "Loại thiết bị (chọn)", "Phòng\r\n[đặt máy]", "Tình trạng:"],
        ["Mã TB", "Chủng loại", "Vị trí", "Hiện trạng"],  # aliases
    ],
)
def test_header_spellings(headers: list[str]) -> None:
    result = parse([headers, ["MT01", "Máy tính", "Phòng máy", "Tốt"]])
    assert result.kind == "devices"
    assert result.frame.iloc[0][["code", "type", "room", "status"]].tolist() == [
        "MT01",
        "computer",
        "Phòng máy",
        "working",
    ]


def test_i_y_spelling_variants_in_headers() -> None:
    grid = [["Đối tượng", "Số đã tập huấn", "Tổng số", "Tỷ lệ", "Ngày"], ["Học sinh", 9, 10, "90%", "05/09/2016"]]
    assert parse(grid).frame.loc[0, "rate"] == pytest.approx(0.9)
    grid[0][3] = "Tí lệ"  # i/y + tone slip
    assert parse(grid).frame.loc[0, "rate"] == pytest.approx(0.9)


def test_nfd_invisible_and_dd_values_are_cleaned() -> None:
    grid = [["Họ và tên", "Chức vụ"], [nfd("Đỗ  Thị\u00a0Hường\u200b"), "Phó hiệu trưởng"]]
    assert parse(grid, tab="Danh bạ").frame.loc[0, "name"] == "Đỗ Thị Hường"
    grid = [
        ["Mã thiết bị", "Loại thiết bị", "Phòng", "Tình trạng"],
        ["A", "DUONG TRUYEN INTERNET", "P1", "Dang su dung"],
    ]
    row = parse(grid).frame.iloc[0]
    assert (row["type"], row["status"]) == ("internet_line", "working")


@pytest.mark.parametrize(
    ("column", "cell", "expected"),
    [
        ("date", "31/02/2016", "a valid calendar date"),
        ("date", "05/09", "a date with a year"),
        ("date", "hôm qua", "a date (dd/mm/yyyy)"),
        ("used_it", "✗", "yes/no (có/không)"),
        ("period", "2 tiết", "a number without units"),
    ],
)
def test_unreadable_values_are_located(column: str, cell: str, expected: str) -> None:
    row: list[Any] = ["05/09/2016", 1, "Phòng máy", "có"]
    index = {"date": 0, "period": 1, "used_it": 3}[column]
    row[index] = cell
    result = parse([["Tiêu đề"], ["Ngày", "Tiết", "Phòng", "Sử dụng CNTT"], row], tab="Nhật ký")
    (problem,) = result.problems
    loc = problem.location
    assert (problem.code, loc.file, loc.tab, loc.row, loc.value) == ("value_unreadable", "f.xlsx", "Nhật ký", 3, cell)
    assert loc.column is not None and loc.column.startswith("ABCD"[index])
    assert render(problem.params["expected"], "en") == expected
    assert pd.isna(result.frame.loc[0, column])  # never a silent wrong value


@pytest.mark.parametrize(
    ("cell", "says"),
    [
        ("31/02/2016", "một ngày có thật trên lịch (dd/mm/yyyy)"),
        ("05/09", "ngày có ghi năm (dd/mm/yyyy)"),
        ("hôm qua", "ngày dạng dd/mm/yyyy"),
    ],
)
def test_the_vietnamese_report_says_the_precise_expectation_too(cell: str, says: str) -> None:
    """Not the column type's generic words: "31/02" is a date, just not a real one."""
    result = parse(
        [["Tiêu đề"], ["Ngày", "Tiết", "Phòng", "Sử dụng CNTT"], [cell, 1, "Phòng máy", "có"]], tab="Nhật ký"
    )
    (problem,) = result.problems
    assert render(problem.message, "vi") == f"Không đọc được giá trị; cần {says}"


def test_unknown_closed_enum_value_is_located() -> None:
    result = parse([["Mã thiết bị", "Loại thiết bị", "Phòng", "Tình trạng"], ["A", "Máy tính", "P1", "Tạm ổn"]])
    (problem,) = result.problems
    assert problem.location.column == "D (Tình trạng)" and problem.location.value == "Tạm ổn"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16"])
def test_csv_through_the_parser(encoding: str) -> None:
    grid = [["Thống kê tin bài"], ["Ngày đăng", "Tiêu đề", "Chuyên mục"], ["05/09/2016", "Khai giảng", "Hoạt động"]]
    result = parse(via_csv(grid, encoding, ","))
    assert result.kind == "posts" and result.frame.loc[0, "category"] == "hoat_dong"
