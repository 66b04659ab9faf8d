"""Layouts real school tabs use: title rows, two-row and merged headers, totals, spacers, hidden
tabs, extra columns, the wide layout, and legacy-encoded text without font information."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from elschool_audit.sheets.legacy import from_unicode
from elschool_audit.sheets.parser import ParsedTab, UnrecognisedTab, parse_tab
from elschool_audit.sources.base import WorkbookBuilder
from elschool_audit.sources.readers import RawTab

Grid = list[list[Any]]


def parsed(grid: Grid, tab: str = "Sheet1", file: str = "f.xlsx") -> ParsedTab:
    result = parse_tab(grid, file, tab)
    assert isinstance(result, ParsedTab), result
    return result


def errors(result: ParsedTab) -> list[Any]:
    return [p for p in result.problems if p.severity == "error"]


DEVICES_HEADER = ["STT", "Mã thiết bị", "Loại thiết bị", "Phòng", "Tình trạng"]


def test_title_rows_above_the_header() -> None:
    grid: Grid = [
        ["PHÒNG GD&ĐT QUẬN LONG BIÊN", None, None, None, None],
        ["TRƯỜNG TH ÁI MỘ A", None, None, None, None],
        ["DANH MỤC THIẾT BỊ CNTT NĂM HỌC 2016-2017", None, None, None, None],
        [None] * 5,
        DEVICES_HEADER,
        [1, "MT01", "Máy tính", "Phòng Tin học", "Tốt"],
    ]
    result = parsed(grid)
    assert result.kind == "devices" and result.source.header_row == 5
    assert result.frame["code"].tolist() == ["MT01"] and result.frame["_row"].tolist() == [6]


def test_totals_spacers_and_repeated_headers_are_dropped_but_a_teacher_named_tong_is_kept() -> None:
    grid: Grid = [
        ["Họ và tên", "Chức vụ", "Số điện thoại"],
        ["Tống Thị Hoa", "Giáo viên", "0912345678"],
        [None, None, None],
        ["", "\u00a0", "\u200b"],
        ["Họ và tên", "Chức vụ", "Số điện thoại"],  # printed page break
        ["Trần Văn Nam", "Hiệu trưởng", None],
        ["Tổng cộng", "2", None],
        ["Cộng:", None, None],
        [None, "TỔNG SỐ", None],
    ]
    result = parsed(grid, tab="Danh bạ")
    assert result.kind == "staff"
    assert result.frame["name"].tolist() == ["Tống Thị Hoa", "Trần Văn Nam"]
    assert result.frame["_row"].tolist() == [2, 6]


def test_extra_unknown_columns_are_ignored() -> None:
    grid: Grid = [
        ["Mã thiết bị", "Màu sơn", "Loại thiết bị", "Phòng", "Cột tự thêm", "Tình trạng"],
        ["MT01", "đỏ", "Máy tính", "Phòng máy", "???", "Hỏng"],
    ]
    result = parsed(grid)
    assert set(result.source.columns) == {"code", "type", "room", "status"}
    assert result.frame.loc[0, "status"] == "broken" and not errors(result)


def test_two_row_header_sub_headers_name_the_columns() -> None:
    grid: Grid = [
        ["Ngày", "Tên chuyên đề", "Cấp", "Số người dự", None, None],
        [None, None, None, "HT", "GV", "CNTT"],
        ["12/10/2016", "Ứng dụng CNTT", "Trường", 1, 20, 2],
    ]
    result = parsed(grid, tab="Chuyên đề")
    assert result.kind == "sessions"
    row = result.frame.iloc[0]
    assert (row["principals"], row["teachers"], row["it_leads"]) == (1, 20, 2)
    assert row["date"] == pd.Timestamp(2016, 10, 12) and len(result.frame) == 1


def test_two_row_header_with_vertically_merged_cells_filled_down() -> None:
    """The xlsx reader fills vertical merges, so "Ngày" appears in both header rows."""
    grid: Grid = [
        ["Ngày", "Tên chuyên đề", "Cấp", "Số người dự", None],
        ["Ngày", "Tên chuyên đề", "Cấp", "HT", "GV"],
        ["12/10/2016", "Ứng dụng CNTT", "Quận", "1", "20"],
    ]
    result = parsed(grid)
    assert result.frame.iloc[0]["scope"] == "district" and result.frame.iloc[0]["teachers"] == 20


def test_group_header_over_marks_gives_the_marked_sub_header() -> None:
    grid: Grid = [
        ["Mã thiết bị", "Loại thiết bị", "Phòng", "Tình trạng", None],
        [None, None, None, "Tốt", "Hỏng"],
        ["MT01", "Máy tính", "P. Tin học", "x", None],
        ["MT02", "Máy chiếu", "Phòng máy", None, "✓"],
        ["MT03", "Máy chiếu", "Phòng máy", "x", "x"],
        ["MT04", "Máy chiếu", "Phòng máy", "hơi mờ", None],
    ]
    result = parsed(grid)
    assert result.frame["status"].tolist()[:2] == ["working", "broken"]
    assert result.frame["status"].isna().tolist()[2:] == [True, True]
    locs = {(p.location.row, p.location.column, p.location.value) for p in errors(result)}
    assert locs == {(5, "D (Tình trạng)", "Tốt, Hỏng"), (6, "D (Tốt)", "hơi mờ")}


def test_group_header_over_a_text_column_joins_the_marked_items() -> None:
    """ "Thiết bị sử dụng" over "Máy chiếu | Bảng tương tác": the combined header matches the
    usage log's devices column, and each row lists the devices it marked."""
    grid: Grid = [
        ["Ngày", "Lớp", "Phòng", "Sử dụng CNTT", "Thiết bị sử dụng", None, "Ghi chú"],
        ["Ngày", "Lớp", "Phòng", "Sử dụng CNTT", "Máy chiếu", "Bảng tương tác", "Ghi chú"],
        [dt.datetime(2016, 9, 5), "4A", "Phòng Tin học", "có", "x", "x", None],
        [dt.datetime(2016, 9, 6), "4B", "Lớp 4B", "không", None, None, None],
    ]
    result = parsed(grid, tab="Nhật ký sử dụng")
    assert result.kind == "usage_log"
    assert result.frame["devices"].tolist() == ["Máy chiếu, Bảng tương tác", None]
    assert result.source.headers["devices"] == "Thiết bị sử dụng" and result.source.columns["devices"] == "E"
    assert not result.problems


