"""Training logs give counts (trained / total) more often than a percentage: the share is derived."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from elschool_audit.engine import evaluate
from elschool_audit.roster import School
from elschool_audit.rubric.loader import load_rubric
from elschool_audit.sources.base import WorkbookBuilder
from elschool_audit.sources.readers import RawTab
from elschool_audit.workbook import Workbook

RUBRIC = load_rubric(None).rubric
SCHOOL = School(id="kiem-tra", name="Trường kiểm tra", level="TH", pilot=True)
HEADER = ["Đối tượng", "Số đã tập huấn", "Tổng số", "Ngày tập huấn"]


def workbook(rows: list[list[Any]], header: list[str] = HEADER) -> Workbook:
    builder = WorkbookBuilder()
    builder.add_file("Tap huan.xlsx", [RawTab("Tập huấn", [header, *rows])])
    return builder.build()


def status(wb: Workbook, rule_id: str) -> str:
    found = RUBRIC.rule(rule_id)
    assert found is not None
    section, rule = found
    rubric = RUBRIC.model_copy(update={"sections": [section.model_copy(update={"rules": [rule]})]})
    return evaluate(rubric, SCHOOL, wb, dt.date(2016, 12, 15)).results[0].status


def test_the_share_is_derived_from_the_counts() -> None:
    wb = workbook([["Cán bộ giáo viên", 48, 48, "20/10/2016"], ["Cha mẹ học sinh", 300, 412, "10/12/2016"]])
    frame = wb.tables["training"].frame
    assert list(frame["rate"]) == [1.0, round(300 / 412, 4)]
    assert status(wb, "TRAIN-STAFF-WEB") == "pass"


def test_fewer_trained_than_staff_fails() -> None:
    wb = workbook([["Cán bộ giáo viên", 45, 48, "20/10/2016"]])
    assert status(wb, "TRAIN-STAFF-WEB") == "fail"


def test_the_counts_win_over_a_typed_rate_that_contradicts_them() -> None:
    """50 trained of 196 typed as 100% is 26%: the rule judges 26%, and the typed cell is flagged
    where it is, with the value found and the value the counts give."""
    header = [*HEADER, "Tỉ lệ"]
    wb = workbook([["Cán bộ giáo viên", 50, 196, "20/10/2016", "100%"], ["Học sinh", 0, 0, "01/11/2016", None]], header)
    rates = wb.tables["training"].frame["rate"]
    assert rates.iloc[0] == round(50 / 196, 4)
    assert pd.isna(rates.iloc[1])  # nothing to judge: neither 0% nor 100%
    assert status(wb, "TRAIN-STAFF-WEB") == "fail"
    [problem] = [p for p in wb.problems if p.code == "rate_disagrees"]
    assert problem.severity == "warning"
    assert problem.params["found"] == "100%" and problem.params["expected"] == "26%"
    assert (problem.location.tab, problem.location.row, problem.location.value) == ("Tập huấn", 2, "100%")
    assert problem.location.column is not None and problem.location.column.startswith("E")


def test_a_typed_rate_the_counts_agree_with_passes_unflagged() -> None:
    header = [*HEADER, "Tỉ lệ"]
    wb = workbook([["Cán bộ giáo viên", 48, 48, "20/10/2016", "100%"]], header)
    assert status(wb, "TRAIN-STAFF-WEB") == "pass"
    assert not [p for p in wb.problems if p.code == "rate_disagrees"]


def test_a_typed_rate_without_counts_is_still_read() -> None:
    header = ["Đối tượng", "Tỉ lệ", "Ngày tập huấn"]
    wb = workbook([["Cán bộ giáo viên", "100%", "20/10/2016"]], header)
    assert wb.tables["training"].frame["rate"].iloc[0] == 1.0
