"""Tests for elschool_audit.sheets.values: every accepted and rejected cell form."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from elschool_audit.errors import ValueParseError
from elschool_audit.i18n import render
from elschool_audit.sheets.values import (
    EXCEL_EPOCH,
    MAX_SERIAL,
    MIN_SERIAL,
    parse_bool,
    parse_column,
    parse_date,
    parse_distinct,
    parse_int,
    parse_month,
    parse_number,
    parse_percent,
    parse_text,
)

D = dt.date
BLANKS: list[object] = [None, "", "   ", "\u00a0", "\u200b", "\n", float("nan")]
DASHES: list[object] = ["-", "—", "–", " - "]


def serial(d: dt.date) -> int:
    return (d - EXCEL_EPOCH).days


def expect_error(parser: Callable[[object], object], value: object, expected: str | None) -> None:
    with pytest.raises(ValueParseError) as info:
        parser(value)
    assert info.value.raw_value is value
    if expected is not None:
        assert render(info.value.expected, "en") == expected
    assert repr(value) in str(info.value)


# ------------------------------------------------------------------------------------ blanks


@pytest.mark.parametrize("parser", [parse_date, parse_month, parse_bool, parse_number, parse_int, parse_percent])
@pytest.mark.parametrize("value", BLANKS + DASHES)
def test_blank_and_dash_are_none_for_typed_columns(parser: Callable[[object], object], value: object) -> None:
    assert parser(value) is None


@pytest.mark.parametrize("value", BLANKS)
def test_blank_text_is_none(value: object) -> None:
    assert parse_text(value) is None


@pytest.mark.parametrize("value", DASHES)
def test_dash_is_text(value: str) -> None:
    assert parse_text(value) == value.strip()


def test_nat_is_blank() -> None:
    import pandas as pd

    assert parse_date(pd.NaT) is None
    assert parse_text(pd.NaT) is None


# ------------------------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D(2016, 9, 5), D(2016, 9, 5)),
        (dt.datetime(2016, 9, 5, 14, 30), D(2016, 9, 5)),
        (42618, D(2016, 9, 5)),
        (42618.0, D(2016, 9, 5)),
        (42618.99, D(2016, 9, 5)),  # the fraction is a time of day
        (MIN_SERIAL, D(1990, 1, 1)),
        (MAX_SERIAL, D(2100, 12, 31)),
        ("42618", D(2016, 9, 5)),
        ("42618.5", D(2016, 9, 5)),
        ("05/09/2016", D(2016, 9, 5)),
        ("5/9/2016", D(2016, 9, 5)),
        ("05-09-2016", D(2016, 9, 5)),
        ("05.09.2016", D(2016, 9, 5)),
        ("5/9/16", D(2016, 9, 5)),
        ("31/12/99", D(2099, 12, 31)),  # yy always means 20yy
        ("08:30:15 05/09/2016", D(2016, 9, 5)),  # portal export form
        ("8:30 05/09/2016", D(2016, 9, 5)),
        ("05/09/2016 08:30", D(2016, 9, 5)),
        ("05/09/2016 08:30:15", D(2016, 9, 5)),
        ("05/09/2016 8:30:15 PM", D(2016, 9, 5)),
        ("05/09/2016 8:30 SA", D(2016, 9, 5)),
        ("2016-09-05", D(2016, 9, 5)),
        ("2016-9-5", D(2016, 9, 5)),
        ("2016/09/05", D(2016, 9, 5)),
        ("2016-09-05 08:30:00", D(2016, 9, 5)),
        ("2016-09-05T08:30:00", D(2016, 9, 5)),
        ("2016-09-05T08:30:00Z", D(2016, 9, 5)),
        ("2016-09-05T08:30:00+07:00", D(2016, 9, 5)),
        ("ngày 5 tháng 9 năm 2016", D(2016, 9, 5)),
        ("Ngày 05 tháng 09 năm 2016", D(2016, 9, 5)),
        ("5 tháng 9 năm 2016", D(2016, 9, 5)),
        ("ngày 05/09/2016", D(2016, 9, 5)),
        (" 05/09/2016\u00a0", D(2016, 9, 5)),
        ("29/02/2016", D(2016, 2, 29)),
        ("01/01/1955", D(1955, 1, 1)),  # a teacher's birth date
    ],
)
def test_parse_date_accepts(value: object, expected: dt.date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("31/02/2016", "a valid calendar date"),
        ("29/02/2017", "a valid calendar date"),
        ("09/25/2016", "a valid calendar date"),  # month-first is never guessed
        ("00/09/2016", "a valid calendar date"),
        ("05/09/0216", "a valid calendar date"),
        ("25:00 05/09/2016", "a valid calendar date"),
        ("05/09/2016 10:61", "a valid calendar date"),
        ("05/09/2016 13:00 PM", "a valid calendar date"),
        ("05/09", "a date with a year"),
        ("5/9", "a date with a year"),
        ("ngày 5 tháng 9", "a date with a year"),
        (100, "a date (a date serial number must fall in 1990-2100)"),
        (-5, "a date (a date serial number must fall in 1990-2100)"),
        (MIN_SERIAL - 1, "a date (a date serial number must fall in 1990-2100)"),
        (MAX_SERIAL + 1, "a date (a date serial number must fall in 1990-2100)"),
        ("2016", "a date (a date serial number must fall in 1990-2100)"),
        (float("inf"), "a date (a date serial number must fall in 1990-2100)"),
        (dt.time(8, 30), "a date (the cell holds only a time of day)"),
        (True, "a date (dd/mm/yyyy)"),
        ("hôm qua", "a date (dd/mm/yyyy)"),
        ("05/09/2016 abc", "a date (dd/mm/yyyy)"),
        ("05/09-2016", "a date (dd/mm/yyyy)"),
        ("Sep 5, 2016", "a date (dd/mm/yyyy)"),
        (["05/09/2016"], "a date (dd/mm/yyyy)"),
    ],
)
def test_parse_date_rejects(value: object, expected: str) -> None:
    expect_error(parse_date, value, expected)


DATES = st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31))


def renderings(d: dt.date) -> list[object]:
    """Every supported way a date arrives, for one date."""
    dd, mm, yyyy = f"{d.day:02d}", f"{d.month:02d}", f"{d.year:04d}"
    return [
        d,
        dt.datetime.combine(d, dt.time(13, 45, 10)),
        serial(d),
        float(serial(d)) + 0.75,
        str(serial(d)),
        f"{dd}/{mm}/{yyyy}",
        f"{d.day}/{d.month}/{yyyy}",
        f"{dd}-{mm}-{yyyy}",
        f"{dd}.{mm}.{yyyy}",
        f"{d.day}/{d.month}/{d.year % 100:02d}",
        f"13:45:10 {dd}/{mm}/{yyyy}",
        f"13:45 {dd}/{mm}/{yyyy}",
        f"{dd}/{mm}/{yyyy} 13:45",
        f"{dd}/{mm}/{yyyy} 13:45:10",
        f"{yyyy}-{mm}-{dd}",
        f"{yyyy}-{mm}-{dd} 13:45:10",
        f"{yyyy}-{mm}-{dd}T13:45:10",
        f"ngày {d.day} tháng {d.month} năm {yyyy}",
        f"Ngày {dd} Tháng {mm} Năm {yyyy}",
    ]


@given(DATES)
def test_every_rendering_of_a_date_parses_back(d: dt.date) -> None:
    for rendering in renderings(d):
        assert parse_date(rendering) == d, rendering
        assert parse_month(rendering) == d.replace(day=1), rendering


@given(st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none(), st.times()))
def test_date_garbage_parses_or_raises_value_parse_error(value: object) -> None:
    try:
        result = parse_date(value)
    except ValueParseError as exc:
        assert exc.raw_value is value
    else:
        assert result is None or (isinstance(result, dt.date) and 1900 <= result.year <= 2100)


@given(st.text(alphabet="0123456789/.-: ngàyhánăTtSACHPMm", max_size=30))
def test_date_like_garbage_parses_or_raises_value_parse_error(value: str) -> None:
    try:
        result = parse_date(value)
    except ValueParseError:
        return
    assert result is None or 1900 <= result.year <= 2100


# ------------------------------------------------------------------------------------ months


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("11/2016", D(2016, 11, 1)),
        ("1/2017", D(2017, 1, 1)),
        ("11-2016", D(2016, 11, 1)),
        ("11.2016", D(2016, 11, 1)),
        ("Tháng 11/2016", D(2016, 11, 1)),
        ("tháng 11 năm 2016", D(2016, 11, 1)),
        ("THÁNG 11 - 2016", D(2016, 11, 1)),
        ("T11/2016", D(2016, 11, 1)),
        ("t11/2016", D(2016, 11, 1)),
        ("2016-11", D(2016, 11, 1)),
        ("2016/11", D(2016, 11, 1)),
        ("05/11/2016", D(2016, 11, 1)),
        ("2016-11-30", D(2016, 11, 1)),
        (D(2016, 11, 30), D(2016, 11, 1)),
        (dt.datetime(2016, 11, 30, 23, 59), D(2016, 11, 1)),
        (serial(D(2016, 11, 30)), D(2016, 11, 1)),
        (float(serial(D(2016, 11, 30))), D(2016, 11, 1)),
    ],
)
def test_parse_month_accepts(value: object, expected: dt.date) -> None:
    assert parse_month(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("11", "a month with a year"),
        ("Tháng 11", "a month with a year"),
        ("T11", "a month with a year"),
        (11, "a month with a year"),
        ("13/2016", "a valid calendar date"),
        ("0/2016", "a valid calendar date"),
        ("tháng mười một", "a month (mm/yyyy)"),
        ("11/16", "a date with a year"),
        (True, "a month (mm/yyyy)"),
        (500, "a date (a date serial number must fall in 1990-2100)"),
    ],
)
def test_parse_month_rejects(value: object, expected: str) -> None:
    expect_error(parse_month, value, expected)


# ------------------------------------------------------------------------------------ booleans

TRUE_SPELLINGS = [
    "có", "Có", "CÓ", "co", "x", "X", "✓", "✔", "yes", "Yes", "y", "Y", "1", "true", "TRUE",
    "đạt", "Đạt", "dat", "rồi", "Rồi", "đã", "Đã", "đã cài", "Đã cài", "ok", "OK", " có ",
]  # fmt: skip
FALSE_SPELLINGS = [
    "không", "Không", "KHÔNG", "khong", "ko", "k", "K", "no", "No", "n", "N", "0", "false",
    "FALSE", "không đạt", "Không đạt", "chưa", "Chưa", "chưa cài", "Chưa cài", "chưa đạt",
]  # fmt: skip


@pytest.mark.parametrize("value", [*TRUE_SPELLINGS, True, 1, 1.0])
def test_parse_bool_true(value: object) -> None:
    assert parse_bool(value) is True


@pytest.mark.parametrize("value", [*FALSE_SPELLINGS, False, 0, 0.0])
def test_parse_bool_false(value: object) -> None:
    assert parse_bool(value) is False


@pytest.mark.parametrize("value", ["có thể", "maybe", "✗", "2", 2, 0.5, -1, "đúng không", "yes!", D(2016, 1, 1)])
def test_parse_bool_rejects(value: object) -> None:
    expect_error(parse_bool, value, "yes/no (có/không)")


@given(st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none()))
def test_bool_garbage_parses_or_raises_value_parse_error(value: object) -> None:
    try:
        result = parse_bool(value)
    except ValueParseError as exc:
        assert exc.raw_value is value
    else:
        assert result in (True, False, None)


# ------------------------------------------------------------------------------------ numbers


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12, 12.0),
        (12.5, 12.5),
        (-3, -3.0),
        (Decimal("2.5"), 2.5),
        ("12", 12.0),
        ("00123", 123.0),
        ("12,5", 12.5),
        (",5", 0.5),
        ("1.234.567", 1234567.0),
        ("1.234,5", 1234.5),
        ("1.234.567,89", 1234567.89),
        ("1,234,567", 1234567.0),
        ("1,234,567.89", 1234567.89),
        ("1,234.5", 1234.5),
        ("1 234", 1234.0),
        ("1\u00a0234", 1234.0),
        ("1\u202f234\u202f567", 1234567.0),
        ("1 234,5", 1234.5),
        ("1.234", 1234.0),  # Vietnamese: the dot groups thousands
        ("1,5", 1.5),
        ("1,234", 1.234),  # ambiguous: a lone comma is the decimal separator
        ("12.5", 12.5),  # cannot be grouping (not three digits after the dot)
        ("0.905", 0.905),  # a group never starts with 0
        ("1234.5", 1234.5),
        ("-5", -5.0),
        ("−5", -5.0),
        ("+5", 5.0),
        ("- 5", -5.0),
        ("-1.234,5", -1234.5),
        ("1,5E+3", 1500.0),
        ("1.23E+11", 1.23e11),
        ("1e5", 100000.0),
    ],
)
def test_parse_number_accepts(value: object, expected: float) -> None:
    result = parse_number(value)
    assert result == pytest.approx(expected)
    assert isinstance(result, float)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12 kg", "a number without units"),
        ("12kg", "a number without units"),
        ("1.000đ", "a number without units"),
        ("1.000 VNĐ", "a number without units"),
        ("90%", "a number without units"),
        ("5 máy", "a number without units"),
        ("abc", "a number"),
        ("12.", "a number"),
        ("1.2.3", "a number"),
        ("1,23,4", "a number"),
        ("12,5,6", "a number"),
        ("1.23.4", "a number"),
        ("1..2", "a number"),
        ("--5", "a number"),
        ("x12", "a number"),
        (True, "a number"),
        (False, "a number"),
        (D(2016, 1, 1), "a number"),
        (float("inf"), "a finite number"),
        ("1e400", "a finite number"),
    ],
)
def test_parse_number_rejects(value: object, expected: str) -> None:
    expect_error(parse_number, value, expected)


@given(st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none()))
def test_number_garbage_parses_or_raises_value_parse_error(value: object) -> None:
    try:
        result = parse_number(value)
    except ValueParseError as exc:
        assert exc.raw_value is value
    else:
        assert result is None or (isinstance(result, float) and math.isfinite(result))


@given(st.text(alphabet="0123456789.,  \u00a0-+eE%", max_size=20))
def test_number_like_garbage_parses_or_raises_value_parse_error(value: str) -> None:
    try:
        result = parse_number(value)
    except ValueParseError:
        return
    assert result is None or math.isfinite(result)


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_vietnamese_rendering_of_numbers_round_trips(whole: int, cents: int) -> None:
    grouped = f"{whole:,}".replace(",", ".")
    assert parse_number(grouped) == whole
    assert parse_number(f"{grouped},{cents:02d}") == pytest.approx(whole + cents / 100)
    assert parse_number(f"{whole:,}".replace(",", " ")) == whole
    assert parse_int(grouped) == whole


@given(st.one_of(st.text(), st.integers(-(10**30), 10**30), st.floats(), st.booleans(), st.none()))
def test_int_and_text_garbage_parse_or_raise_value_parse_error(value: object) -> None:
    try:
        result = parse_int(value)
    except ValueParseError as exc:
        assert exc.raw_value is value
    else:
        assert result is None or type(result) is int
    try:
        text = parse_text(value)
    except ValueParseError as exc:
        assert exc.raw_value is value
    else:
        assert text is None or (text and text == text.strip())


def test_huge_values_are_errors_not_crashes() -> None:
    expect_error(parse_int, "9" * 5000, "a finite number")
    expect_error(parse_number, "9" * 5000, "a finite number")
    expect_error(parse_date, "9" * 5000, None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12,0", 12),
        ("12.0", 12),
        ("12", 12),
        ("+12", 12),
        ("-12", -12),
        ("1.234", 1234),
        (12, 12),
        (12.0, 12),
        (2**60 + 1, 2**60 + 1),  # exact, not via float
        ("1152921504606846977", 2**60 + 1),
    ],
)
def test_parse_int_accepts(value: object, expected: int) -> None:
    result = parse_int(value)
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize("value", ["12,5", 12.5, "1,234", "0.5"])
def test_parse_int_rejects_fractions(value: object) -> None:
    expect_error(parse_int, value, "a whole number")


def test_parse_int_rejects_text_and_bool() -> None:
    expect_error(parse_int, "mười", "a number")
    expect_error(parse_int, True, "a number")


def test_numpy_scalars() -> None:
    import numpy as np

    assert parse_int(np.int64(7)) == 7
    assert parse_number(np.float32(2.5)) == 2.5
    assert parse_number(np.float64("nan")) is None
    assert parse_text(np.int64(123)) == "123"


# ------------------------------------------------------------------------------------ percent


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("90%", 0.9),
        ("90 %", 0.9),
        ("90\u00a0%", 0.9),
        ("90,5%", 0.905),
        ("100%", 1.0),
        ("120%", 1.2),
        ("0%", 0.0),
        ("0,5%", 0.005),
        (0.9, 0.9),
        (90, 0.9),
        (90.5, 0.905),
        (1, 1.0),  # exactly 1 is 100%
        (1.0, 1.0),
        (0, 0.0),
        ("1", 1.0),
        ("0,9", 0.9),
        ("90", 0.9),
        ("1,5", 0.015),  # above 1: a percentage
    ],
)
def test_parse_percent_accepts(value: object, expected: float) -> None:
    assert parse_percent(value) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("%", "a percentage"),
        ("abc%", "a percentage"),
        ("chín mươi", "a percentage"),
        ("90 phần trăm", "a percentage"),
        (True, "a percentage"),
        (-5, "a percentage of at least 0"),
        ("-5%", "a percentage of at least 0"),
        ("-0,5", "a percentage of at least 0"),
    ],
)
def test_parse_percent_rejects(value: object, expected: str) -> None:
    expect_error(parse_percent, value, expected)


@given(st.one_of(st.text(), st.integers(), st.floats(), st.booleans(), st.none()))
def test_percent_garbage_parses_or_raises_value_parse_error(value: object) -> None:
    try:
        result = parse_percent(value)
    except ValueParseError as exc:
        assert exc.raw_value is value
    else:
        assert result is None or (math.isfinite(result) and result >= 0)


@given(st.integers(min_value=0, max_value=10000))
def test_percent_renderings_agree(tenths: int) -> None:
    pct = tenths / 10
    text = f"{pct:.1f}".replace(".", ",")
    assert parse_percent(f"{text}%") == pytest.approx(pct / 100)
    assert parse_percent(f"{text} %") == pytest.approx(pct / 100)


# ------------------------------------------------------------------------------------ text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("  Phòng\u00a0Tin  học ", "Phòng Tin học"),
        ("00123", "00123"),
        (123, "123"),
        (123.0, "123"),
        (1e20, "100000000000000000000"),
        (12.5, "12.5"),
        (-0.25, "-0.25"),
        (True, "TRUE"),
        (False, "FALSE"),
        (D(2016, 9, 5), "2016-09-05"),
        (dt.datetime(2016, 9, 5), "2016-09-05"),
        (dt.datetime(2016, 9, 5, 8, 30), "2016-09-05 08:30:00"),
        (dt.time(8, 30), "08:30:00"),
        ("Trường\nTHCS", "Trường THCS"),
    ],
)
def test_parse_text(value: object, expected: str) -> None:
    assert parse_text(value) == expected


def test_parse_text_nfd() -> None:
    import unicodedata

    assert parse_text(unicodedata.normalize("NFD", "Đức Giang")) == "Đức Giang"


@pytest.mark.parametrize("value", [float("inf"), ["a"], {"a": 1}])
def test_parse_text_rejects(value: object) -> None:
    expect_error(parse_text, value, "text")


# ------------------------------------------------------------------------------------ columns


def test_parse_column_collects_errors_in_order() -> None:
    parsed, errors = parse_column(["05/09/2016", "x", None, "31/02/2016", "x", 42618], parse_date)
    assert parsed == [D(2016, 9, 5), None, None, None, None, D(2016, 9, 5)]
    assert [i for i, _ in errors] == [1, 3, 4]
    assert [render(e.expected, "en") for _, e in errors] == [
        "a date (dd/mm/yyyy)",
        "a valid calendar date",
        "a date (dd/mm/yyyy)",
    ]
    # repeated bad values get distinct error objects, so locations can be attached to each
    assert errors[0][1] is not errors[2][1]
    assert errors[0][1].raw_value == "x"


def test_parse_column_fast_paths_match_slow_path() -> None:
    dates: list[object] = [D(2016, 9, 5), None, dt.datetime(2016, 9, 6, 7, 8)]
    assert parse_column(dates, parse_date) == ([D(2016, 9, 5), None, D(2016, 9, 6)], [])
    numbers: list[object] = [1, 2.5, None, float("nan"), -3]
    assert parse_column(numbers, parse_number) == ([1.0, 2.5, None, None, -3.0], [])
    parsed, errors = parse_column([1.0, float("inf")], parse_number)
    assert parsed == [1.0, None]
    assert errors[0][0] == 1
    assert render(errors[0][1].expected, "en") == "a finite number"


def test_parse_column_does_not_confuse_equal_values_of_other_types() -> None:
    parsed, errors = parse_column([1, True, 1.0, "1"], parse_text)
    assert parsed == ["1", "TRUE", "1", "1"]
    assert errors == []


def test_parse_distinct_types_each_value_once_and_keeps_signed_zero() -> None:
    found = parse_distinct(["x", None, "05/09/2016", "x", "05/09/2016"], parse_date)
    assert found is not None
    assert found.values == ["x", None, "05/09/2016"]
    assert found.typed == [None, None, D(2016, 9, 5)]
    assert found.codes.tolist() == [0, 1, 2, 0, 2]
    assert [(i, render(e.expected, "en")) for i, e in found.errors] == [
        (0, "a date (dd/mm/yyyy)"),
        (3, "a date (dd/mm/yyyy)"),
    ]
    # mixed numbers are keyed by type too: True, 1 and 1.0 stay three values
    mixed = parse_distinct([1, True, 1.0, 1], parse_text)
    assert mixed is not None and mixed.typed == ["1", "TRUE", "1"] and mixed.codes.tolist() == [0, 1, 2, 0]
    # 0.0 == -0.0 would merge the two zeros: the column is typed cell by cell instead
    assert parse_distinct([0.0, -0.0], parse_number) is None
    assert [math.copysign(1, v) for v in parse_column([0.0, -0.0], parse_number)[0] if v is not None] == [1, -1]


def test_parse_column_unhashable_and_custom_parser() -> None:
    calls: list[object] = []

    def upper(v: object) -> str | None:
        calls.append(v)
        text = parse_text(v)
        return None if text is None else text.upper()

    parsed, errors = parse_column(["a", "a", "b", "a"], upper)
    assert parsed == ["A", "A", "B", "A"]
    assert errors == []
    assert calls == ["a", "b"]  # cached per distinct value
    parsed2, errors2 = parse_column([["x"]], parse_text)
    assert parsed2 == [None]
    assert render(errors2[0][1].expected, "en") == "text"


@given(
    st.lists(
        st.one_of(st.sampled_from(["05/09/2016", "x", "", "42618", "1/1/16"]), st.integers()),
        max_size=30,
    )
)
def test_parse_column_equals_cellwise_parsing(values: list[object]) -> None:
    parsed, errors = parse_column(values, parse_date)
    error_at = dict(errors)
    for i, v in enumerate(values):
        try:
            expected = parse_date(v)
        except ValueParseError as exc:
            assert parsed[i] is None
            assert error_at[i].expected == exc.expected
        else:
            assert parsed[i] == expected
            assert i not in error_at


def test_parse_column_big_repetitive_column_is_fast() -> None:
    import time

    values: list[object] = ["08:30:15 05/09/2016", "09:00:00 06/09/2016"] * 50_000
    # CPU time, not wall time: on a shared CI machine a descheduled worker once took 2.4 s of wall
    # time for 0.05 s of work. Parsing each of the 100,000 cells would cost well over a second.
    start = time.process_time()
    parsed, errors = parse_column(values, parse_date)
    assert time.process_time() - start < 1.0
    assert errors == []
    assert parsed[-1] == D(2016, 9, 6)


def test_every_expectation_is_a_catalogue_message_with_its_english_unchanged() -> None:
    """EXPECT_* are catalogue keys (so a Vietnamese report says them precisely too); English reads
    as it did when they were English strings."""
    from elschool_audit.i18n import MESSAGES
    from elschool_audit.sheets import values

    english = {name: render(getattr(values, name), "en") for name in dir(values) if name.startswith("EXPECT_")}
    assert english == {
        "EXPECT_DATE": "a date (dd/mm/yyyy)",
        "EXPECT_DATE_YEAR": "a date with a year",
        "EXPECT_VALID_DATE": "a valid calendar date",
        "EXPECT_SERIAL": "a date (a date serial number must fall in 1990-2100)",
        "EXPECT_NOT_TIME": "a date (the cell holds only a time of day)",
        "EXPECT_MONTH": "a month (mm/yyyy)",
        "EXPECT_MONTH_YEAR": "a month with a year",
        "EXPECT_BOOL": "yes/no (có/không)",
        "EXPECT_NUMBER": "a number",
        "EXPECT_NO_UNIT": "a number without units",
        "EXPECT_FINITE": "a finite number",
        "EXPECT_INT": "a whole number",
        "EXPECT_PERCENT": "a percentage",
        "EXPECT_PERCENT_POSITIVE": "a percentage of at least 0",
        "EXPECT_TEXT": "text",
    }
    assert all(getattr(values, name).key in MESSAGES for name in english)
