"""The school calendar: school year, due periods of every kind, Tết, MM-DD dates."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from elschool_audit.rubric.calendar import Calendar, Period, parse_month_day
from tests.builders import CALENDAR

D = dt.date


def labels(periods: list[Period]) -> list[str]:
    return [p.label for p in periods]


# ---------------------------------------------------------------- school year


@pytest.mark.parametrize(
    ("as_of", "year"),
    [
        (D(2016, 9, 5), (D(2016, 9, 5), D(2017, 5, 31))),
        (D(2016, 11, 30), (D(2016, 9, 5), D(2017, 5, 31))),
        (D(2017, 5, 31), (D(2016, 9, 5), D(2017, 5, 31))),
        (D(2017, 6, 1), (D(2016, 9, 5), D(2017, 5, 31))),  # the summer belongs to the year just ended
        (D(2017, 8, 31), (D(2016, 9, 5), D(2017, 5, 31))),
        (D(2017, 9, 1), (D(2017, 9, 5), D(2018, 5, 31))),  # the new year begins with its start month
    ],
)
def test_school_year(as_of: dt.date, year: tuple[dt.date, dt.date]) -> None:
    assert CALENDAR.school_year(as_of) == year


def test_month_days_fall_in_the_right_calendar_year() -> None:
    as_of = D(2016, 11, 30)
    assert CALENDAR.date_in_year("09-15", as_of) == D(2016, 9, 15)
    assert CALENDAR.date_in_year("12-31", as_of) == D(2016, 12, 31)
    assert CALENDAR.date_in_year("01-15", as_of) == D(2017, 1, 15)
    assert CALENDAR.date_in_year("05-31", D(2017, 3, 1)) == D(2017, 5, 31)


@pytest.mark.parametrize("bad", ["9-15", "2016-09-15", "13-01", "02-30", "00-10", "09/15", ""])
def test_parse_month_day_refuses_bad_values(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_month_day(bad)


def test_parse_month_day() -> None:
    assert parse_month_day("09-05") == (9, 5)
    assert parse_month_day("02-29") == (2, 29)


def test_calendar_validates_its_fields() -> None:
    with pytest.raises(ValidationError, match="expected MM-DD"):
        Calendar.model_validate({"start": "9-5"})
    with pytest.raises(ValidationError):
        Calendar.model_validate({"breaks": [{"from": "2017-01-26"}]})
    with pytest.raises(ValidationError):
        Calendar.model_validate({"holidays": []})


# ---------------------------------------------------------------- months


def test_months_due_by_the_end_of_november() -> None:
    months = CALENDAR.periods("month", D(2016, 11, 30))
    assert labels(months) == ["09/2016", "10/2016", "11/2016"]
    assert (months[0].start, months[0].end) == (D(2016, 9, 5), D(2016, 9, 30))  # school starts on 05/09
    assert (months[2].start, months[2].end) == (D(2016, 11, 1), D(2016, 11, 30))


def test_mid_month_the_current_month_is_not_due_yet() -> None:
    assert labels(CALENDAR.periods("month", D(2016, 11, 29))) == ["09/2016", "10/2016"]
    assert labels(CALENDAR.periods("month", D(2016, 11, 29), due="start")) == ["09/2016", "10/2016", "11/2016"]


def test_a_whole_year_of_months_has_no_summer() -> None:
    assert CALENDAR.periods("month", D(2017, 9, 2)) == []  # the new year: nothing due yet
    assert labels(CALENDAR.periods("month", D(2017, 8, 15))) == labels(CALENDAR.periods("month", D(2017, 5, 31)))
    months = CALENDAR.periods("month", D(2017, 5, 31))
    assert labels(months) == [
        "09/2016",
        "10/2016",
        "11/2016",
        "12/2016",
        "01/2017",
        "02/2017",
        "03/2017",
        "04/2017",
        "05/2017",
    ]


def test_before_the_first_month_ends_nothing_is_due() -> None:
    assert CALENDAR.periods("month", D(2016, 9, 20)) == []
    assert CALENDAR.periods("month", D(2016, 9, 1)) == []


def test_two_months() -> None:
    periods = CALENDAR.periods("two_months", D(2017, 5, 31))
    assert labels(periods) == ["09–10/2016", "11–12/2016", "01–02/2017", "03–04/2017", "05–05/2017"]
    assert (periods[0].start, periods[0].end) == (D(2016, 9, 5), D(2016, 10, 31))
    assert (periods[2].start, periods[2].end) == (D(2017, 1, 1), D(2017, 2, 28))
    assert labels(CALENDAR.periods("two_months", D(2016, 12, 30))) == ["09–10/2016"]


# ---------------------------------------------------------------- semesters and the year


def test_semesters() -> None:
    assert CALENDAR.periods("semester", D(2017, 1, 14)) == []
    (s1,) = CALENDAR.periods("semester", D(2017, 1, 15))
    assert (s1.start, s1.end, s1.label) == (D(2016, 9, 5), D(2017, 1, 15), "HK I")
    s1, s2 = CALENDAR.periods("semester", D(2017, 5, 31))
    assert (s2.start, s2.end, s2.label) == (D(2017, 1, 16), D(2017, 5, 31), "HK II")
    assert labels(CALENDAR.periods("semester", D(2016, 10, 1), due="start")) == ["HK I"]


def test_year() -> None:
    assert CALENDAR.periods("year", D(2017, 5, 30)) == []
    (year,) = CALENDAR.periods("year", D(2017, 5, 31))
    assert (year.start, year.end, year.label) == (D(2016, 9, 5), D(2017, 5, 31), "2016-2017")
    assert labels(CALENDAR.periods("year", D(2016, 9, 5), due="start")) == ["2016-2017"]


# ---------------------------------------------------------------- weeks and Tết


def test_weeks_run_monday_to_sunday_from_the_first_school_day() -> None:
    weeks = CALENDAR.periods("week", D(2016, 9, 30), due="start")
    assert labels(weeks) == ["05/09–11/09/2016", "12/09–18/09/2016", "19/09–25/09/2016", "26/09–02/10/2016"]
    assert all(w.start.weekday() == 0 and (w.end - w.start).days == 6 for w in weeks)
    assert labels(CALENDAR.periods("week", D(2016, 9, 30))) == labels(weeks[:3])  # due at the end: Sunday


def test_a_week_is_due_on_its_monday() -> None:
    assert labels(CALENDAR.periods("week", D(2016, 9, 11), due="start")) == ["05/09–11/09/2016"]
    assert labels(CALENDAR.periods("week", D(2016, 9, 12), due="start"))[-1] == "12/09–18/09/2016"


def test_tet_week_is_skipped_and_the_weeks_around_it_are_not() -> None:
    """Tết 26/01–02/02/2017: the week of 30/01 has one school day (Friday 03/02)."""
    weeks = labels(CALENDAR.periods("week", D(2017, 2, 13), due="start"))
    assert "30/01–05/02/2017" not in weeks
    assert weeks[-4:] == ["16/01–22/01/2017", "23/01–29/01/2017", "06/02–12/02/2017", "13/02–19/02/2017"]


def test_a_break_covering_a_whole_week_removes_it() -> None:
    cal = Calendar.model_validate({"breaks": [{"from": "2017-01-23", "to": "2017-02-03", "name": "Tết"}]})
    weeks = labels(cal.periods("week", D(2017, 2, 13), due="start"))
    assert "23/01–29/01/2017" not in weeks
    assert "30/01–05/02/2017" not in weeks
    assert "16/01–22/01/2017" in weeks


def test_a_short_break_leaves_the_week() -> None:
    cal = Calendar.model_validate({"breaks": [{"from": "2016-11-21", "to": "2016-11-22"}]})
    assert "21/11–27/11/2016" in labels(cal.periods("week", D(2016, 11, 30)))


def test_breaks_do_not_remove_months() -> None:
    assert "02/2017" in labels(CALENDAR.periods("month", D(2017, 2, 28)))


def test_in_break() -> None:
    assert CALENDAR.in_break(D(2017, 1, 26))
    assert CALENDAR.in_break(D(2017, 2, 2))
    assert not CALENDAR.in_break(D(2017, 1, 25))
    assert not CALENDAR.in_break(D(2017, 2, 3))


def test_the_last_week_of_the_year_is_cut_at_the_last_day() -> None:
    last = CALENDAR.periods("week", D(2017, 5, 31), due="start")[-1]
    assert (last.start, last.end, last.label) == (D(2017, 5, 29), D(2017, 5, 31), "29/05–04/06/2017")


@settings(max_examples=40, deadline=None)
@given(st.dates(min_value=D(2016, 6, 1), max_value=D(2017, 8, 31)), st.sampled_from(["week", "month", "two_months"]))
def test_due_periods_are_ordered_inside_the_year_and_ended(as_of: dt.date, kind: str) -> None:
    first, last = CALENDAR.school_year(as_of)
    periods = CALENDAR.periods(kind, as_of)  # type: ignore[arg-type]
    for p in periods:
        assert first <= p.start <= p.end <= last
        assert p.end <= as_of
    assert all(a.end < b.start for a, b in itertools.pairwise(periods))
    starts = CALENDAR.periods(kind, as_of, due="start")  # type: ignore[arg-type]
    assert labels(starts)[: len(periods)] == labels(periods)


# ---------------------------------------------------------------- months wholly in a break (issue 14)


def test_a_month_wholly_inside_a_break_demands_nothing() -> None:
    closed = Calendar.model_validate(
        {"start": "09-05", "end": "05-31", "breaks": [{"from": "2017-01-28", "to": "2017-03-03", "name": "Dịch"}]}
    )
    months = labels(closed.periods("month", D(2017, 3, 31)))
    assert "02/2017" not in months  # every weekday of February is closed
    assert {"01/2017", "03/2017"} <= set(months)  # a month only partly closed still counts


def test_a_break_covering_only_part_of_a_month_keeps_it() -> None:
    assert "01/2017" in labels(CALENDAR.periods("month", D(2017, 2, 28)))  # Tết 26/01-02/02
    assert "02/2017" in labels(CALENDAR.periods("month", D(2017, 2, 28)))
