"""Post statistics exported as a month × category table of counts, read as the `posts` kind.

A counts tab becomes one row per post counted, with only `month` and `category` filled and the
month's row and the category's column as evidence. The monthly NEWS-* rules read `month`, so they
judge a counts table as they judge a post list; the rules that need each post's own date or detail
(weekly schedule, 15/9 deadline, timetable, picture width) must not pass on a counts table.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from elschool_audit.engine import evaluate
from elschool_audit.i18n import render
from elschool_audit.results import Msg, RuleResult
from elschool_audit.roster import School
from elschool_audit.rubric.checks import row_finding
from elschool_audit.rubric.loader import bundle_rubric, load_rubric
from elschool_audit.sheets.parser import MAX_COUNT, ParsedTab, parse_tab
from elschool_audit.sources.base import WorkbookBuilder
from elschool_audit.sources.local import LocalSource
from elschool_audit.sources.readers import RawTab
from elschool_audit.workbook import Workbook

REPO = Path(__file__).resolve().parents[1]
RUBRIC = load_rubric(bundle_rubric("longbien-2016-17")).rubric
AS_OF = dt.date(2017, 1, 31)
SCHOOL = School(id="kiem-tra", name="Trường kiểm tra", level="TH", pilot=True, email="hosothkiemtra@gmail.com")
MONTHLY_RULES = ["NEWS-PROFESSIONAL", "NEWS-UNIONS", "NEWS-SCHOOL-ACTIVITIES", "NEWS-OTHER"]

Grid = list[list[Any]]
HEADER = ["Tháng", "Chuyên môn", "Đoàn thể", "Hoạt động của trường", "Khác"]


def counts_grid() -> Grid:
    """September to January: every monthly rule met except 2 professional posts in 10/2016
    (only 1) and other news in 11–12/2016 (none)."""
    return [
        ["THỐNG KÊ TIN BÀI THEO CHUYÊN MỤC", None, None, None, None],
        HEADER,
        ["09/2016", 3, 1, 4, 1],
        ["Tháng 10/2016", 1, 2, 2, 0],
        ["T11/2016", 2, 1, 2, None],
        [dt.datetime(2016, 12, 1), 2, 1, 3, "0"],
        [42736, "2", "1", "2", "1"],  # a serial: 01/01/2017
        ["Tổng", 10, 6, 13, 2],
    ]


def parsed(grid: Grid, tab: str = "Thống kê", file: str = "Tin bai.xlsx") -> ParsedTab:
    result = parse_tab(grid, file, tab)
    assert isinstance(result, ParsedTab), result
    return result


def build(*files: tuple[str, list[RawTab]]) -> Workbook:
    builder = WorkbookBuilder()
    for name, tabs in files:
        builder.add_file(name, tabs)
    return builder.build()


def rule_result(wb: Workbook, rule_id: str) -> RuleResult:
    found = RUBRIC.rule(rule_id)
    assert found is not None
    section, rule = found
    rubric = RUBRIC.model_copy(update={"sections": [section.model_copy(update={"rules": [rule]})]})
    [result] = evaluate(rubric, SCHOOL, wb, AS_OF).results
    return result


def messages(result: RuleResult) -> list[str]:
    return [render(f.message, "vi") for f in result.findings]


# ----------------------------------------------------------------------------- parsing


def test_a_counts_table_becomes_one_posts_row_per_post_counted() -> None:
    result = parsed(counts_grid())
    assert result.kind == "posts" and result.source.header_row == 2
    assert [p for p in result.problems if p.severity != "note"] == []
    frame = result.frame
    assert len(frame) == 10 + 6 + 13 + 2  # the "Tổng" row is dropped
    assert "published" not in frame.columns and "title" not in frame.columns  # no per-post detail is invented
    per_cell = frame.groupby(["_row", "category", "_item_col"]).size()
    assert per_cell[(3, "chuyen_mon", "B")] == 3
    assert per_cell[(4, "doan_the", "C")] == 2
    assert per_cell[(3, "tin_khac", "E")] == 1  # "Khác" is the "other news" category
    assert (4, "tin_khac", "E") not in per_cell  # a 0 counts nothing
    months = frame.drop_duplicates("_row").set_index("_row")["month"]
    assert months.to_dict() == {
        3: pd.Timestamp(2016, 9, 1),
        4: pd.Timestamp(2016, 10, 1),
        5: pd.Timestamp(2016, 11, 1),
        6: pd.Timestamp(2016, 12, 1),
        7: pd.Timestamp(2017, 1, 1),
    }
    assert result.source.columns == {"month": "A", "category": ""}


def test_counts_table_under_a_two_row_header_with_extra_columns() -> None:
    grid: Grid = [
        ["STT", "Tháng", "Số tin bài theo chuyên mục", None, None, "Tổng", "Ghi chú"],
        [None, None, "Chuyên môn", "Đoàn thể", "Thông báo", None, None],
        [1, "09/2016", 2, 1, 3, 6, "đủ"],
    ]
    result = parsed(grid)
    assert result.kind == "posts"
    assert sorted(result.frame["category"]) == [
        "chuyen_mon",
        "chuyen_mon",
        "doan_the",
        "thong_bao",
        "thong_bao",
        "thong_bao",
    ]
    assert set(result.frame["_item_col"]) == {"C", "D", "E"} and set(result.frame["_row"]) == {3}


def test_bad_counts_are_located_problems_and_count_nothing() -> None:
    grid: Grid = [
        HEADER,
        ["09/2016", 2, "hai", 2.5, -1],
        ["10/2016", 2, MAX_COUNT + 1, "2,0", "-"],
        [None, 1, None, None, None],  # counts without a month
    ]
    result = parsed(grid)
    bad = [
        (p.code, p.location.row, p.location.column, p.location.value) for p in result.problems if p.severity == "error"
    ]
    assert bad == [
        ("value_unreadable", 2, "C (Đoàn thể)", "hai"),
        ("value_unreadable", 3, "C (Đoàn thể)", str(MAX_COUNT + 1)),
        ("value_unreadable", 2, "D (Hoạt động của trường)", "2.5"),
        ("value_unreadable", 2, "E (Khác)", "-1"),
        ("value_unreadable", 4, "A (Tháng)", None),
    ]
    problem = next(p for p in result.problems if p.location.value == "hai")
    assert "số nguyên" in render(problem.params["expected"], "vi")
    counted = result.frame.groupby(["_row", "category"]).size().to_dict()
    assert counted == {(2, "chuyen_mon"): 2, (3, "chuyen_mon"): 2, (3, "hoat_dong"): 2, (4, "chuyen_mon"): 1}


def test_a_month_without_a_year_is_a_located_problem() -> None:
    result = parsed([HEADER, ["Tháng 9", 2, 1, 2, 1]])
    [problem] = [p for p in result.problems if p.severity == "error"]
    assert problem.location.row == 2 and problem.location.column == "A (Tháng)"


def test_a_post_list_is_still_a_list_and_gets_its_month_from_the_date() -> None:
    grid: Grid = [
        ["Ngày đăng", "Tiêu đề", "Chuyên mục", "Số ảnh"],
        ["05/10/2016", "Hội giảng", "Chuyên môn", 2],
        ["31/10/2016", "Chuyên đề Toán", "Chuyên môn", 0],
    ]
    result = parsed(grid, tab="Tin bài")
    assert result.kind == "posts" and not result.problems
    assert list(result.frame["month"]) == [pd.Timestamp(2016, 10, 1)] * 2
    assert result.source.columns["month"] == "A"  # evidence for a list's month is its date cell


# ----------------------------------------------------------------------------- rules


def _xlsx(path: Path, grid: Grid) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Thống kê"
    for row in grid:
        ws.append(row)
    ws.merge_cells("A1:E1")
    wb.save(path)


def _csv(path: Path, grid: Grid) -> None:
    def text(cell: Any) -> str:
        if isinstance(cell, dt.datetime):
            return cell.strftime("%d/%m/%Y")
        return "" if cell is None else str(cell)

    path.write_text("\n".join(";".join(text(c) for c in row) for row in grid) + "\n", encoding="utf-8")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_monthly_rules_pass_and_fail_as_the_counts_say(tmp_path: Path, fmt: str) -> None:
    folder = tmp_path / "th-kiem-tra"
    folder.mkdir()
    write = _xlsx if fmt == "xlsx" else _csv
    write(folder / f"Thong ke tin bai.{fmt}", counts_grid())
    wb = LocalSource(tmp_path, school_dir=folder).collect(SCHOOL)
    assert [p for p in wb.problems if p.severity != "note"] == []
    assert set(wb.tables) == {"posts"}

    assert rule_result(wb, "NEWS-UNIONS").status == "pass"
    assert rule_result(wb, "NEWS-SCHOOL-ACTIVITIES").status == "pass"
    professional = rule_result(wb, "NEWS-PROFESSIONAL")
    assert professional.status == "fail"
    assert messages(professional) == ["10/2016: có 1, cần ít nhất 2"]
    assert professional.findings[0].location.file == f"Thong ke tin bai.{fmt}"
    # the finding points at the cell to correct: the 10/2016 row, the Chuyên môn column
    assert professional.findings[0].location.row == 4
    assert (professional.findings[0].location.column or "").startswith("B")
    other = rule_result(wb, "NEWS-OTHER")
    assert other.status == "fail" and messages(other) == ["11–12/2016: có 0, cần ít nhất 1"]


def test_counted_rows_point_at_the_month_row_and_the_category_column() -> None:
    wb = build(("Tin bai.xlsx", [RawTab("Thống kê", counts_grid())]))
    table = wb.tables["posts"]
    frame = table.frame
    october_unions = frame.index[(frame["_row"] == 4) & (frame["category"] == "doan_the")]
    assert len(october_unions) == 2
    finding = row_finding(table, october_unions[0], "category", Msg("period_count_low", {}))
    assert (
        finding.location.file,
        finding.location.tab,
        finding.location.row,
        finding.location.column,
        finding.location.value,
    ) == (
        "Tin bai.xlsx",
        "Thống kê",
        4,
        "C (Chuyên mục)",
        "Đoàn thể",
    )
    month = row_finding(table, october_unions[0], "month", Msg("period_count_low", {}))
    assert (month.location.row, month.location.column, month.location.value) == (4, "A (Tháng)", "01/10/2016")


PER_POST_RULES = {
    "PORTAL-WEEKLY-SCHEDULE": "Ngày đăng",
    "PORTAL-THREE-DISCLOSURES": "Ngày đăng",
    "PORTAL-TIMETABLE": "Ngày đăng",
    "NEWS-IMAGE-WIDTH": "Số ảnh",
}


def _counts_with_dated_categories() -> Grid:
    """A counts table that also counts schedules, timetables and "three disclosures" posts in
    every month: read as posts dated the 1st, they would pass the deadline and some weeks."""
    return [
        ["Tháng", "Chuyên môn", "Lịch công tác", "Ba công khai", "Thời khóa biểu"],
        *[[f"{m:02d}/{y}", 2, 4, 1, 1] for y, m in [(2016, 9), (2016, 10), (2016, 11), (2016, 12), (2017, 1)]],
    ]


@pytest.mark.parametrize("rule_id", sorted(PER_POST_RULES))
def test_rules_needing_each_post_are_errors_on_a_counts_table_alone(rule_id: str) -> None:
    wb = build(("Tin bai.xlsx", [RawTab("Thống kê", _counts_with_dated_categories())]))
    assert not [p for p in wb.problems if p.severity == "error"]
    result = rule_result(wb, rule_id)
    assert result.status == "error", (rule_id, result.status, messages(result))
    assert result.points_earned == 0
    [finding] = result.findings
    assert finding.message.key == "column_missing" and finding.message.params["header"] == PER_POST_RULES[rule_id]
    assert (finding.location.file, finding.location.tab, finding.location.row) == ("Tin bai.xlsx", "Thống kê", 1)


def test_counted_rows_do_not_stand_in_for_a_post_list_s_dates() -> None:
    """With a list beside the counts table, per-post rules read the list only: a "three
    disclosures" post of 20/09 is late even though the table counts one in 09/2016."""
    posts_list: Grid = [
        ["Ngày đăng", "Tiêu đề", "Chuyên mục", "Số ảnh", "Chiều rộng ảnh (px)"],
        ["20/09/2016", "Công khai cam kết chất lượng", "Ba công khai", 1, 800],
    ]
    wb = build(
        ("Tin bai.xlsx", [RawTab("Tin bài", posts_list)]),
        ("Thong ke.xlsx", [RawTab("Thống kê", _counts_with_dated_categories())]),
    )
    disclosures = rule_result(wb, "PORTAL-THREE-DISCLOSURES")
    assert disclosures.status == "fail"
    assert [(f.location.file, f.location.row) for f in disclosures.findings] == [("Tin bai.xlsx", 2)]
    width = rule_result(wb, "NEWS-IMAGE-WIDTH")  # the counted rows have no pictures to judge
    assert width.status == "fail" and [(f.location.file, f.location.row) for f in width.findings] == [
        ("Tin bai.xlsx", 2)
    ]
    weekly = rule_result(wb, "PORTAL-WEEKLY-SCHEDULE")  # 4 counted schedules a month are not dated weeks
    assert weekly.status == "fail"
    assert all(f.location.row is None for f in weekly.findings)


