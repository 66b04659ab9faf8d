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


def test_a_typed_percentage_wins_and_a_zero_total_gives_no_share() -> None:
    header = [*HEADER, "Tỉ lệ"]
    wb = workbook([["Cán bộ giáo viên", 45, 48, "20/10/2016", "100%"], ["Học sinh", 0, 0, "01/11/2016", None]], header)
    rates = wb.tables["training"].frame["rate"]
    assert rates.iloc[0] == 1.0
    assert pd.isna(rates.iloc[1])  # nothing to judge: neither 0% nor 100%
