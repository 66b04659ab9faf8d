"""`sheets template` and `sheets lint`: what a school's IT lead does before submitting."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from elschool_audit.roster import School
from elschool_audit.sheets.kinds import catalogue
from elschool_audit.sheets.templates import HEADER_ROW, LISTS_SHEET
from elschool_audit.sources.local import LocalSource


@pytest.mark.parametrize("level", ["MN", "TH", "THCS"])
def test_templates_are_recognised_by_the_parser(run_cli, tmp_path: Path, level: str) -> None:
    out = tmp_path / "mau"
    r = run_cli("sheets", "template", "--level", level, "--out", str(out))
    assert r.code == 0
    files = sorted(out.glob("*.xlsx"))
    assert len(files) >= 5
    lint = run_cli("sheets", "lint", str(out), "--level", level, "--format", "json")
    assert lint.code == 0, lint.out
    report = json.loads(lint.out)
    assert report["clean"] and len(report["tables"]) == len(files)


def test_template_has_vietnamese_headers_dropdowns_and_instructions(run_cli, tmp_path: Path) -> None:
    run_cli("sheets", "template", "--level", "THCS", "--out", str(tmp_path))
    path = next(tmp_path.glob("*Danh mục thiết bị CNTT.xlsx"))
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[HEADER_ROW]]
    assert "Phòng ★" in headers and "Tình trạng ★" in headers and "Ghi chú" in headers
    assert "dd/mm/yyyy" in str(ws.cell(row=3, column=1).value)
    assert wb[LISTS_SHEET].sheet_state == "hidden"
    validations = ws.data_validations.dataValidation
    status_col = openpyxl.utils.get_column_letter(headers.index("Tình trạng ★") + 1)
    assert any(status_col in str(dv.sqref) and LISTS_SHEET in dv.formula1 for dv in validations)
    lists = [c.value for c in wb[LISTS_SHEET]["A"]]
    assert "Máy tính" in lists  # device types, spelled as the template prints them


def test_filled_template_round_trips_through_the_parser(run_cli, tmp_path: Path) -> None:
    run_cli("sheets", "template", "--level", "TH", "--out", str(tmp_path))
    path = next(tmp_path.glob("*Nhật ký sử dụng thiết bị.xlsx"))
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    headers = [str(c.value).removesuffix(" ★") for c in ws[HEADER_ROW]]
    kind = catalogue().kinds["usage_log"]
    by_header = {kind.columns[name].vi: name for name in kind.columns}
    rows = [
        {"date": dt.date(2016, 10, 3), "period": 2, "class": "4A", "teacher": "Nguyễn Thị Hoa", "subject": "Toán",
         "room": "Phòng Tin học", "used_it": "có"},
        {"date": "04/10/2016", "period": 3, "class": "4B", "teacher": "Trần Văn Nam", "subject": "Tiếng Việt",
         "room": "Lớp 4B", "used_it": "không"},
    ]  # fmt: skip
    for r, values in enumerate(rows, start=HEADER_ROW + 1):
        for c, header in enumerate(headers, start=1):
            ws.cell(row=r, column=c, value=values.get(by_header[header]))
    wb.save(path)
    lint = run_cli("sheets", "lint", str(path), "--format", "json")
    assert lint.code == 0, lint.out
    workbook = LocalSource(tmp_path.parent, school_dir=tmp_path).collect(School(id="x", name="x", level="TH"))
    frame = workbook.tables["usage_log"].frame
    assert list(frame["_row"]) == [HEADER_ROW + 1, HEADER_ROW + 2]
    assert list(frame["used_it"]) == [True, False]
    assert frame["date"].iloc[1] == dt.datetime(2016, 10, 4)
    assert list(frame["room_type"]) == ["tin_hoc", "hoc_thuong"]


def test_lint_locates_every_problem_and_exits_1(run_cli, district: Path) -> None:
    r = run_cli("sheets", "lint", "--school", "thcs-do-thi-viet-hung", "--source", str(district), "--format", "json")
    assert r.code == 1
    problems = json.loads(r.out)["problems"]
    bad_date = next(p for p in problems if p["code"] == "value_unreadable")
    assert bad_date["file"] == "Nhat ky su dung thiet bi.xlsx"
    assert bad_date["row"] == 46 and bad_date["value"] == "31/11/2016"
    assert bad_date["column"].startswith("B")
    assert "dd/mm/yyyy" in bad_date["hint"]


def test_lint_reports_missing_sheets_for_the_level(run_cli, district: Path) -> None:
    folder = district / "th-ai-mo-a"
    (folder / "Thong ke tin bai.csv").unlink()
    r = run_cli("sheets", "lint", str(folder), "--level", "TH", "--format", "json")
    assert r.code == 1
    missing = [p for p in json.loads(r.out)["problems"] if p["code"] == "sheet_missing"]
    assert any("tin bài" in p["message"] for p in missing)


def test_lint_a_headerless_tab_and_a_missing_column(run_cli, tmp_path: Path) -> None:
    (tmp_path / "thiet bi.csv").write_text(
        "Ma thiet bi;Loai thiet bi;Tinh trang\nTH-01;May tinh;Tot\nTH-02;May tinh;Hong\n", encoding="utf-8"
    )
    (tmp_path / "ghi chu.csv").write_text("abc,def\n1,2\n", encoding="utf-8")
    r = run_cli("sheets", "lint", str(tmp_path), "--format", "json")
    assert r.code == 1
    codes = {(p["code"], p["file"]) for p in json.loads(r.out)["problems"]}
    assert ("column_missing", "thiet bi.csv") in codes  # no Phòng column
    assert ("tab_unrecognised", "ghi chu.csv") in codes


def test_lint_needs_a_path_or_a_school(run_cli) -> None:
    assert run_cli("sheets", "lint").code == 2


def test_a_missing_path_is_named_in_the_chosen_language(run_cli, tmp_path: Path) -> None:
    missing = tmp_path / "không-có"
    vi = run_cli("sheets", "map", str(missing))
    assert vi.code == 2 and "không tìm thấy tệp hoặc thư mục" in vi.err and str(missing) in vi.err
    en = run_cli("--lang", "en", "sheets", "map", str(missing))
    assert en.code == 2 and "no such file or folder" in en.err and "không tìm thấy" not in en.err
