"""Every check type on realistic, parsed tabs: status, measured values and located findings.

Tabs are built by ``tests.builders`` through the real parser, so a finding's row is the row a
person sees (title on row 1, header on row 2, first data row 3) and its column is the letter of
the header the school typed. The audit date is 30/11/2016 unless a test says otherwise.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from elschool_audit.i18n import render
from elschool_audit.results import Finding
from elschool_audit.rubric.checks import Outcome
from tests.builders import (
    HEADER_ROW,
    Sheet,
    checklist_item,
    default_file,
    default_tab,
    device,
    post,
    row_of,
    run,
    school,
    usage,
    workbook,
)

D = dt.date
NOV_30 = D(2016, 11, 30)
DEVICES_FILE = default_file("devices")
DEVICES_TAB = default_tab("devices")


def only(out: Outcome) -> Finding:
    assert len(out.findings) == 1, out.findings
    return out.findings[0]


def keys(out: Outcome) -> list[str]:
    return [f.message.key for f in out.findings]


def where(f: Finding) -> tuple[Any, ...]:
    at = f.location
    return (at.file, at.tab, at.row, at.column, at.value)


# ---------------------------------------------------------------- presence

INTERNET = {"type": "presence", "sheet": "devices", "where": {"type": "internet_line", "status": "working"}}


def test_presence_passes_with_enough_selected_rows() -> None:
    wb = workbook(
        devices=[
            device("NET-1", "Đường truyền internet", "Phòng Hiệu trưởng"),
            device("NET-2", "Cáp quang", "Phòng Văn thư"),
            device("PC-1"),
        ]
    )
    out = run({**INTERNET, "min_rows": 2}, wb)
    assert out.status == "pass"
    assert out.measured is not None
    assert (out.measured.key, out.measured.params) == ("rows_count", {"n": 2})
    assert out.findings == []


def test_presence_fails_with_too_few_rows_and_names_the_tab() -> None:
    wb = workbook(
        devices=[
            device("NET-1", "Đường truyền internet", "Phòng Hiệu trưởng"),
            device("NET-2", "Cáp quang", "Phòng Văn thư", status="Hỏng"),
        ]
    )
    out = run({**INTERNET, "min_rows": 2}, wb)
    assert out.status == "fail"
    assert out.measured is not None and out.measured.params == {"n": 1}
    f = only(out)
    assert f.message.key == "too_few_rows"
    assert f.message.params["n"] == 1 and f.message.params["min"] == 2
    assert "Loại thiết bị là Đường truyền internet" in f.message.params["cond_vi"]
    assert (f.location.file, f.location.tab, f.location.row) == (DEVICES_FILE, DEVICES_TAB, None)


def test_presence_of_a_missing_sheet_is_a_fail_naming_the_sheet() -> None:
    """Presence checks *are* about the sheet existing: no sheet is their failure, not an input error."""
    out = run({"type": "presence", "sheet": "software_issues"}, workbook(devices=[device("PC-1")]))
    assert out.status == "fail"
    assert out.measured is not None and out.measured.params == {"n": 0}
    f = only(out)
    assert f.message.key == "sheet_missing"
    assert f.message.params["kind"] == "software_issues"
    assert f.message.params["kind_vi"] == "Nhật ký sự cố phần mềm"


def test_presence_of_an_empty_tab_fails() -> None:
    wb = workbook(software_issues=Sheet([], headers=["Ngày", "Phần mềm", "Vướng mắc"]))
    out = run({"type": "presence", "sheet": "software_issues"}, wb)
    assert out.status == "fail"
    assert out.measured is not None and out.measured.params == {"n": 0}
    assert keys(out) == ["too_few_rows"]


def test_presence_with_a_condition_on_a_column_the_tab_lacks_is_an_error() -> None:
    wb = workbook(devices=[device("PC-1")])
    out = run({"type": "presence", "sheet": "devices", "where": {"antivirus": True}}, wb)
    assert out.status == "error"
    assert out.measured is not None and out.measured.key == "column_missing"
    f = only(out)
    assert f.message.params["column"] == "antivirus"
    assert f.message.params["header"] == "Phần mềm diệt virus/bảo mật"
    assert (f.location.file, f.location.tab, f.location.row) == (DEVICES_FILE, DEVICES_TAB, HEADER_ROW)


# ---------------------------------------------------------------- all_rows / share

COMPUTERS_WORKING = {
    "type": "all_rows",
    "sheet": "devices",
    "where": {"type": ["computer", "server"], "status": {"not_in": ["retired"]}},
    "condition": {"status": "working"},
}


def test_all_rows_passes_when_every_selected_row_satisfies_the_condition() -> None:
    wb = workbook(
        devices=[
            device("PC-1"),
            device("PC-2", status="Tốt"),
            device("PC-3", status="Thanh lý"),  # retired: not selected
            device("MC-1", "Máy chiếu", status="Hỏng"),  # not a computer
        ]
    )
    out = run(COMPUTERS_WORKING, wb)
    assert out.status == "pass"
    assert out.measured is not None
    assert out.measured.key == "share_measured"
    assert out.measured.params == {"share": "100%", "ok": 2, "n": 2, "min": "100%"}
    assert out.findings == []


def test_all_rows_fails_and_points_at_each_failing_cell() -> None:
    wb = workbook(
        devices=[
            device("PC-1"),
            device("PC-2", status="Hỏng"),
            device("PC-3", "Máy chủ", "Phòng Hiệu trưởng", status="Đang sửa chữa"),
        ]
    )
    out = run(COMPUTERS_WORKING, wb)
    assert out.status == "fail"
    assert out.measured is not None
    assert out.measured.params == {"share": "33.3%", "ok": 1, "n": 3, "min": "100%"}
    assert keys(out) == ["row_failed", "row_failed"]
    assert where(out.findings[0]) == (DEVICES_FILE, DEVICES_TAB, row_of(1), "D (Tình trạng)", "Hỏng")
    assert where(out.findings[1]) == (DEVICES_FILE, DEVICES_TAB, row_of(2), "D (Tình trạng)", "Đang sửa")
    assert out.findings[0].message.params["cond_vi"] == "Tình trạng là Hoạt động tốt"


def test_a_finding_points_at_the_part_of_an_all_condition_the_row_fails() -> None:
    wb = workbook(
        devices=[
            device("PC-1", antivirus="x"),
            device("PC-2", antivirus=""),  # working, but no antivirus: point at the antivirus cell
            device("PC-3", status="Hỏng", antivirus="x"),  # broken: point at the status cell
        ]
    )
    check = {"type": "all_rows", "sheet": "devices", "condition": {"all": [{"status": "working"}, {"antivirus": True}]}}
    out = run(check, wb)
    assert out.status == "fail"
    assert [f.location.column.split(" ", 1)[1] for f in out.findings if f.location.column] == [
        "(Phần mềm diệt virus/bảo mật)",
        "(Tình trạng)",
    ]
    assert [f.location.row for f in out.findings] == [row_of(1), row_of(2)]


def test_findings_use_the_column_the_school_put_the_field_in() -> None:
    rows = [{"STT": 1, "Mã TB": "PC-1", "Tình trạng thiết bị": "Hư", "Loại": "PC", "Vị trí": "Phòng máy 1"}]
    out = run(COMPUTERS_WORKING, workbook(devices=rows))
    f = only(out)
    assert (f.location.row, f.location.column, f.location.value) == (3, "C (Tình trạng thiết bị)", "Hỏng")


def test_bool_values_are_shown_in_vietnamese() -> None:
    wb = workbook(devices=[device("PC-1", room="Phòng Kế toán", antivirus="không")])
    out = run({"type": "all_rows", "sheet": "devices", "condition": {"antivirus": True}}, wb)
    f = only(out)
    assert (f.location.row, f.location.column, f.location.value) == (3, "E (Phần mềm diệt virus/bảo mật)", "không")


def test_findings_from_a_second_tab_name_that_tab() -> None:
    wb = workbook(
        devices=[
            Sheet([device("PC-1")], tab="Khu A"),
            Sheet([device("PC-2"), device("PC-3", status="Hỏng")], tab="Khu B", title="DANH MỤC KHU B"),
        ]
    )
    f = only(run(COMPUTERS_WORKING, wb))
    assert where(f) == (DEVICES_FILE, "Khu B", row_of(1), "D (Tình trạng)", "Hỏng")


def test_share_passes_at_its_threshold_and_fails_below() -> None:
    spec = {"type": "share", "sheet": "devices", "condition": {"status": "working"}, "min": 0.5}
    half = workbook(devices=[device("PC-1"), device("PC-2", status="Hỏng")])
    out = run(spec, half)
    assert out.status == "pass"
    assert out.measured is not None and out.measured.params == {"share": "50%", "ok": 1, "n": 2, "min": "50%"}
    third = workbook(devices=[device("PC-1"), device("PC-2", status="Hỏng"), device("PC-3", status="Hỏng")])
    out = run(spec, third)
    assert out.status == "fail"
    assert [f.location.row for f in out.findings] == [row_of(1), row_of(2)]


def test_share_with_no_selected_rows_fails_by_default() -> None:
    """Never a silent pass: no computers at all cannot show that 100% of computers work."""
    wb = workbook(devices=[device("MC-1", "Máy chiếu")])
    out = run(COMPUTERS_WORKING, wb)
    assert out.status == "fail"
    assert out.measured is not None and out.measured.key == "no_rows_selected"
    f = only(out)
    assert f.message.key == "no_rows_selected"
    assert (f.location.file, f.location.tab) == (DEVICES_FILE, DEVICES_TAB)


def test_share_with_no_selected_rows_can_be_declared_not_applicable() -> None:
    wb = workbook(devices=[device("MC-1", "Máy chiếu")])
    out = run({**COMPUTERS_WORKING, "empty": "not_applicable"}, wb)
    assert out.status == "not_applicable"
    assert out.findings == []


def test_share_on_a_missing_sheet_is_an_error() -> None:
    out = run(COMPUTERS_WORKING, workbook(posts=[post("05/09/2016", "Chuyên môn")]))
    assert out.status == "error"
    assert out.measured is not None and out.measured.key == "sheet_missing"
    assert out.measured.params["kind"] == "devices"
    assert keys(out) == ["sheet_missing"]


def test_share_condition_on_a_missing_column_is_an_error_at_the_header_row() -> None:
    out = run(
        {"type": "all_rows", "sheet": "devices", "condition": {"antivirus": True}}, workbook(devices=[device("A")])
    )
    assert out.status == "error"
    f = only(out)
    assert f.message.key == "column_missing"
    assert (f.location.file, f.location.tab, f.location.row) == (DEVICES_FILE, DEVICES_TAB, HEADER_ROW)


def test_share_missing_group_column_is_an_error() -> None:
    spec = {**COMPUTERS_WORKING, "type": "share", "group_by": ["area"]}
    out = run(spec, workbook(devices=[device("PC-1")]))
    assert out.status == "error"
    assert out.measured is not None and out.measured.params["column"] == "area"


def test_share_missing_threshold_column_is_an_error_not_a_crash() -> None:
    spec = {
        "type": "share",
        "sheet": "devices",
        "condition": {"status": "working"},
        "group_by": ["room"],
        "min_by": {"column": "area", "values": {"Khu A": 1.0}, "default": 0.5},
    }
    out = run(spec, workbook(devices=[device("PC-1")]))
    assert out.status == "error"
    assert out.measured is not None and out.measured.key == "column_missing"
    assert out.measured.params["column"] == "area"


LESSON_IT = {
    "type": "share",
    "sheet": "usage_log",
    "condition": {"used_it": True},
    "group_by": ["room"],
    "per": "month",
    "date_column": "date",
    "min_by": {"column": "room_type", "values": {"tin_hoc": 1.0}, "default": 0.9},
}


def lessons(month: int, room: str, n: int, with_it: int) -> list[dict[str, Any]]:
    return [usage(D(2016, month, 1 + i), room, "Có" if i < with_it else "Không") for i in range(n)]


def test_thresholds_by_room_type_are_judged_per_type_even_without_group_by() -> None:
    # 19/20 ordinary lessons with IT (95% ≥ 90%) and 9/10 lab lessons (90% < 100%): the overall 93%
    # clears the lowest threshold, but the lab does not clear its own.
    spec = {k: v for k, v in LESSON_IT.items() if k not in ("group_by", "per")}
    rows = [*lessons(10, "Lớp 4A", 20, 19), *lessons(10, "Phòng Tin học", 10, 9)]
    out = run(spec, workbook(usage_log=rows))
    assert out.status == "fail"
    assert out.findings[0].message.params["group"] == "Phòng Tin học"
    assert out.findings[0].message.params["min"] == "100%"


def test_share_per_room_and_month_passes_at_each_rooms_threshold() -> None:
    rows = [
        *lessons(10, "Phòng Tin học", 2, 2),
        *lessons(10, "Lớp 4A", 10, 9),  # 90%: an ordinary classroom needs 90%
        *lessons(11, "P. tin hoc", 3, 3),  # same room, spelled differently
        *lessons(12, "Lớp 4A", 4, 0),  # December is not due on 30/11
        usage("15/08/2016", "Lớp 4A", "Không"),  # summer: in no school month
    ]
    out = run(LESSON_IT, workbook(usage_log=rows))
    assert out.status == "pass", out.findings
    assert out.measured is not None
    assert out.measured.key == "groups_measured"
    assert out.measured.params == {"ok": 3, "n": 3, "share": "93.3%"}


def test_share_per_room_and_month_names_the_failing_group_and_rows() -> None:
    rows = [
        *lessons(10, "Phòng Tin học", 2, 2),
        *lessons(11, "Lớp 4A", 10, 8),  # 80% < 90%
        usage("21/11/2016", "Phòng Tin học", "Không"),  # 0% < 100%
    ]
    out = run(LESSON_IT, workbook(usage_log=rows))
    assert out.status == "fail"
    assert out.measured is not None and out.measured.params["ok"] == 1 and out.measured.params["n"] == 3
    groups = [f for f in out.findings if f.message.key == "group_share_low"]
    assert [g.message.params for g in groups] == [
        {"group": "Lớp 4A · 11/2016", "share": "80%", "ok": 8, "n": 10, "min": "90%"},
        {"group": "Phòng Tin học · 11/2016", "share": "0%", "ok": 0, "n": 1, "min": "100%"},
    ]
    assert groups[0].location.row == row_of(2)  # the group's first row
    failed = [where(f) for f in out.findings if f.message.key == "row_failed"]
    log = (default_file("usage_log"), default_tab("usage_log"))
    assert failed == [
        (*log, row_of(10), "C (Sử dụng CNTT)", "không"),
        (*log, row_of(11), "C (Sử dụng CNTT)", "không"),
        (*log, row_of(12), "C (Sử dụng CNTT)", "không"),
    ]


def test_share_rows_without_a_threshold_are_left_out() -> None:
    spec = {**LESSON_IT, "min_by": {"column": "room_type", "values": {"tin_hoc": 1.0}}}
    rows = [*lessons(10, "Phòng Tin học", 2, 2), *lessons(10, "Lớp 4A", 3, 0)]
    out = run(spec, workbook(usage_log=rows))
    assert out.status == "pass"
    assert out.measured is not None and out.measured.params["n"] == 1


# ---------------------------------------------------------------- count_per_period

NEWS = {
    "type": "count_per_period",
    "sheet": "posts",
    "where": {"category": "chuyen_mon"},
    "date_column": "published",
    "period": "month",
    "min": 2,
}
POSTS_FILE = default_file("posts")
POSTS_TAB = default_tab("posts")


def test_count_per_period_passes_when_every_due_month_has_enough() -> None:
    rows = [
        post("05/09/2016", "Chuyên môn"),
        post("30/09/2016", "Tin chuyên môn"),
        post("03/10/2016", "Chuyên môn"),
        post("31/10/2016", "Chuyên môn"),
        post("01/11/2016", "Chuyên môn"),
        post("30/11/2016", "Hoạt động chuyên môn"),
    ]
    out = run(NEWS, workbook(posts=rows))
    assert out.status == "pass"
    assert out.measured is not None
    assert (out.measured.key, out.measured.params) == ("periods_measured", {"ok": 3, "n": 3})


def test_count_per_period_fails_for_the_short_month() -> None:
    rows = [
        post("05/09/2016", "Chuyên môn"),
        post("30/09/2016", "Chuyên môn"),
        post("03/10/2016", "Chuyên môn"),
        post("04/10/2016", "Thông báo"),  # not professional news
        post("01/11/2016", "Chuyên môn"),
        post("02/11/2016", "Chuyên môn"),
        post("01/12/2016", "Chuyên môn"),  # after the audit date
    ]
    out = run(NEWS, workbook(posts=rows))
    assert out.status == "fail"
    assert out.measured is not None and out.measured.params == {"ok": 2, "n": 3}
    f = only(out)
    assert f.message.key == "period_count_low"
    assert f.message.params == {"group": "", "period": "10/2016", "n": 1, "min": 2}
    assert (f.location.file, f.location.tab) == (POSTS_FILE, POSTS_TAB)


def test_count_per_period_only_judges_months_that_have_ended() -> None:
    rows = [post("05/09/2016", "Chuyên môn"), post("06/09/2016", "Chuyên môn")]
    out = run(NEWS, workbook(posts=rows), D(2016, 10, 20))
    assert out.status == "pass"
    assert out.measured is not None and out.measured.params == {"ok": 1, "n": 1}


def test_count_per_period_with_nothing_due_is_not_applicable() -> None:
    out = run(NEWS, workbook(posts=[post("05/09/2016", "Chuyên môn")]), D(2016, 9, 20))
    assert out.status == "not_applicable"
    assert out.measured is not None and out.measured.key == "no_period_due"


def test_count_per_period_on_an_empty_tab_fails_every_month() -> None:
    wb = workbook(posts=Sheet([], headers=["Ngày đăng", "Tiêu đề", "Chuyên mục"]))
    out = run(NEWS, wb)
    assert out.status == "fail"
    assert out.measured is not None and out.measured.params == {"ok": 0, "n": 3}
    assert [f.message.params["period"] for f in out.findings] == ["09/2016", "10/2016", "11/2016"]


def test_count_per_period_on_a_missing_sheet_is_an_error() -> None:
    out = run(NEWS, workbook(devices=[device("PC-1")]))
    assert out.status == "error"
    assert out.measured is not None and out.measured.key == "sheet_missing"


WEEKLY = {
    "type": "count_per_period",
    "sheet": "posts",
    "where": {"category": "lich_cong_tac"},
    "date_column": "published",
    "period": "week",
    "due": "start",
    "lead_days": 3,
    "grace_days": 0,
}


def test_weekly_schedule_counts_posts_from_the_friday_before_to_the_monday() -> None:
    rows = [
        post("02/09/2016", "Lịch công tác"),  # Friday before the week of 05/09
        post("12/09/2016", "Lịch công tác"),  # Monday
        post("19/09/2016", "Lịch tuần"),  # Monday
        post("25/09/2016", "Lịch công tác"),  # Sunday before the week of 26/09
    ]
    out = run(WEEKLY, workbook(posts=rows), D(2016, 9, 30))
    assert out.status == "pass"
    assert out.measured is not None and out.measured.params == {"ok": 4, "n": 4}


def test_weekly_schedule_posted_on_tuesday_is_late() -> None:
    rows = [
        post("02/09/2016", "Lịch công tác"),
        post("12/09/2016", "Lịch công tác"),
        post("20/09/2016", "Lịch công tác", title="Lịch tuần 3"),  # Tuesday: after the grace
        post("25/09/2016", "Lịch công tác"),
    ]
    out = run(WEEKLY, workbook(posts=rows), D(2016, 9, 30))
    assert out.status == "fail"
    assert out.measured is not None and out.measured.params == {"ok": 3, "n": 4}
    f = only(out)
    assert f.message.params["period"] == "19/09–25/09/2016"
    assert f.message.params["n"] == 0


def test_weekly_schedule_without_lead_days_does_not_count_the_friday_before() -> None:
    rows = [post("02/09/2016", "Lịch công tác"), post("12/09/2016", "Lịch công tác")]
    out = run({**WEEKLY, "lead_days": 0}, workbook(posts=rows), D(2016, 9, 12))
    assert out.status == "fail"
    assert [f.message.params["period"] for f in out.findings] == ["05/09–11/09/2016"]


def test_weekly_schedule_skips_the_tet_week() -> None:
    """Tết 26/01–02/02/2017: the week of 30/01 has one school day and asks for no schedule."""
    mondays = [D(2017, 1, 9), D(2017, 1, 16), D(2017, 1, 23), D(2017, 2, 6)]
    rows = [post(d, "Lịch công tác") for d in mondays]
    out = run(WEEKLY, workbook(posts=rows), D(2017, 2, 6))
    failing = [f.message.params["period"] for f in out.findings]
    assert "30/01–05/02/2017" not in failing
    assert "23/01–29/01/2017" not in failing
    # Only the weeks before 09/01 (no post at all) fail.
    assert failing[0] == "05/09–11/09/2016"
    assert failing[-1] == "02/01–08/01/2017"
    assert out.total == len(failing) == 18  # 05/09 … 02/01: eighteen Mondays


def test_count_per_period_per_group_from_another_sheet() -> None:
    """Every teaching room of the inventory needs a usage-log row each month."""
    devices = [
        device("PC-1", room="Phòng Tin học"),
        device("PC-2", room="Phòng Ngoại ngữ"),
        device("PC-3", room="Phòng Hiệu trưởng"),  # not a room the rule asks about
    ]
    log = [usage(D(2016, m, 10), "P. Tin học") for m in (9, 10, 11)] + [usage("10/10/2016", "Phòng Ngoại ngữ")]
    spec = {
        "type": "count_per_period",
        "sheet": "usage_log",
        "date_column": "date",
        "period": "month",
        "group_by": "room",
        "groups": {"sheet": "devices", "column": "room", "where": {"room_type": ["tin_hoc", "ngoai_ngu"]}},
    }
    out = run(spec, workbook(devices=devices, usage_log=log))
    assert out.status == "fail"
    assert out.measured is not None and out.measured.params == {"ok": 4, "n": 6}
    params = [f.message.params for f in out.findings]
    assert params == [
        {"group": "Phòng Ngoại ngữ · ", "period": "09/2016", "n": 0, "min": 1},
        {"group": "Phòng Ngoại ngữ · ", "period": "11/2016", "n": 0, "min": 1},
    ]
    # the room has log rows: the finding points at the log tab
    assert (out.findings[0].location.file, out.findings[0].location.tab) == (
        default_file("usage_log"),
        default_tab("usage_log"),
    )


def test_count_per_period_group_with_no_rows_points_at_the_inventory_row() -> None:
    devices = [device("PC-1", room="Phòng Tin học"), device("PC-2", room="Phòng Ngoại ngữ")]
    log = [usage(D(2016, m, 10), "Phòng Tin học") for m in (9, 10, 11)]
    spec = {
        "type": "count_per_period",
        "sheet": "usage_log",
        "date_column": "date",
        "period": "month",
        "group_by": "room",
        "groups": {"sheet": "devices", "column": "room"},
    }
    out = run(spec, workbook(devices=devices, usage_log=log))
    assert out.status == "fail"
    assert out.total == 3
    f = out.findings[0]
    assert where(f) == (DEVICES_FILE, DEVICES_TAB, row_of(1), "C (Phòng)", "Phòng Ngoại ngữ")


def test_count_per_period_with_an_empty_group_universe_is_not_applicable() -> None:
    spec = {
        "type": "count_per_period",
        "sheet": "usage_log",
        "date_column": "date",
        "period": "month",
        "group_by": "room",
        "groups": {"sheet": "devices", "column": "room", "where": {"room_type": "robotics"}},
    }
    out = run(spec, workbook(devices=[device("PC-1")], usage_log=[usage("10/10/2016")]))
    assert out.status == "not_applicable"
    assert out.measured is not None and out.measured.key == "universe_empty"


def test_count_per_period_groups_from_the_data_fail_on_an_empty_tab() -> None:
    """Without a ``groups`` sheet the groups come from the rows: no rows must not mean 'nothing to check'."""
    spec = {**NEWS, "where": None, "min": 1, "group_by": "category"}
    wb = workbook(posts=Sheet([], headers=["Ngày đăng", "Tiêu đề", "Chuyên mục"]))
    out = run(spec, wb)
    assert out.status == "fail"
    assert out.total >= 1


def test_count_per_period_groups_from_the_data() -> None:
    spec = {**NEWS, "where": None, "min": 1, "group_by": "category"}
    rows = [post(D(2016, m, 5), "Chuyên môn") for m in (9, 10, 11)] + [post("05/10/2016", "Đoàn thể")]
    out = run(spec, workbook(posts=rows))
    assert out.status == "fail"
    assert [f.message.params["group"] for f in out.findings] == ["Đoàn thể · ", "Đoàn thể · "]
    assert [f.message.params["period"] for f in out.findings] == ["09/2016", "11/2016"]


def test_count_per_period_on_a_month_column() -> None:
    """Monthly evaluations are dated by month (mm/yyyy): September counts though school starts on 05/09."""
    rows = [
        {"Tháng": m, "Phòng": "Phòng Tin học", "Đánh giá hiệu quả": "Tốt"} for m in ("09/2016", "10/2016", "11/2016")
    ]
    spec = {"type": "count_per_period", "sheet": "room_evaluation", "date_column": "month", "period": "month"}
    out = run(spec, workbook(room_evaluation=rows))
    assert out.status == "pass"
    assert out.measured is not None and out.measured.params == {"ok": 3, "n": 3}
    out = run(spec, workbook(room_evaluation=rows[:2]))
    assert out.status == "fail"
    assert [f.message.params["period"] for f in out.findings] == ["11/2016"]


def test_count_per_period_two_months() -> None:
    spec = {**NEWS, "where": {"category": "tin_khac"}, "period": "two_months", "min": 1}
    rows = [post("10/10/2016", "Tin khác")]
    out = run(spec, workbook(posts=rows), D(2016, 12, 31))
    assert out.status == "fail"
    assert out.measured is not None and out.measured.params == {"ok": 1, "n": 2}
    assert only(out).message.params["period"] == "11–12/2016"


# ---------------------------------------------------------------- freshness

SOFTWARE_FILE = default_file("software_checklist")


def sw(name: str, updated: str | None, in_use: str = "Có") -> dict[str, Any]:
    return {"Phần mềm": name, "Đang sử dụng": in_use, "Cập nhật lần cuối": updated}


def test_freshness_passes_when_the_latest_date_is_recent() -> None:
    wb = workbook(software_checklist=[sw("MISA", "01/10/2016"), sw("PMIS", "20/11/2016")])
    spec = {"type": "freshness", "sheet": "software_checklist", "date_column": "last_updated", "max_age_days": 31}
    out = run(spec, wb)
    assert out.status == "pass"
    assert out.measured is not None
    assert (out.measured.key, out.measured.params) == ("latest_measured", {"date": "20/11/2016", "days": 10})


def test_freshness_fails_on_a_stale_latest_date_and_ignores_future_dates() -> None:
    wb = workbook(software_checklist=[sw("MISA", "29/10/2016"), sw("PMIS", "15/12/2016")])
    spec = {"type": "freshness", "sheet": "software_checklist", "date_column": "last_updated", "max_age_days": 31}
    out = run(spec, wb)
    assert out.status == "fail"
    assert out.measured is not None and out.measured.params == {"date": "29/10/2016", "days": 32}
    f = only(out)
    assert f.message.key == "stale" and f.message.params == {"days": 32, "max": 31}
    assert where(f) == (
        SOFTWARE_FILE,
        default_tab("software_checklist"),
        row_of(0),
        "C (Cập nhật lần cuối)",
        "29/10/2016",
    )


def test_freshness_with_no_dated_rows_fails() -> None:
    wb = workbook(software_checklist=[sw("MISA", None)])
    spec = {"type": "freshness", "sheet": "software_checklist", "date_column": "last_updated", "max_age_days": 31}
    out = run(spec, wb)
    assert out.status == "fail"
    assert keys(out) == ["no_dated_rows"]


def test_freshness_missing_date_column_is_an_error() -> None:
    wb = workbook(software_checklist=[{"Phần mềm": "MISA", "Đang sử dụng": "Có"}])
    spec = {"type": "freshness", "sheet": "software_checklist", "date_column": "last_updated", "max_age_days": 31}
    out = run(spec, wb)
    assert out.status == "error"
    assert out.measured is not None and out.measured.params["column"] == "last_updated"


REQUIRED_SOFTWARE = {
    "type": "freshness",
    "sheet": "software_checklist",
    "date_column": "last_updated",
    "max_age_days": 31,
    "group_by": "software",
    "expect": {"values_by_level": {"MN": ["finance", "hr"], "TH": ["finance", "assets", "students"]}},
}


def test_freshness_per_expected_group() -> None:
    wb = workbook(
        software_checklist=[
            sw("MISA", "01/09/2016"),
            sw("Quản lý tài chính kế toán", "25/11/2016"),  # the latest finance row counts
            sw("Quản lý tài sản", "01/10/2016"),  # stale
            sw("PMIS", "01/11/2016"),  # not expected of a TH school
        ]
    )
    out = run(REQUIRED_SOFTWARE, wb)
    assert out.status == "fail"
    assert out.measured is not None
    assert (out.measured.key, out.measured.params) == ("groups_fresh", {"ok": 1, "n": 3, "max": 31})
    stale, missing = out.findings
    assert stale.message.key == "stale_group"
    assert stale.message.params == {"group": "Quản lý tài sản công", "days": 60, "max": 31}
    assert (stale.location.row, stale.location.column, stale.location.value) == (
        row_of(2),
        "C (Cập nhật lần cuối)",
        "01/10/2016",
    )
    assert missing.message.key == "group_missing"
    assert missing.message.params == {"group": "Quản lý học sinh"}
    assert (missing.location.file, missing.location.row) == (SOFTWARE_FILE, None)


def test_freshness_expectations_follow_the_school_level() -> None:
    wb = workbook(software_checklist=[sw("MISA", "25/11/2016"), sw("PMIS", "20/11/2016")])
    out = run(REQUIRED_SOFTWARE, wb, sch=school("MN"))
    assert out.status == "pass"
    assert out.measured is not None and out.measured.params == {"ok": 2, "n": 2, "max": 31}


def test_freshness_per_group_from_the_data() -> None:
    spec = {k: v for k, v in REQUIRED_SOFTWARE.items() if k != "expect"}
    wb = workbook(software_checklist=[sw("MISA", "25/11/2016"), sw("PMIS", "01/01/2016")])
    out = run(spec, wb)
    assert out.status == "fail"
    assert out.measured is not None and out.measured.params == {"ok": 1, "n": 2, "max": 31}
    assert only(out).message.params["group"] == "Quản lý nhân sự"  # the label, not the internal code


def test_freshness_per_group_from_the_data_fails_on_an_empty_tab() -> None:
    spec = {k: v for k, v in REQUIRED_SOFTWARE.items() if k != "expect"}
    wb = workbook(software_checklist=Sheet([], headers=["Phần mềm", "Đang sử dụng", "Cập nhật lần cuối"]))
    out = run(spec, wb)
    assert out.status == "fail"
    assert out.total >= 1


def test_freshness_per_room_of_the_inventory() -> None:
    devices = [device("PC-1", room="Phòng Tin học"), device("PC-2", room="Phòng Ngoại ngữ")]
    maint = [{"Ngày bảo trì": "01/08/2016", "Phòng": "P. Tin học", "Nội dung bảo trì": "Vệ sinh máy"}]
    spec = {
        "type": "freshness",
        "sheet": "maintenance_log",
        "date_column": "date",
        "max_age_days": 183,
        "group_by": "room",
        "expect": {"from": {"sheet": "devices", "column": "room"}},
    }
    out = run(spec, workbook(devices=devices, maintenance_log=maint))
    assert out.status == "fail"
    assert out.measured is not None and out.measured.params == {"ok": 1, "n": 2, "max": 183}
    f = only(out)
    assert f.message.params == {"group": "Phòng Ngoại ngữ"}
    assert (f.location.file, f.location.tab, f.location.row) == (DEVICES_FILE, DEVICES_TAB, row_of(1))


# ---------------------------------------------------------------- deadline

DISCLOSURES = {
    "type": "deadline",
    "sheet": "posts",
    "where": {"category": "ba_cong_khai"},
    "date_column": "published",
    "by": "09-15",
}


def test_deadline_met() -> None:
    rows = [post("10/09/2015", "Ba công khai"), post("14/09/2016", "Ba công khai"), post("20/09/2016", "3 công khai")]
    out = run(DISCLOSURES, workbook(posts=rows))
    assert out.status == "pass"
    assert out.measured is not None
    assert out.measured.key == "deadline_met"
    assert out.measured.params == {"due": "15/09/2016", "n": 1, "min": 1, "date": "14/09/2016"}


def test_deadline_missed_points_at_the_late_rows() -> None:
    rows = [post("10/09/2015", "Ba công khai"), post("20/09/2016", "Ba công khai")]
    out = run(DISCLOSURES, workbook(posts=rows))
    assert out.status == "fail"
    assert out.measured is not None and out.measured.key == "deadline_missed"
    assert out.measured.params == {"due": "15/09/2016", "n": 0, "min": 1}
    f = only(out)
    assert f.message.key == "deadline_late_row"
    assert where(f) == (POSTS_FILE, POSTS_TAB, row_of(1), "A (Ngày đăng)", "20/09/2016")


def test_deadline_missed_with_no_rows_at_all() -> None:
    out = run(DISCLOSURES, workbook(posts=[post("05/09/2016", "Chuyên môn")]))
    assert out.status == "fail"
    f = only(out)
    assert f.message.key == "deadline_none"
    assert f.message.params["due"] == "15/09/2016"
    assert (f.location.file, f.location.tab, f.location.row) == (POSTS_FILE, POSTS_TAB, None)


def test_deadline_not_yet_due() -> None:
    out = run(DISCLOSURES, workbook(posts=[post("05/09/2016", "Chuyên môn")]), D(2016, 9, 10))
    assert out.status == "not_applicable"
    assert out.measured is not None and out.measured.key == "deadline_not_yet"


def test_deadline_in_the_second_calendar_year_of_the_school_year() -> None:
    spec = {**DISCLOSURES, "by": "01-20", "where": {"category": "thong_ke"}}
    rows = [post("10/01/2017", "Thống kê")]
    assert run(spec, workbook(posts=rows), D(2017, 3, 1)).status == "pass"
    assert run(spec, workbook(posts=[post("10/11/2016", "Thống kê")]), D(2016, 12, 1)).status == "pass"  # early
    assert run(spec, workbook(posts=rows), D(2017, 1, 21)).status == "pass"
    assert run(spec, workbook(posts=[post("21/01/2017", "Thống kê")]), D(2017, 1, 25)).status == "fail"
    assert run(spec, workbook(posts=[post("05/09/2016", "Chuyên môn")]), D(2016, 12, 1)).status == "not_applicable"


# ---------------------------------------------------------------- coverage

ENCOURAGED = {
    "type": "coverage",
    "sheet": "software_checklist",
    "key": "software",
    "where": {"in_use": True},
    "expect": {"values": ["tkb", "online_library", "violet"]},
}


def test_coverage_of_fixed_values_passes() -> None:
    wb = workbook(
        software_checklist=[sw("TKB 10.0", None), sw("Thư viện trực tuyến", None), sw("Violet", "01/10/2016")]
    )
    out = run(ENCOURAGED, wb)
    assert out.status == "pass"
    assert out.measured is not None
    assert (out.measured.key, out.measured.params) == ("coverage_measured", {"ok": 3, "n": 3})


def test_coverage_of_fixed_values_names_what_is_missing() -> None:
    wb = workbook(software_checklist=[sw("TKB 10.0", None), sw("Violet 9.0", None, in_use="Không")])
    out = run(ENCOURAGED, wb)
    assert out.status == "fail"
    assert out.measured is not None and out.measured.params == {"ok": 1, "n": 3}
    items = [f.message.params["item"] for f in out.findings]
    assert items == ["Thư viện online", "Violet 9.0"]
    absent, not_in_use = out.findings
    assert (absent.location.file, absent.location.row, absent.message.key) == (SOFTWARE_FILE, None, "expected_missing")
    # listed but marked "Không": the finding is that row's in-use cell, with the value found
    assert (not_in_use.location.file, not_in_use.message.key, not_in_use.location.value) == (
        SOFTWARE_FILE,
        "expected_row_fails",
        "không",
    )
    assert not_in_use.location.row == row_of(1)
    assert "Đang sử dụng là có" in out.findings[0].message.params["cond_vi"]


def test_coverage_of_another_sheets_rows_points_at_the_uncovered_row() -> None:
    devices = [
        device("AP-1", "Bộ phát wifi", "Phòng Hội đồng", area="Khu A"),
        device("PC-1", area="Khu A"),
        device("PC-2", area="Khu B"),
        device("AP-2", "Wifi", "Phòng Y tế", status="Hỏng", area="Khu B"),
    ]
    spec = {
        "type": "coverage",
        "sheet": "devices",
        "key": "area",
        "where": {"type": "wifi", "status": "working"},
        "expect": {"from": {"sheet": "devices", "column": "area"}},
    }
    out = run(spec, workbook(devices=devices))
    assert out.status == "fail"
    assert out.measured is not None and out.measured.params == {"ok": 1, "n": 2}
    f = only(out)
    assert f.message.params["item"] == "Khu B"
    # Khu B has a wifi device, broken: its status cell is the one to fix (not the area of PC-2)
    assert where(f)[:3] == (DEVICES_FILE, DEVICES_TAB, row_of(3))
    assert where(f)[4] == "Hỏng" and f.message.key == "expected_row_fails"


def test_coverage_of_another_sheets_rows_without_a_near_row_points_at_the_uncovered_row() -> None:
    devices = [device("AP-1", "Bộ phát wifi", "Phòng Hội đồng", area="Khu A"), device("PC-2", area="Khu B")]
    spec = {
        "type": "coverage",
        "sheet": "devices",
        "key": "area",
        "where": {"type": "wifi", "status": "working"},
        "expect": {"from": {"sheet": "devices", "column": "area"}},
    }
    f = only(run(spec, workbook(devices=devices)))
    assert where(f) == (DEVICES_FILE, DEVICES_TAB, row_of(1), "E (Khu/Tầng)", "Khu B")


def test_coverage_on_two_columns() -> None:
    rows = [
        {"Tên học liệu": "Phân số", "Loại": "Bài giảng điện tử", "Khối": 4, "Môn": "Toán", "Ngày đăng": "01/10/2016"},
        {"Tên học liệu": "Tả cây", "Loại": "Bài giảng", "Khối": 4, "Môn": "TV", "Ngày đăng": "01/10/2016"},
    ]
    spec = {
        "type": "coverage",
        "sheet": "resources",
        "key": ["grade", "subject"],
        "expect": {"values": [[4, "toan"], [4, "tieng_viet"], [5, "toan"]]},
    }
    out = run(spec, workbook(resources=rows))
    assert out.status == "fail"
    assert [f.message.params["item"] for f in out.findings] == ["5 · Toán"]


def test_coverage_with_nothing_expected_is_not_applicable() -> None:
    spec = {**ENCOURAGED, "expect": {"values_by_level": {"MN": ["kidsmart"]}}}
    out = run(spec, workbook(software_checklist=[sw("MISA", None)]))
    assert out.status == "not_applicable"


def test_coverage_on_a_missing_sheet_is_an_error() -> None:
    out = run(ENCOURAGED, workbook(devices=[device("PC-1")]))
    assert out.status == "error"
    assert out.measured is not None and out.measured.key == "sheet_missing"


# ---------------------------------------------------------------- pattern

EMAIL = {"type": "pattern", "school_field": "email", "regex": r"^hoso(mn|th|thcs)[a-z0-9]+@gmail\.com$"}


def test_pattern_on_the_roster_email() -> None:
    wb = workbook(devices=[device("PC-1")])
    out = run(EMAIL, wb, sch=school(email="HosoTHAiMo@gmail.com "))
    assert out.status == "pass"
    assert out.measured is not None and out.measured.params == {"value": "HosoTHAiMo@gmail.com "}
    out = run(EMAIL, wb, sch=school(email="thaimo@hanoiedu.vn"))
    assert out.status == "fail"
    f = only(out)
    assert f.message.key == "pattern_school_failed"
    assert (f.location.file, f.location.column, f.location.value) == ("roster", "email", "thaimo@hanoiedu.vn")
    # issue 17: the finding says the rule in words, never the regex
    text = render(f.message, "vi")
    assert "gmail" not in text and "\\" not in text and "email" not in text
    assert text == "địa chỉ e-mail của trường chưa đúng quy định: cần đúng mẫu quy định"
    words = {"vi": "dạng hoso + cấp + tên trường", "en": "hoso + level + name"}
    f = only(run({**EMAIL, "means": words}, wb, sch=school(email="thaimo@hanoiedu.vn")))
    assert render(f.message, "en") == "The school's e-mail address does not follow the rule: needs hoso + level + name"


def test_pattern_on_a_missing_roster_value_fails() -> None:
    out = run(EMAIL, workbook(devices=[device("PC-1")]), sch=school(email=None))
    assert out.status == "fail"
    assert out.measured is not None and out.measured.params == {"value": "—"}


GENERIC_TITLES = {
    "type": "pattern",
    "sheet": "resources",
    "column": "title",
    "where": {"kind": ["bai_giang", "elearning"]},
    "regex": r"(?i)^\s*(bài\s*\d+|new presentation)\s*$",
    "mode": "no_match",
}


def resource(title: str, kind: str = "Bài giảng điện tử") -> dict[str, Any]:
    return {"Tên học liệu": title, "Loại": kind, "Ngày đăng": "01/10/2016"}


def test_pattern_no_match_on_a_column() -> None:
    rows = [resource("Toán 4 — Phân số"), resource("New Presentation"), resource("Bài 1", "Đề thi")]
    out = run(GENERIC_TITLES, workbook(resources=rows))
    assert out.status == "fail"
    assert out.measured is not None
    assert out.measured.params == {"share": "50%", "ok": 1, "n": 2, "min": "100%"}
    f = only(out)
    assert where(f) == (
        default_file("resources"),
        default_tab("resources"),
        row_of(1),
        "A (Tên học liệu)",
        "New Presentation",
    )
    rows = [resource("Toán 4 — Phân số"), resource("Bài 1", "Đề thi")]
    assert run(GENERIC_TITLES, workbook(resources=rows)).status == "pass"


def test_pattern_match_mode_treats_a_blank_cell_as_not_matching() -> None:
    spec = {"type": "pattern", "sheet": "staff", "column": "email", "regex": r"@"}
    rows = [
        {"Họ và tên": "Nguyễn Văn A", "Chức vụ": "Giáo viên", "Email": "a@gmail.com"},
        {"Họ và tên": "Trần Thị B", "Chức vụ": "Giáo viên", "Email": None},
    ]
    out = run(spec, workbook(staff=rows))
    assert out.status == "fail"
    assert only(out).location.row == row_of(1)


def test_pattern_with_no_selected_rows_is_not_applicable() -> None:
    out = run(GENERIC_TITLES, workbook(resources=[resource("Đề 1", "Đề thi")]))
    assert out.status == "not_applicable"
    assert out.measured is not None and out.measured.key == "no_rows_selected"


# ---------------------------------------------------------------- checklist

CHECKLIST_FILE = default_file("checklist")


def test_checklist_passes_when_items_are_met() -> None:
    wb = workbook(checklist=[checklist_item("CL-ROLES", "x", "http://x"), checklist_item("cl-rewards", "Đạt", "QĐ 12")])
    out = run({"type": "checklist", "items": ["CL-ROLES", "CL-REWARDS"], "require_evidence": True}, wb)
    assert out.status == "pass"
    assert out.measured is not None
    assert (out.measured.key, out.measured.params) == ("coverage_measured", {"ok": 2, "n": 2})


def test_checklist_names_missing_unmet_and_unevidenced_items() -> None:
    wb = workbook(
        checklist=[
            checklist_item("CL-A", "Không", "http://x"),
            checklist_item("CL-B", "Có", None),
            checklist_item("CL-C", "Không"),
            checklist_item("CL-C", "Có", "biên bản"),  # the later row wins
        ]
    )
    spec = {"type": "checklist", "items": ["CL-A", "CL-B", "CL-C", "CL-D"], "require_evidence": True}
    out = run(spec, wb)
    assert out.status == "fail"
    assert out.measured is not None and out.measured.params == {"ok": 1, "n": 4}
    by_key = {f.message.key: f for f in out.findings}
    assert set(by_key) == {"checklist_not_met", "checklist_no_evidence", "checklist_missing"}
    tab = default_tab("checklist")
    assert where(by_key["checklist_not_met"]) == (CHECKLIST_FILE, tab, row_of(0), "B (Đạt)", "không")
    assert where(by_key["checklist_no_evidence"])[:4] == (CHECKLIST_FILE, tab, row_of(1), "C (Minh chứng)")
    assert by_key["checklist_missing"].message.params == {"item": "CL-D"}
    assert by_key["checklist_missing"].location.row is None


def test_checklist_blank_met_cell_is_not_met() -> None:
    out = run({"type": "checklist", "items": ["CL-A"]}, workbook(checklist=[checklist_item("CL-A", None)]))
    assert out.status == "fail"
    assert keys(out) == ["checklist_not_met"]


def test_checklist_without_the_sheet_is_an_error() -> None:
    out = run({"type": "checklist", "items": ["CL-A"]}, workbook(devices=[device("PC-1")]))
    assert out.status == "error"
    assert out.measured is not None and out.measured.params["kind"] == "checklist"


def test_checklist_requiring_evidence_without_an_evidence_column_is_an_error() -> None:
    wb = workbook(checklist=[{"Mã tiêu chí": "CL-A", "Đạt": "Có"}])
    out = run({"type": "checklist", "items": ["CL-A"], "require_evidence": True}, wb)
    assert out.status == "error"
    assert out.measured is not None and out.measured.params["column"] == "evidence"


# ---------------------------------------------------------------- all / any

BACKUP = {"type": "checklist", "items": ["CL-INTERNET-BACKUP"]}
TWO_LINES = {**INTERNET, "min_rows": 2}


def test_any_passes_on_one_passing_alternative() -> None:
    wb = workbook(devices=[device("PC-1")], checklist=[checklist_item("CL-INTERNET-BACKUP", "Có")])
    out = run({"type": "any", "checks": [TWO_LINES, BACKUP]}, wb)
    assert out.status == "pass"
    assert out.findings == []
    assert out.measured is not None and out.measured.key == "joined"
    assert [m.key for m in out.measured.params["parts"]] == ["rows_count", "coverage_measured"]


def test_any_fails_with_the_findings_of_every_alternative() -> None:
    wb = workbook(devices=[device("PC-1")], checklist=[checklist_item("CL-INTERNET-BACKUP", "Không")])
    out = run({"type": "any", "checks": [TWO_LINES, BACKUP]}, wb)
    assert out.status == "fail"
    assert keys(out) == ["too_few_rows", "checklist_not_met"]


def test_any_with_one_alternative_unreadable_still_passes_on_the_other() -> None:
    wb = workbook(devices=[device("N1", "Internet"), device("N2", "Internet")])
    out = run({"type": "any", "checks": [TWO_LINES, BACKUP]}, wb)
    assert out.status == "pass"


def test_any_with_every_alternative_unreadable_is_an_error() -> None:
    wb = workbook(posts=[post("05/09/2016", "Chuyên môn")])
    out = run({"type": "any", "checks": [COMPUTERS_WORKING, BACKUP]}, wb)
    assert out.status == "error"
    assert keys(out) == ["sheet_missing", "sheet_missing"]


def test_any_without_a_judged_alternative_is_an_error_or_not_applicable() -> None:
    wb = workbook(posts=[post("05/09/2016", "Chuyên môn")])
    not_yet = {**DISCLOSURES}
    as_of = D(2016, 9, 10)
    assert run({"type": "any", "checks": [not_yet, BACKUP]}, wb, as_of).status == "error"
    assert run({"type": "any", "checks": [not_yet, {**not_yet, "by": "10-01"}]}, wb, as_of).status == "not_applicable"
    out = run({"type": "any", "checks": [not_yet, {**INTERNET, "sheet": "posts", "where": None}]}, wb, as_of)
    assert out.status == "pass"


def test_all_passes_only_when_every_part_passes() -> None:
    wb = workbook(
        devices=[device("PC-1")],
        checklist=[checklist_item("CL-INTERNET-BACKUP", "Có")],
    )
    assert run({"type": "all", "checks": [COMPUTERS_WORKING, BACKUP]}, wb).status == "pass"
    wb = workbook(
        devices=[device("PC-1", status="Hỏng")],
        checklist=[checklist_item("CL-INTERNET-BACKUP", "Có")],
    )
    out = run({"type": "all", "checks": [COMPUTERS_WORKING, BACKUP]}, wb)
    assert out.status == "fail"
    assert where(only(out))[2:] == (row_of(0), "D (Tình trạng)", "Hỏng")


def test_all_with_an_unreadable_part_is_an_error() -> None:
    wb = workbook(devices=[device("PC-1", status="Hỏng")])
    out = run({"type": "all", "checks": [COMPUTERS_WORKING, BACKUP]}, wb)
    assert out.status == "error"
    assert keys(out) == ["row_failed", "sheet_missing"]


def test_all_of_not_applicable_parts_is_not_applicable_and_mixed_counts_the_rest() -> None:
    na = {**DISCLOSURES}
    wb = workbook(posts=[post("05/09/2016", "Chuyên môn")], checklist=[checklist_item("CL-INTERNET-BACKUP")])
    as_of = D(2016, 9, 10)
    assert run({"type": "all", "checks": [na, {**na, "by": "10-01"}]}, wb, as_of).status == "not_applicable"
    assert run({"type": "all", "checks": [na, BACKUP]}, wb, as_of).status == "pass"


def test_findings_are_capped_but_all_counted() -> None:
    wb = workbook(devices=[device(f"PC-{i}", status="Hỏng") for i in range(7)])
    out = run(COMPUTERS_WORKING, wb, limit=3)
    assert out.total == 7
    assert [f.location.row for f in out.findings] == [row_of(0), row_of(1), row_of(2)]
    both = run({"type": "all", "checks": [COMPUTERS_WORKING, {**COMPUTERS_WORKING, "type": "share"}]}, wb, limit=3)
    assert both.total == 14
    assert len(both.findings) == 3


@pytest.mark.parametrize("total_row", [["Tổng cộng", None, None, "7"], ["Tổng", 3]])
def test_total_rows_are_not_data(total_row: list[Any]) -> None:
    wb = workbook(devices=Sheet([device("PC-1")], extra_rows=[total_row]))
    out = run(COMPUTERS_WORKING, wb)
    assert out.status == "pass"
    assert out.measured is not None and out.measured.params["n"] == 1
