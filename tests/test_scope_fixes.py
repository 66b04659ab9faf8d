"""The guideline's exact scope (issue 14): each fix with a passing and a failing school, and the
failing finding at the cell to fix with the value found (tests/test_rubric_rules.py builds the
workbooks through the real parser; these cases add what its one pass/fail pair per rule cannot)."""

from __future__ import annotations

import datetime as dt

from elschool_audit.engine import evaluate
from elschool_audit.i18n import render
from elschool_audit.results import RuleResult
from elschool_audit.roster import School
from elschool_audit.sources.base import WorkbookBuilder
from elschool_audit.sources.readers import RawTab
from tests.test_rubric_rules import (
    ALL_KINDS_GOOD,
    AS_OF,
    RUBRIC,
    D,
    Tab,
    _exams,
    _one_rule_rubric,
    build,
    devices,
    district_sessions,
    maintenance,
    matrix,
    posts,
    software,
    staff,
    training,
    usage,
)


def _result(
    rule_id: str,
    tabs: list[Tab],
    level: str = "TH",
    email: str | None = None,
    as_of: dt.date = AS_OF,
    pilot: bool = True,
) -> RuleResult:
    rubric, _ = _one_rule_rubric(rule_id)
    [rr] = evaluate(rubric, _school(level, email, pilot), build(tabs), as_of).results
    return rr


def _school(level: str, email: str | None = None, pilot: bool = True) -> School:
    """A pilot school runs the full model, any other the partial model of clause A.5."""
    email = email or f"hoso{level.lower()}kiemtra@gmail.com"
    return School(id="kiem-tra", name="Trường kiểm tra", level=level, pilot=pilot, email=email)


def test_phonebook_counts_a_teacher_written_gv() -> None:
    good = _result("PORTAL-PHONEBOOK", [staff(["Trần Thu Hương", "GVCN 4A", "0912", "h@gmail.com", "Có"])])
    assert good.status == "pass"
    bad = _result(
        "PORTAL-PHONEBOOK",
        [
            staff(
                ["Trần Thu Hương", "GV Tiếng Anh", "0912", "", "Có"],
                ["Lê Văn Hùng", "Bảo vệ", "", "", "Không"],
            )
        ],
    )
    assert bad.status == "fail"
    [finding] = bad.findings
    assert (finding.location.tab, finding.location.row) == ("Danh bạ", 2)
    assert finding.location.column is not None and finding.location.column.startswith("D")  # the empty e-mail cell


def test_timetable_applies_to_preschools_under_thoi_gian_bieu() -> None:
    good = _result("PORTAL-TIMETABLE", [posts([D(2016, 9, 8), "Thời gian biểu", "Thời gian biểu", 0, None])], "MN")
    assert good.status == "pass"
    bad = _result("PORTAL-TIMETABLE", [posts([D(2016, 9, 8), "Khai giảng", "Chuyên môn", 0, None])], "MN")
    assert bad.status == "fail"


def test_school_account_level_is_the_schools_own() -> None:
    assert _result("POL-SCHOOL-ACCOUNT", [posts()], "THCS", "hosothcsaimo@gmail.com").status == "pass"
    bad = _result("POL-SCHOOL-ACCOUNT", [posts()], "TH", "hosothcsaimo@gmail.com")
    assert bad.status == "fail"
    [finding] = bad.findings
    assert (finding.location.file, finding.location.column, finding.location.value) == (
        "roster",
        "email",
        "hosothcsaimo@gmail.com",
    )
    assert "hosoth +" in render(finding.message, "vi")


def test_exams_one_per_other_subject_each_semester() -> None:
    assert _result("RES-EXAMS", [_exams()]).status == "pass"
    bad = _result("RES-EXAMS", [_exams(skip_subject="Tiếng Anh")])
    assert bad.status == "fail"
    [finding] = bad.findings
    text = render(finding.message, "vi")
    assert text == "Tiếng Anh · HK I: có 0, cần ít nhất 1"
    assert finding.location.tab == "Học liệu"  # no English exam row to point at: the tab where it belongs


