"""Issue 17: the action plan — written as CSV and as an XLSX sheet, filled in by the school, read
back by the next audit as comments beside each finding still open."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from openpyxl import load_workbook

BASE = ("audit", "school", "thcs-ai-mo", "--month", "2017-01")


def _rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_plan_has_one_row_per_failed_finding_with_blank_answer_columns(run_cli, district: Path, tmp_path: Path) -> None:
    out = tmp_path / "ke-hoach.csv"
    r = run_cli(*BASE, "--source", str(district), "--format", "plan", "-o", str(out))
    assert r.code in (0, 1), r.err
    rows = _rows(out)
    report = json.loads(run_cli(*BASE, "--source", str(district), "--format", "json").out)
    failed = [x for x in report["rules"] if x["status"] in ("fail", "error")]
    assert len(rows) == sum(max(1, len(x["findings"])) for x in failed)
    broken = next(x for x in rows if x["Tiêu chí"] == "INF-COMPUTERS-WORKING")
    assert broken["Tệp"] == "Danh muc thiet bi CNTT.xlsx" and broken["Giá trị tìm thấy"] == "Hỏng"
    assert broken["Yêu cầu"].startswith("Không đạt")
    for col in ("Lý do chưa đạt", "Người phụ trách", "Ngày dự kiến hoàn thành"):
        assert all(x[col] == "" for x in rows)


def test_xlsx_report_has_a_plan_sheet(run_cli, district: Path, tmp_path: Path) -> None:
    out = tmp_path / "bao-cao.xlsx"
    run_cli(*BASE, "--source", str(district), "-o", str(out))
    wb = load_workbook(out)
    assert "Kế hoạch khắc phục" in wb.sheetnames
    head = [c.value for c in wb["Kế hoạch khắc phục"][1]]
    assert head[-3:] == ["Lý do chưa đạt", "Người phụ trách", "Ngày dự kiến hoàn thành"]


def test_a_returned_plan_comes_back_beside_the_findings_still_open(run_cli, district: Path, tmp_path: Path) -> None:
    plan = tmp_path / "ke-hoach.csv"
    run_cli(*BASE, "--source", str(district), "--format", "plan", "-o", str(plan))
    rows = _rows(plan)
    target = next(x for x in rows if x["Tiêu chí"] == "INF-COMPUTERS-WORKING")
    target.update({"Lý do chưa đạt": "Chờ sửa", "Người phụ trách": "Cô Lan", "Ngày dự kiến hoàn thành": "15/02/2017"})
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    plan.write_text(buf.getvalue(), encoding="utf-8-sig")

    r = run_cli(*BASE, "--source", str(district), "--format", "json", "--plan", str(plan))
    report = json.loads(r.out)
    rule = next(x for x in report["rules"] if x["id"] == "INF-COMPUTERS-WORKING")
    noted = [f for f in rule["findings"] if f.get("plan")]
    assert noted and noted[0]["plan"]["plan_responsible"] == "Cô Lan"
    md = run_cli(*BASE, "--source", str(district), "--format", "md", "--plan", str(plan))
    assert "Cô Lan" in md.out and "15/02/2017" in md.out
    again = tmp_path / "ke-hoach-2.csv"
    run_cli(*BASE, "--source", str(district), "--format", "plan", "--plan", str(plan), "-o", str(again))
    kept = next(x for x in _rows(again) if x["Tiêu chí"] == "INF-COMPUTERS-WORKING")
    assert kept["Người phụ trách"] == "Cô Lan"


def test_a_plan_saved_in_the_school_folder_is_not_school_data(run_cli, district: Path) -> None:
    folder = district / "thcs-ai-mo"
    before = json.loads(run_cli(*BASE, "--source", str(district), "--format", "json").out)["score"]
    run_cli(*BASE, "--source", str(district), "--format", "plan", "-o", str(folder / "ke-hoach.csv"))
    after = json.loads(run_cli(*BASE, "--source", str(district), "--format", "json").out)
    assert after["score"] == before
    assert any(p["file"] == "ke-hoach.csv" and p["severity"] == "note" for p in after["problems"])
