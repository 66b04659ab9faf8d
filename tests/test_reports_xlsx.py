"""XLSX reports read back with openpyxl: sheets, headers, fills, the Drive hyperlink, the guard."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook

from elschool_audit.reports.cells import BAND_RGB
from elschool_audit.reports.formats import xlsx
from tests.report_fixtures import DRIVE_LINK, EVIL_CMD, EVIL_FORMULA, district_report, school_report


def _open(report: dict[str, Any]) -> Workbook:
    data = xlsx.dumps(report, report["lang"])
    assert data[:2] == b"PK"
    return load_workbook(io.BytesIO(data))


def _headers(ws: Any) -> list[Any]:
    return [c.value for c in ws[1]]


def _fill(cell: Any) -> str:
    return str(cell.fill.fgColor.rgb)[-6:]


def test_sheets_and_vietnamese_headers() -> None:
    wb = _open(school_report("vi"))
    assert wb.sheetnames == ["Tổng hợp", "Phát hiện", "Tiêu chí", "Vấn đề dữ liệu", "Kế hoạch khắc phục", "Thông tin"]
    summary = wb["Tổng hợp"]
    assert _headers(summary)[:6] == ["Hạng", "Mã trường", "Trường", "Cấp", "Mô hình", "Điểm"]
    assert "I. Cơ sở vật chất" in _headers(summary)
    assert "Đạt chuẩn" in _headers(summary)
    assert _headers(wb["Phát hiện"])[:8] == [
        "Mã trường",
        "Trường",
        "Tiêu chí",
        "Mục",
        "Tên tiêu chí",
        "Trạng thái",
        "Điểm số",
        "Nội dung",
    ]
    assert _headers(wb["Tiêu chí"])[-1] == "Cách khắc phục"


def test_english_with_lang_en() -> None:
    wb = _open(district_report("en"))
    assert wb.sheetnames == ["Summary", "Findings", "Rules", "Data problems", "Action plan", "About"]
    assert _headers(wb["Summary"])[:3] == ["Rank", "School ID", "School"]
    assert "I. Infrastructure" in _headers(wb["Summary"])


def test_no_sheet_repeats_a_column() -> None:
    """The summary had its bonus column twice (once left blank for an unreadable school)."""
    for lang in ("vi", "en"):
        wb = _open(district_report(lang))
        for ws in wb.worksheets:
            headers = [h for h in _headers(ws) if h is not None]
            assert len(headers) == len(set(headers)), (ws.title, headers)


def test_every_sheet_has_frozen_header_filter_and_widths() -> None:
    wb = _open(district_report("vi"))
    for name in ["Tổng hợp", "Phát hiện", "Tiêu chí", "Vấn đề dữ liệu"]:
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:"), name
        assert all(ws.column_dimensions[c].width >= 6 for c in "ABC"), name


def test_summary_scores_ranks_and_fills() -> None:
    wb = _open(district_report("vi"))
    ws = wb["Tổng hợp"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    assert [r[1] for r in rows] == ["thcs-mau", "th-thu-nghiem", "mn-khong-doc"]  # rank order, unaudited last
    assert [r[0] for r in rows] == [1, 2, None]
    score_col = _headers(ws).index("Điểm")
    verdict_col = _headers(ws).index("Đạt chuẩn")
    first, second = ws[2], ws[3]
    assert first[score_col].value == 1.0
    assert first[score_col].number_format == "0.0%"
    assert _fill(first[score_col]) == BAND_RGB["good"]
    assert _fill(second[score_col]) == BAND_RGB["bad"]  # 42.9% < 80% - 15%
    assert second[verdict_col].value == "Chưa đạt chuẩn"
    assert _fill(second[verdict_col]) == BAND_RGB["bad"]


def test_findings_hyperlink_status_fill_and_formula_guard() -> None:
    wb = _open(school_report("vi"))
    ws = wb["Phát hiện"]
    headers = _headers(ws)
    row = ws[2]
    file_cell = row[headers.index("Tệp")]
    assert file_cell.value == "Danh muc thiet bi.xlsx"
    assert file_cell.hyperlink is not None and file_cell.hyperlink.target == DRIVE_LINK
    assert _fill(row[headers.index("Trạng thái")]) == BAND_RGB["bad"]
    value = row[headers.index("Giá trị")]
    assert value.value == "'" + EVIL_FORMULA
    assert value.data_type == "s"  # text, not a formula
    assert ws[3][headers.index("Trang")].value == "'" + EVIL_CMD
    assert ws[3][headers.index("Tệp")].hyperlink is None
    error_row = ws[4]
    assert error_row[headers.index("Tiêu chí")].value == "PORTAL-MAIL"
    assert _fill(error_row[headers.index("Trạng thái")]) == BAND_RGB["warn"]


def test_no_cell_anywhere_is_a_formula() -> None:
    wb = _open(district_report("vi"))
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(("=", "+", "-", "@", "\t", "\r")), cell.value


def test_only_https_links_become_hyperlinks() -> None:
    report = school_report("vi")
    report["rules"][0]["findings"][0]["link"] = "javascript:alert(1)"
    ws = _open(report)["Phát hiện"]
    assert all(cell.hyperlink is None for row in ws.iter_rows() for cell in row)


def test_rules_sheet_school_and_district_matrix() -> None:
    ws = _open(school_report("en"))["Rules"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert list(rows) == ["INF-COMPUTERS", "INF-INTERNET", "PORTAL-NEWS", "PORTAL-MAIL"]
    assert rows["INF-COMPUTERS"][-1] == "Repair broken computers, then update the Status column."
    matrix = _open(district_report("en"))["Rules"]
    headers = _headers(matrix)
    assert headers[-2:] == ["thcs-mau", "th-thu-nghiem"]  # rank order; the unaudited school has no results
    by_rule = {r[0]: r for r in matrix.iter_rows(min_row=2, values_only=True)}
    assert by_rule["INF-COMPUTERS"][3:6] == (1, 1, 0)  # pass, fail, error counts
    assert by_rule["INF-INTERNET"][-2:] == ("Waived", "Pass")


def test_problems_and_about_sheets() -> None:
    wb = _open(district_report("vi"))
    problems = list(wb["Vấn đề dữ liệu"].iter_rows(min_row=2, values_only=True))
    assert len(problems) == 1
    assert problems[0][-1] == "'-31/11/2016"
    about = {r[0]: r[1] for r in wb["Thông tin"].iter_rows(values_only=True)}
    assert about["Đơn vị"] == "Phòng GD&ĐT Thử"
    assert about["Ngưỡng đạt"] == "80%"