def test_a_typed_rate_the_counts_contradict_does_not_pass() -> None:
    """50 trained of 196 typed as 100%: the rule judges the counts (26%) and fails, and the typed
    cell is a warning at its cell (found 100%, expected 26%)."""
    assert _result("TRAIN-STAFF-WEB", [training(["CBGVNV", None, 196, 196, "100%", D(2016, 10, 20)])]).status == "pass"
    builder = WorkbookBuilder()
    [(_, name, grid)] = [training(["CBGVNV", None, 50, 196, "100%", D(2016, 10, 20)])]
    builder.add_file("Ho so.xlsx", [RawTab(name, grid)])
    wb = builder.build()
    rubric, _ = _one_rule_rubric("TRAIN-STAFF-WEB")
    [bad] = evaluate(rubric, _school("TH"), wb, AS_OF).results
    assert bad.status == "fail"
    [problem] = [p for p in wb.problems if p.code == "rate_disagrees"]
    assert (problem.location.tab, problem.location.row, problem.location.value) == ("Tập huấn", 2, "100%")
    assert (problem.params["found"], problem.params["expected"]) == ("100%", "26%")


def test_issue_log_kept_empty_passes_and_missing_fails_once() -> None:
    """The missing issue log is charged by INF-SOFTWARE-ISSUE-LOG only: ROOM-ADMIN-SOFTWARE-USE
    and POL-DRIVE-RECORDS do not charge it again."""
    without_log = [t for t in ALL_KINDS_GOOD if t[0] != "software_issues"]
    result = evaluate(RUBRIC, _school("TH"), build(without_log), AS_OF)
    charged = {
        r.rule_id
        for r in result.results
        if r.status in ("fail", "error") and any(f.message.params.get("kind") == "software_issues" for f in r.findings)
    }
    assert charged == {"INF-SOFTWARE-ISSUE-LOG"}


def test_a_rule_due_on_the_audit_day_is_pending_until_the_day_ends() -> None:
    """TRAIN-PARENTS-WEB is due 31/12: audited on 31/12 with nothing yet, the school still has the
    day; audited on 01/01 it fails."""
    nothing = [training(["Cha mẹ học sinh", None, 0, 500, "0%", D(2016, 12, 20)])]
    on_the_day = _result("TRAIN-PARENTS-WEB", nothing, as_of=D(2016, 12, 31))
    assert on_the_day.status == "not_applicable"
    assert on_the_day.note is not None and on_the_day.note.key == "na_due"
    assert _result("TRAIN-PARENTS-WEB", nothing, as_of=D(2017, 1, 1)).status == "fail"


def test_district_session_at_a_host_appendix_2_does_not_name_fails_at_the_host_cell() -> None:
    rr = _result(
        "TOPIC-DISTRICT-ATTENDANCE",
        [
            district_sessions(
                [D(2016, 11, 17), "Chuyên đề 1", "Quận", 1, 1, 1, "", "Trường TH Đô thị Việt Hưng"],
                [D(2016, 12, 15), "Chuyên đề 2", "Quận", 1, 1, 1, "", "Trường TH Gia Thụy"],
            )
        ],
    )
    assert rr.status == "fail"
    [finding] = rr.findings
    assert (finding.location.tab, finding.location.row, finding.location.value) == (
        "Chuyên đề",
        3,
        "Trường TH Gia Thụy",
    )
    assert finding.location.column is not None and finding.location.column.endswith("(Đơn vị tổ chức)")
    assert "Ái Mộ A" in render(finding.message, "vi")


def test_preschool_hosts_are_the_preschools_appendix_2_names() -> None:
    rows = [
        [D(2016, 11, 17), "Chuyên đề 1", "Quận", 1, 1, 1, "", "Trường MN Phúc Đồng"],
        [D(2016, 12, 15), "Chuyên đề 2", "Quận", 1, 1, 1, "", "Trường MN Đô thị Việt Hưng"],
    ]
    assert _result("TOPIC-DISTRICT-ATTENDANCE", [district_sessions(*rows)], "MN").status == "pass"
    assert _result("TOPIC-DISTRICT-ATTENDANCE", [district_sessions(*rows)], "THCS").status == "fail"


def test_lab_lessons_need_the_teaching_software_classroom_lessons_only_devices() -> None:
    """Appendix 1: rooms 1-3 and 5-10 'các thiết bị CNTT và các phần mềm hỗ trợ giảng dạy', room 4
    devices only: a lab lesson that names no software fails at its software cell."""
    classroom = [[D(2016, 10, d), 1, "4A", "Hương", "Toán", "Lớp 4A", "x", ""] for d in range(3, 8)]
    lab = [D(2016, 10, 5), 2, "4A", "Hà", "Tin học", "Phòng Tin học", "x", "Logo"]
    assert _result("ROOM-LESSON-IT-RATE", [usage(*classroom, lab)]).status == "pass"
    bad = _result("ROOM-LESSON-IT-RATE", [usage(*classroom, [*lab[:7], ""])])
    assert bad.status == "fail"
    summary, finding = bad.findings  # the room's month (0% of 1), then the cell to fix
    assert "Phòng Tin học · 10/2016" in render(summary.message, "vi")
    assert (finding.location.tab, finding.location.row, finding.location.column) == (
        "Nhật ký sử dụng",
        7,
        "H (Phần mềm sử dụng)",
    )


