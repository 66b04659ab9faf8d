"""Issue 17: texts seen wrong — "Chỉ có 0 dòng (mọi dòng)", a bonus shown as "1/0", lint mixing
languages ("cần one of: …")."""

from __future__ import annotations

import json
from pathlib import Path

from elschool_audit.i18n import render
from elschool_audit.reports.cells import points
from tests.builders import Sheet, run, workbook

DEVICES = "Mã thiết bị,Loại thiết bị,Phòng,Tình trạng\nPC-1,Máy tính,Phòng Tin học 1,xyz abc\n"


def test_an_empty_tab_says_there_is_no_row_not_only_zero_of_every_row() -> None:
    wb = workbook(software_issues=Sheet([], headers=["Ngày", "Phần mềm", "Vướng mắc"]))
    out = run({"type": "presence", "sheet": "software_issues"}, wb)
    (finding,) = out.findings
    assert render(finding.message, "vi") == "Không có dòng nào; cần ≥ 1"
    assert render(finding.message, "en") == "No rows; need ≥ 1"


def test_a_bonus_reads_plus_its_points_never_over_zero() -> None:
    assert points(1, 0) == "+1"
    assert points(0, 0) == "—"
    assert points(2, 3) == "2/3"


def test_lint_speaks_one_language(run_cli, tmp_path: Path) -> None:
    folder = tmp_path / "truong"
    folder.mkdir()
    (folder / "thiet-bi.csv").write_text(DEVICES, encoding="utf-8")
    vi = json.loads(run_cli("sheets", "lint", str(folder), "--format", "json").out)["problems"]
    en = json.loads(run_cli("sheets", "lint", str(folder), "--format", "json", "--lang", "en").out)["problems"]
    (p_vi,) = [p for p in vi if p["code"] == "value_unreadable"]
    (p_en,) = [p for p in en if p["code"] == "value_unreadable"]
    assert "cần một trong: Hoạt động tốt" in p_vi["message"] and "one of" not in p_vi["message"] + p_vi["hint"]
    assert "expected one of: Hoạt động tốt" in p_en["message"] and "một trong" not in p_en["message"] + p_en["hint"]
    table = run_cli("sheets", "lint", str(folder), "--lang", "en").out
    assert "1 problem" in table and "1 problems" not in table
