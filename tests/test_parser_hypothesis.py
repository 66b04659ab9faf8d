"""Property: for random header spellings, cell types, encodings and layouts, parse_tab either
returns the intended values or reports a located problem for the cell — and nothing else."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from elschool_audit.sheets.legacy import from_unicode
from elschool_audit.sheets.parser import ParsedTab, column_letter, parse_tab
from elschool_audit.sources.readers import read_workbook_bytes
from elschool_audit.text import clean

HEADERS = {
    "date": ["Ngày", "Ngày dạy", "Ngày sử dụng", "Ngày tháng"],
    "period": ["Tiết", "Tiết thứ", "Tiết học"],
    "room": ["Phòng", "Phòng sử dụng"],
    "used_it": ["Sử dụng CNTT", "Ứng dụng CNTT", "Có sử dụng thiết bị CNTT"],
}
EXTRA = ["STT", "Cột thêm", "Xyz"]
ROOMS = ["Phòng Tin học", "P. Tin học 2", "Lớp 4A", "Phòng máy", "Thư viện", "Phòng Đa năng"]


def strip_marks(s: str) -> str:
    d = unicodedata.normalize("NFD", s)
    return "".join(c for c in d if not unicodedata.combining(c)).replace("Đ", "D").replace("đ", "d")


@st.composite
def spelling(draw: st.DrawFn, column: str) -> str:
    text = draw(st.sampled_from(HEADERS[column]))
    if draw(st.booleans()):
        text = strip_marks(text)
    text = draw(st.sampled_from([str.upper, str.lower, str.title, lambda s: s]))(text)
    if draw(st.booleans()):
        text = unicodedata.normalize("NFD", text)
    pad = draw(st.sampled_from(["", " ", "\u00a0", "\u200b", "\n"]))
    hint = draw(st.sampled_from(["", " (ghi chú)", "\n(dd/mm/yyyy)" if column == "date" else ""]))
    return pad + text.replace(" ", draw(st.sampled_from([" ", "  ", "\u00a0"]))) + hint + pad


@dataclass
class Cell:
    raw: Any
    expected: Any  # the intended value; None when blank
    bad: bool = False


@st.composite
def date_cell(draw: st.DrawFn) -> Cell:
    if draw(st.integers(0, 12)) == 0:
        return Cell(draw(st.sampled_from(["hôm qua", "31/02/2016", "05/09"])), None, True)
    day = draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
    form = draw(st.integers(0, 6))
    raw: Any = [
        day,
        dt.datetime.combine(day, dt.time(7, 30)),
        (day - dt.date(1899, 12, 30)).days,
        day.strftime("%d/%m/%Y"),
        day.strftime("%d-%m-%Y"),
        f"08:15:00 {day:%d/%m/%Y}",
        f"{day.day}/{day.month}/{day.year % 100:02d}",
    ][form]
    return Cell(raw, day)


@st.composite
def bool_cell(draw: st.DrawFn) -> Cell:
    if draw(st.integers(0, 12)) == 0:
        return Cell("✗", None, True)
    value = draw(st.booleans())
    yes = ["có", "Có", "x", "X", "✓", "yes", 1, "1", "đạt", True]
    no = ["không", "Không", "no", 0, "0", "không đạt", "ko", False]
    return Cell(draw(st.sampled_from(yes if value else no)), value)


@st.composite
def int_cell(draw: st.DrawFn) -> Cell:
    if draw(st.integers(0, 12)) == 0:
        return Cell("2 tiết", None, True)
    n = draw(st.integers(1, 10))
    return Cell(draw(st.sampled_from([n, float(n), str(n), f" {n} "])), n)


@st.composite
def room_cell(draw: st.DrawFn, legacy: bool) -> Cell:
    room = draw(st.sampled_from(ROOMS))
    if legacy:
        raw = from_unicode(room, "tcvn3")  # no font information: kept as typed, at most warned about
        return Cell(raw, clean(raw))
    raw = draw(
        st.sampled_from([room, unicodedata.normalize("NFD", room), room.replace(" ", "\u00a0"), f" {room}\u200b"])
    )
    return Cell(raw, room)


@st.composite
def tabs(draw: st.DrawFn) -> tuple[list[list[Any]], dict[int, dict[str, Cell]], list[str]]:
    columns = draw(
        st.permutations(
            ["date", "period", "room", "used_it", *draw(st.lists(st.sampled_from(EXTRA), max_size=2, unique=True))]
        )
    )
    header = [draw(spelling(c)) if c in HEADERS else c for c in columns]
    grid: list[list[Any]] = [
        [t] + [None] * (len(columns) - 1)
        for t in draw(st.lists(st.sampled_from(["SỔ THEO DÕI SỬ DỤNG", "TRƯỜNG TH ÁI MỘ A", ""]), max_size=3))
    ]
    grid.append(header)
    legacy = draw(st.booleans())
    expected: dict[int, dict[str, Cell]] = {}
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.integers(0, 4)) == 0:
            grid.append([None] * len(columns))  # spacer
        cells = {
            "date": draw(date_cell()),
            "period": draw(int_cell()),
            "room": draw(room_cell(legacy)),
            "used_it": draw(bool_cell()),
        }
        grid.append([cells[c].raw if c in cells else draw(st.sampled_from([None, "ghi chú", 7])) for c in columns])
        expected[len(grid)] = cells
    if draw(st.booleans()):
        grid.append(["Tổng cộng"] + [None] * (len(columns) - 1))
    return grid, expected, columns


def as_csv(grid: list[list[Any]]) -> list[list[Any]]:
    """Round-trip through a UTF-16 tab-separated file, as Excel's "Unicode text" saves it."""

    def text(v: Any) -> str:
        if v is None:
            return ""
        if isinstance(v, dt.date):
            return v.strftime("%d/%m/%Y")
        return str(v).replace("\t", " ").replace("\n", " ").replace('"', "")

    data = "\n".join("\t".join(text(v) for v in row) for row in grid).encode("utf-16")
    (tab,) = read_workbook_bytes(data, "nhat ky.csv")
    return tab.grid


def actual(value: Any) -> Any:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value) or value is pd.NaT:
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):
        return value.item()
    return value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tabs(), st.booleans())
def test_values_equal_the_intended_ones_or_are_located_problems(
    case: tuple[list[list[Any]], dict[int, dict[str, Cell]], list[str]], through_csv: bool
) -> None:
    grid, expected, columns = case
    if through_csv:
        grid = as_csv(grid)
    result = parse_tab(grid, "nhat ky.csv", "Nhật ký")
    assert isinstance(result, ParsedTab) and result.kind == "usage_log"
    frame = result.frame.set_index("_row")
    assert sorted(frame.index) == sorted(expected)
    unreadable = {(p.location.row, p.params["column"]) for p in result.problems if p.code == "value_unreadable"}
    for p in result.problems:
        assert p.code in ("value_unreadable", "legacy_encoding"), p
        if p.code == "value_unreadable":
            letter = column_letter(columns.index(p.params["column"]))
            assert p.location.file == "nhat ky.csv" and p.location.tab == "Nhật ký"
            assert p.location.column is not None and p.location.column.startswith(letter + " ")
    for row, cells in expected.items():
        for name, cell in cells.items():
            got = actual(frame.loc[row, name])
            if cell.bad:
                assert (row, name) in unreadable and got is None
            else:
                assert (row, name) not in unreadable
                if name == "room" and through_csv:
                    assert clean(got) == clean(cell.expected)
                else:
                    assert got == cell.expected, (row, name, cell.raw)
