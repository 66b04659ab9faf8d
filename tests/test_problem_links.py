"""A data problem in a Drive file carries the file's link into every report that shows links
(JSON, HTML, XLSX, Markdown), like a finding does; one without a link keeps the old JSON shape."""

from __future__ import annotations

import dataclasses
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
from openpyxl import load_workbook

from elschool_audit.reports import records
from elschool_audit.reports.formats import html, markdown, xlsx
from elschool_audit.results import DistrictResult, SchoolResult
from tests.report_fixtures import AS_OF, DRIVE_LINK, failing_school, passing_school, tiny_rubric

SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "docs" / "report-schema.json").read_text("utf-8"))


def _school(link: str | None) -> SchoolResult:
    """The failing school, its one data problem (an unreadable date) in a file at ``link``."""
    school = failing_school()
    problem = school.problems[0]
    moved = dataclasses.replace(problem, location=dataclasses.replace(problem.location, link=link))
    return dataclasses.replace(school, problems=(moved,))


def _report(link: str | None) -> dict[str, Any]:
    district = DistrictResult("Phòng GD&ĐT Thử", AS_OF, "tiny-2017", "0123456789ab", (_school(link), passing_school()))
    return records.district_report(district, tiny_rubric(), "vi")


def test_a_drive_problem_carries_its_link_in_every_format() -> None:
    report = _report(DRIVE_LINK)
    jsonschema.validate(report, SCHEMA)
    problem = report["schools"][0]["problems"][0]
    assert (problem["file"], problem["link"]) == ("Nhat ky.xlsx", DRIVE_LINK)
    assert list(problem)[-1] == "link"  # after the place, as in a finding

    school_page = html.dumps(records.school_report(_school(DRIVE_LINK), tiny_rubric(), "vi"), "vi")
    assert f'href="{DRIVE_LINK}"' in school_page.split("Vấn đề về dữ liệu")[1]
    assert f"]({DRIVE_LINK})" in markdown.dumps(report, "vi").split("Vấn đề về dữ liệu")[-1]

    sheet = load_workbook(io.BytesIO(xlsx.dumps(report, "vi")))["Vấn đề dữ liệu"]
    headers = [c.value for c in sheet[1]]
    file_cell = sheet[2][headers.index("Tệp")]
    assert file_cell.value == "Nhat ky.xlsx"
    assert file_cell.hyperlink is not None and file_cell.hyperlink.target == DRIVE_LINK


def test_a_problem_without_a_link_keeps_the_old_shape_and_no_hyperlink() -> None:
    report = _report(None)
    jsonschema.validate(report, SCHEMA)
    assert "link" not in report["schools"][0]["problems"][0]
    sheet = load_workbook(io.BytesIO(xlsx.dumps(report, "vi")))["Vấn đề dữ liệu"]
    assert all(cell.hyperlink is None for row in sheet.iter_rows() for cell in row)


def test_only_https_problem_links_become_links() -> None:
    report = _report("javascript:alert(1)")
    assert "javascript:" not in markdown.dumps(report, "vi")
    sheet = load_workbook(io.BytesIO(xlsx.dumps(report, "vi")))["Vấn đề dữ liệu"]
    assert all(cell.hyperlink is None for row in sheet.iter_rows() for cell in row)
