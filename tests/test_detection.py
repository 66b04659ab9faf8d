"""Kind detection that knows when it does not know: a kind wins on its own columns by a clear
margin, books no rule reads are never taken for ones it does, and an unrecognised tab names the
kind it comes nearest to and what that kind still needs."""

from __future__ import annotations

from typing import Any

from elschool_audit.i18n import render
from elschool_audit.results import Msg
from elschool_audit.sheets.parser import ParsedTab, UnrecognisedTab, detect, parse_tab
from elschool_audit.sources.base import unrecognised_problem

Grid = list[list[Any]]

LOAN_EXPORT: Grid = [
    [
        "Mã phiếu",
        "Mã thiết bị",
        "Tên thiết bị",
        "Loại",
        "Số lượng",
        "Người mượn",
        "Ngày mượn",
        "Ngày trả",
        "Tình trạng",
        "Phòng",
    ],
    ["PM01", "MC01", "Máy chiếu Epson", "Máy chiếu", 1, "Nguyễn Thị Hoa", "05/09/2016", "05/09/2016", "Tốt", "Lớp 5A"],
]

BOOKING_REPORT: Grid = [
    ["STT", "Mã", "Người đăng ký", "Phòng chức năng", "Ngày sử dụng", "Tiết", "Nội dung", "Kết quả"],
    [1, "DK01", "Trần Văn Nam", "Phòng Tin học 1", "06/09/2016", "2", "Dạy Tin 4A", "Đã duyệt"],
]


def test_a_loan_export_is_not_read_as_the_device_inventory() -> None:
    result = parse_tab(LOAN_EXPORT, "chi-tiet-muon.xlsx", "Sheet1")
    assert isinstance(result, UnrecognisedTab) and result.known_as == "device_loans"
    problem = unrecognised_problem(result)
    assert problem.severity == "note" and "Sổ mượn trả thiết bị" in render(Msg(problem.code, problem.params), "vi")


def test_a_room_booking_report_is_not_read_as_the_self_check_list() -> None:
    result = parse_tab(BOOKING_REPORT, "dang-ky-phong.xlsx", "Báo cáo")
    assert isinstance(result, UnrecognisedTab) and result.known_as == "room_bookings"


def test_the_device_inventory_still_wins_on_its_own_columns() -> None:
    grid: Grid = [["Mã thiết bị", "Loại thiết bị", "Phòng", "Tình trạng"], ["MT01", "Máy tính", "Phòng máy", "Tốt"]]
    result = parse_tab(grid, "f.xlsx", "Sheet1")
    assert isinstance(result, ParsedTab) and result.kind == "devices"


def test_two_kinds_scoring_alike_are_ambiguous_and_the_tab_name_decides() -> None:
    grid: Grid = [["Họ và tên", "Chức vụ", "Số điện thoại"], ["Lê Văn Tú", "Giáo viên", "0912"]]
    found = detect(grid, "f.xlsx", "Sheet1")
    assert found.match is None and set(found.ambiguous) == {"staff", "board"}
    result = parse_tab(grid, "f.xlsx", "Sheet1")
    assert isinstance(result, UnrecognisedTab)
    problem = unrecognised_problem(result)
    text = render(Msg(problem.code, problem.params), "vi")
    assert problem.code == "tab_ambiguous" and "«Danh bạ CBGV» hoặc «Ban giám hiệu»" in text
    assert "“Staff directory” or “Principal board”" in render(Msg(problem.code, problem.params), "en")
    named = parse_tab(grid, "f.xlsx", "Ban giám hiệu")
    assert isinstance(named, ParsedTab) and named.kind == "board"


def test_only_common_words_in_the_header_win_no_kind() -> None:
    grid: Grid = [["Ngày", "Phòng", "Nội dung"], ["05/09/2016", "Phòng máy", "Vệ sinh máy"]]
    assert detect(grid, "f.xlsx", "Sheet1").match is None


def test_an_unrecognised_lesson_register_names_its_closest_kind_and_what_it_needs() -> None:
    grid: Grid = [
        ["LỊCH BÁO GIẢNG", None, None, None, None],
        ["Ngày dạy", "Tiết", "Môn", "Lớp", "Đầu bài dạy"],
        ["05/09/2016", 1, "Toán", "5A", "Ôn tập"],
    ]
    result = parse_tab(grid, "bao-giang.xlsx", "Tuần 1")
    assert isinstance(result, UnrecognisedTab)
    assert result.best_guess == "usage_log" and set(result.missing) == {"room", "used_it"}
    problem = unrecognised_problem(result)
    text = render(Msg(problem.code, problem.params), "vi")
    assert problem.code == "tab_unrecognised_closest"
    assert "Nhật ký sử dụng thiết bị" in text and "«Phòng»" in text and "«Sử dụng CNTT»" in text


def test_a_tab_naming_nothing_known_has_no_closest_kind() -> None:
    result = parse_tab([["a", "b"], ["c", "d"]], "f", "t")
    assert isinstance(result, UnrecognisedTab) and result.best_guess is None and not result.ambiguous
    assert unrecognised_problem(result).code == "tab_unrecognised"