OFFICE_PC_BROKEN = ["VT-01", "Máy tính", "Phòng Văn thư", "Nhà A", "Hỏng", "x"]
SERVER_BROKEN = ["SV-01", "Máy chủ", "Phòng Văn thư", "Nhà A", "Hỏng", "x"]
LAB_PC_OK = ["TH-01", "Máy tính", "Phòng Tin học", "Nhà B", "Hoạt động tốt", ""]
LAB_PC_BROKEN = ["TH-02", "Máy tính", "Phòng Tin học", "Nhà B", "Hỏng", ""]


def test_partial_thcs_is_judged_on_classroom_equipment_not_office_computers() -> None:
    """A.5: the partial THCS model is 'hệ thống thiết bị CNTT phòng học'; the full model keeps
    every computer."""
    office = [devices(LAB_PC_OK, OFFICE_PC_BROKEN, SERVER_BROKEN)]
    assert _result("INF-COMPUTERS-WORKING", office, "THCS", pilot=False).status == "pass"
    assert _result("INF-COMPUTERS-WORKING", office, "THCS", pilot=True).status == "fail"
    classroom = _result("INF-COMPUTERS-WORKING", [devices(LAB_PC_OK, LAB_PC_BROKEN)], "THCS", pilot=False)
    assert classroom.status == "fail"
    [finding] = classroom.findings
    assert (finding.location.row, finding.location.value) == (3, "Hỏng") and finding.location.column is not None


def test_partial_thcs_maintenance_and_usage_rooms_are_the_teaching_rooms() -> None:
    library_pc = ["TV-01", "Máy tính", "Phòng Thư viện", "Nhà A", "Hoạt động tốt", ""]
    tabs = [devices(LAB_PC_OK, library_pc), maintenance("Phòng Tin học", D(2016, 12, 1))]
    assert _result("ROOM-MAINTENANCE", tabs, "THCS", pilot=False).status == "pass"
    full = _result("ROOM-MAINTENANCE", tabs, "THCS", pilot=True)
    assert full.status == "fail"  # the library (room 19) is held to maintenance in the full model
    assert "Thư viện" in render(full.findings[0].message, "vi")


def test_a_computer_without_netop_is_found_at_its_cell_in_the_installed_software_tab() -> None:
    lab2 = ["TH-02", "Máy tính", "Phòng Tin học", "Nhà B", "Hoạt động tốt", ""]
    lang = ["NN-01", "Máy tính", "Phòng Ngoại ngữ", "Nhà B", "Hoạt động tốt", ""]
    rr = _result(
        "SW-NETOP-INSTALLED",
        [
            devices(LAB_PC_OK, lab2, lang),
            matrix(
                ["Netop School", "KidsMart"],
                ["TH-01", "Phòng Tin học", "x", "x"],
                ["TH-02", "Phòng Tin học", "", "x"],
                ["NN-01", "Phòng Ngoại ngữ", "x", ""],
            ),
        ],
    )
    assert rr.status == "fail"
    [finding] = rr.findings
    assert (finding.location.tab, finding.location.row, finding.location.column, finding.location.value) == (
        "Phần mềm cài trên máy",
        3,
        "C (Netop School)",
        "không",
    )
    assert render(finding.message, "vi").startswith("TH-02")


def test_a_required_program_marked_not_in_use_is_found_at_that_row() -> None:
    """'Thiếu: Phổ cập giáo dục' used to have no row although the checklist's row says 'Không'."""
    rr = _result("SW-REQUIRED-IN-USE", [software({"Phổ cập giáo dục": ("Không", D(2017, 1, 20))})])
    assert rr.status == "fail"
    [finding] = rr.findings
    assert (finding.location.tab, finding.location.row, finding.location.value) == ("Danh mục phần mềm", 6, "không")
    assert finding.location.column is not None and finding.location.column.endswith("(Đang sử dụng)")
    assert "Phổ cập giáo dục" in render(finding.message, "vi")