@pytest.mark.parametrize("rule_id", MONTHLY_RULES)
def test_monthly_rules_still_judge_a_post_list_by_its_dates(rule_id: str) -> None:
    """A list with enough posts in every month passes; the same list with a gap fails there."""
    months = [(2016, 9), (2016, 10), (2016, 11), (2016, 12), (2017, 1)]
    categories = ["Chuyên môn", "Đoàn thể", "Hoạt động của trường", "Tin khác"]
    gap, label = ({(2016, 11), (2016, 12)}, "11–12/2016") if rule_id == "NEWS-OTHER" else ({(2016, 10)}, "10/2016")

    def posts(skip: set[tuple[int, int]]) -> Workbook:
        rows: Grid = [
            [dt.date(y, m, d), f"Tin {c} {d}/{m}", c]
            for y, m in months
            if (y, m) not in skip
            for c in categories
            for d in (3, 28)
        ]
        return build(("Tin bai.xlsx", [RawTab("Tin bài", [["Ngày đăng", "Tiêu đề", "Chuyên mục"], *rows])]))

    assert rule_result(posts(set()), rule_id).status == "pass"
    failed = rule_result(posts(gap), rule_id)
    assert failed.status == "fail"
    assert messages(failed) == [
        f"{label}: có 0, cần ít nhất {2 if rule_id in ('NEWS-PROFESSIONAL', 'NEWS-SCHOOL-ACTIVITIES') else 1}"
    ]


def test_a_list_and_a_counts_table_of_the_same_months_are_flagged() -> None:
    posts_list: Grid = [
        ["Ngày đăng", "Tiêu đề", "Chuyên mục"],
        ["12/10/2016", "Hội giảng", "Chuyên môn"],
        ["14/10/2016", "Chuyên đề Toán", "Chuyên môn"],
    ]
    wb = build(
        ("Tin bai.xlsx", [RawTab("Tin bài", posts_list)]),
        ("Thong ke.xlsx", [RawTab("Thống kê", counts_grid())]),
    )
    (warning,) = [p for p in wb.problems if p.code == "posts_counted_twice"]
    assert warning.params["months"] == "10/2016"
    assert (warning.location.file, warning.location.tab) == ("Thong ke.xlsx", "Thống kê")
    alone = build(("Thong ke.xlsx", [RawTab("Thống kê", counts_grid())]))
    assert not [p for p in alone.problems if p.code == "posts_counted_twice"]