def test_a_title_merged_across_is_not_a_group_header() -> None:
    grid: Grid = [
        ["DANH MỤC", None, None, None],
        ["Mã thiết bị", "Loại", "Phòng", "Tình trạng"],
        ["A", "PC", "P1", "Tốt"],
    ]
    result = parsed(grid)
    assert result.source.header_row == 2 and result.frame["code"].tolist() == ["A"]


def test_wide_layout_is_melted() -> None:
    grid: Grid = [
        ["Mã máy", "Phòng", "MISA", "PMIS", "Netop School", "Ghi chú"],
        ["PC01", "Phòng máy", "x", None, "có", None],
        ["PC02", "Phòng máy", None, "✓", "không", None],
    ]
    result = parsed(grid, tab="Phần mềm cài")
    assert result.kind == "installed_software"
    got = {(r.device_code, r.software, bool(r.installed)) for r in result.frame.itertuples()}
    assert ("PC01", "finance", True) in got and ("PC02", "hr", True) in got and ("PC02", "netop", False) in got
    assert len(result.frame) == 6


def test_hidden_unrecognised_tab_is_parsed_silently_visible_one_is_warned() -> None:
    builder = WorkbookBuilder()
    junk: Grid = [["bảng tra", "giá trị"], ["a", "b"]]
    devices: Grid = [DEVICES_HEADER, [1, "MT01", "Máy tính", "Phòng máy", "Tốt"]]
    builder.add_file(
        "f.xlsx",
        [RawTab("Lists", junk, hidden=True), RawTab("Junk", junk), RawTab("Ẩn", devices, hidden=True)],
    )
    book = builder.build()
    assert [(p.code, p.location.tab) for p in book.problems] == [("tab_unrecognised", "Junk")]
    assert len(book.tables["devices"]) == 1  # a recognised hidden tab is still read


def test_legacy_column_without_font_information_is_warned_not_converted() -> None:
    names = ["Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Thị Hồng Nhung", "Phạm Đức Thắng", "Vũ Thị Thu Hường"]
    names += ["Đặng Quốc Việt", "Hoàng Thị Ngọc Lan", "Đỗ Mạnh Cường"]
    grid: Grid = [["Họ và tên", "Chức vụ"]] + [[from_unicode(n, "tcvn3"), "Giáo viên"] for n in names]
    result = parsed(grid, tab="Danh bạ")
    warnings = [p for p in result.problems if p.code == "legacy_encoding"]
    assert len(warnings) == 1
    warning = warnings[0]
    assert warning.severity == "warning" and warning.params["encoding"].startswith("TCVN3")
    assert warning.location.column == "A (Họ và tên)" and warning.params["example"] in names
    assert result.frame["name"].tolist()[0] != names[0]  # not converted: only the cell's font could say


def test_unicode_columns_are_not_flagged_as_legacy() -> None:
    grid: Grid = [
        ["Họ và tên", "Chức vụ"],
        ["Nguyễn Thị Hoa", "Giáo viên"],
        ["Lê Văn Tú", "Có"],
        ["Bùi Thị Ánh", "Tổ trưởng"],
    ]
    assert not parsed(grid, tab="Danh bạ").problems  # name + position alone could be the board too


def test_legacy_header_row_is_recognised_and_warned() -> None:
    grid: Grid = [
        [from_unicode(h, "vni") for h in ["Mã thiết bị", "Loại thiết bị", "Phòng", "Tình trạng"]],
        ["MT01", "Máy tính", "Phòng máy", "Tốt"],
    ]
    result = parsed(grid)
    assert result.kind == "devices"
    assert any(p.code == "legacy_encoding" and p.location.row == 1 for p in result.problems)


def test_unrecognised_tab() -> None:
    assert isinstance(parse_tab([["a", "b"], ["c", "d"]], "f", "t"), UnrecognisedTab)
    assert isinstance(parse_tab([], "f", "t"), UnrecognisedTab)
