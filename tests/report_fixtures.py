"""Small hand-made audit results for the report-format tests (no spreadsheets, no rubric file).

Two sections, four rules, two schools. Values a school could type into its own sheets carry the
hostile cases: a formula, a ``+cmd``, a ``<script>`` school name. Everything is built from the
``results.py`` dataclasses and turned into records by ``reports.records``, exactly as the CLI
does, so the formats are tested on the real record shapes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from elschool_audit.i18n import Lang
from elschool_audit.reports import records
from elschool_audit.results import (
    DataProblem,
    DistrictResult,
    Finding,
    Location,
    Msg,
    RuleResult,
    SchoolResult,
    SectionScore,
)
from elschool_audit.rubric.model import Rubric

AS_OF = dt.date(2017, 1, 31)
DRIVE_LINK = "https://drive.google.com/file/d/1AbCdEf/view"
EVIL_FORMULA = '=HYPERLINK("http://evil.example/x","bấm vào đây")'
EVIL_CMD = "+cmd|' /C calc'!A0"
SCRIPT_NAME = "<script>alert(1)</script>"


def tiny_rubric() -> Rubric:
    def checklist(item: str) -> dict[str, Any]:
        return {"type": "checklist", "items": [item]}

    return Rubric.model_validate(
        {
            "id": "tiny-2017",
            "title": {"vi": "Bộ tiêu chí thử", "en": "Test rubric"},
            "source": "tests",
            "pass_mark": 0.8,
            "sections": [
                {
                    "id": "infrastructure",
                    "title": {"vi": "I. Cơ sở vật chất", "en": "I. Infrastructure"},
                    "rules": [
                        {
                            "id": "INF-COMPUTERS",
                            "clause": "B.I.1",
                            "title": {"vi": "Máy tính hoạt động tốt", "en": "Computers work"},
                            "points": 3,
                            "check": checklist("CL-A"),
                            "explain": {
                                "vi": "Sửa máy hỏng rồi cập nhật cột Tình trạng.",
                                "en": "Repair broken computers, then update the Status column.",
                            },
                        },
                        {
                            "id": "INF-INTERNET",
                            "clause": "B.I.2",
                            "title": {"vi": "Có đường truyền internet", "en": "Internet line"},
                            "points": 1,
                            "check": checklist("CL-B"),
                        },
                    ],
                },
                {
                    "id": "portal",
                    "title": {"vi": "II. Cổng thông tin", "en": "II. Web portal"},
                    "rules": [
                        {
                            "id": "PORTAL-NEWS",
                            "clause": "B.III.4",
                            "title": {"vi": "Đăng tin hằng tuần", "en": "Weekly news"},
                            "points": 2,
                            "check": checklist("CL-C"),
                        },
                        {
                            "id": "PORTAL-MAIL",
                            "clause": "B.III.5",
                            "title": {"vi": "Dùng thư điện tử", "en": "Uses e-mail"},
                            "points": 1,
                            "check": checklist("CL-D"),
                        },
                    ],
                },
            ],
        }
    )


def _school(
    school_id: str,
    name: str,
    level: str,
    results: tuple[RuleResult, ...],
    problems: tuple[DataProblem, ...] = (),
) -> SchoolResult:
    sections = tuple(
        SectionScore(
            sec,
            earned=sum(r.points_earned for r in results if r.section == sec),
            possible=sum(r.points_possible for r in results if r.section == sec),
        )
        for sec in ("infrastructure", "portal")
    )
    return SchoolResult(
        school_id=school_id,
        school_name=name,
        level=level,
        profile="full",
        pilot=True,
        clc=False,
        as_of=AS_OF,
        rubric_id="tiny-2017",
        rubric_hash="0123456789ab",
        results=results,
        sections=sections,
        earned=sum(s.earned for s in sections),
        possible=sum(s.possible for s in sections),
        bonus=0.0,
        pass_mark=0.8,
        problems=problems,
        source=f"sample/{school_id}",
    )


def failing_school(name: str = "Trường Tiểu học Thử Nghiệm") -> SchoolResult:
    """Fails INF-COMPUTERS (two findings: a hostile formula and a Drive link) and PORTAL-MAIL."""
    results = (
        RuleResult(
            "INF-COMPUTERS",
            "infrastructure",
            "fail",
            0.0,
            3.0,
            measured=Msg("share_measured", {"share": "50%", "ok": 1, "n": 2, "min": "100%"}),
            findings=(
                Finding(
                    Msg("row_failed", {"cond": "Tình trạng là Hoạt động tốt"}),
                    Location("Danh muc thiet bi.xlsx", "Thiết bị", 7, "E", "Tình trạng", EVIL_FORMULA, link=DRIVE_LINK),
                ),
                Finding(
                    Msg("row_failed", {"cond": "Tình trạng là Hoạt động tốt"}),
                    Location("Danh muc thiet bi.xlsx", EVIL_CMD, 9, "E", "Tình trạng", "@SUM(A1)"),
                ),
            ),
            findings_total=3,
        ),
        RuleResult("INF-INTERNET", "infrastructure", "pass", 1.0, 1.0, measured=Msg("rows_count", {"n": 2})),
        RuleResult("PORTAL-NEWS", "portal", "pass", 2.0, 2.0, measured=Msg("periods_measured", {"ok": 4, "n": 4})),
        RuleResult(
            "PORTAL-MAIL",
            "portal",
            "error",
            0.0,
            1.0,
            measured=Msg("rows_count", {"n": 0}),
            findings=(Finding(Msg("sheet_missing", {"kind": "Thư điện tử"})),),
            findings_total=1,
        ),
    )
    problems = (
        DataProblem(
            "error",
            "value_unreadable",
            {"expected": "dd/mm/yyyy"},
            Location("Nhat ky.xlsx", "Phòng học", 12, "B", "Ngày", "-31/11/2016"),
        ),
    )
    return _school("th-thu-nghiem", name, "TH", results, problems)


def passing_school(name: str = "Trường THCS Mẫu") -> SchoolResult:
    results = (
        RuleResult("INF-COMPUTERS", "infrastructure", "pass", 3.0, 3.0, measured=Msg("rows_count", {"n": 5})),
        RuleResult(
            "INF-INTERNET",
            "infrastructure",
            "waived",
            0.0,
            0.0,
            note=Msg("waived", {"reason": "Đang lắp đường truyền", "expires": "30/06/2017"}),
        ),
        RuleResult("PORTAL-NEWS", "portal", "pass", 2.0, 2.0, measured=Msg("periods_measured", {"ok": 4, "n": 4})),
        RuleResult("PORTAL-MAIL", "portal", "not_applicable", 0.0, 0.0, note=Msg("na_level", {"level": "THCS"})),
    )
    return _school("thcs-mau", name, "THCS", results)


def unreadable_school() -> SchoolResult:
    base = _school("mn-khong-doc", "Trường Mầm non Không Đọc Được", "MN", ())
    return SchoolResult(
        **{
            **{f: getattr(base, f) for f in base.__dataclass_fields__},
            "results": (),
            "sections": (),
            "error": Msg("school_unreadable", {"reason": "không có thư mục"}),
        }
    )


def school_report(lang: Lang = "vi", name: str | None = None) -> dict[str, Any]:
    school = failing_school(name) if name else failing_school()
    return records.school_report(school, tiny_rubric(), lang)


def district_report(lang: Lang = "vi", first_name: str | None = None) -> dict[str, Any]:
    first = failing_school(first_name) if first_name else failing_school()
    district = DistrictResult(
        "Phòng GD&ĐT Thử",
        AS_OF,
        "tiny-2017",
        "0123456789ab",
        (first, passing_school(), unreadable_school()),
    )
    return records.district_report(district, tiny_rubric(), lang)
