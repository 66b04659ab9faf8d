"""The school calendar: which months, weeks and semesters a per-period rule counts.

"Per month" in the guideline means per *school* month (September to May). A period is judged only
once it is due: a month when it has ended (by the audit date), a week's schedule post on its Monday.
Weeks whose school days fall mostly inside a break (Tết) ask for nothing: a break rarely spans a
whole Monday-to-Friday (Tết 2017 runs Thursday 26/01 to Thursday 02/02), yet the week of 30/01,
with one school day, is a Tết week. Months (and longer periods) whose every school day lies in a
break ask for nothing either: no lesson, no post is owed for a month the school is closed.

A rubric encodes one school year (``year``): an audit date outside it is refused with a clear
message rather than judged against the wrong year's dates.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from elschool_audit.yamlfile import Invalid

PeriodKind = Literal["week", "month", "two_months", "semester", "year"]

_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


def parse_month_day(value: str) -> tuple[int, int]:
    m = _MONTH_DAY.match(value)
    if m:
        month, day = int(m.group(1)), int(m.group(2))
        with contextlib.suppress(ValueError):
            dt.date(2016, month, day)  # validates (2016 is a leap year: 02-29 allowed)
            return month, day
    raise Invalid("rubric_need_month_day", value=repr(value))


class Break(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    start: dt.date = Field(alias="from")
    end: dt.date = Field(alias="to")
    name: str = ""


class Calendar(BaseModel):
    """School-year boundaries as MM-DD (the year follows from the audit date) and dated breaks."""

    model_config = ConfigDict(extra="forbid")

    start: str = "09-05"
    end: str = "05-31"
    semester_1_end: str = "01-15"
    breaks: list[Break] = []
    year: int | None = Field(default=None, ge=2000, le=2100)
    """First calendar year of the school year the rubric encodes (2016 for 2016-2017); audits
    dated outside that school year (its start to the day before the next one starts) are refused."""

    @field_validator("start", "end", "semester_1_end")
    @classmethod
    def _month_day(cls, v: str) -> str:
        parse_month_day(v)
        return v

    def year_start(self, as_of: dt.date) -> dt.date:
        """First day of the school year that ``as_of`` falls in.

        The summer belongs to the year that just ended: an audit run in June or July (the report
        for May, a late check) must judge the finished year in full, not an empty next year in
        which nothing is due yet and every rule would pass. The new year begins with its start month.
        """
        month, day = parse_month_day(self.start)
        year = as_of.year if as_of.month >= month else as_of.year - 1
        return dt.date(year, month, day)

    def covers(self, as_of: dt.date) -> bool:
        """Whether ``as_of`` falls in the rubric's school year (any date when no year is set)."""
        return self.year is None or self.year_start(as_of).year == self.year

    def year_bounds(self) -> tuple[dt.date, dt.date] | None:
        """First and last audit date the rubric accepts: its year's start to the eve of the next."""
        if self.year is None:
            return None
        month, day = parse_month_day(self.start)
        return dt.date(self.year, month, day), dt.date(self.year + 1, month, day) - dt.timedelta(days=1)

    def school_year(self, as_of: dt.date) -> tuple[dt.date, dt.date]:
        start = self.year_start(as_of)
        month, day = parse_month_day(self.end)
        return start, dt.date(start.year + 1, month, day)

    def date_in_year(self, month_day: str, as_of: dt.date) -> dt.date:
        """An MM-DD of the school year of ``as_of`` (from the start month to December in its first
        calendar year, January to the summer in its second)."""
        month, day = parse_month_day(month_day)
        start = self.year_start(as_of)
        return dt.date(start.year if month >= start.month else start.year + 1, month, day)

    def in_break(self, day: dt.date) -> bool:
        return any(b.start <= day <= b.end for b in self.breaks)

    def closed(self, start: dt.date, end: dt.date) -> bool:
        """Every school day (Monday to Friday) from ``start`` to ``end`` lies in a break."""
        days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
        weekdays = [d for d in days if d.weekday() < 5]
        return bool(self.breaks) and bool(weekdays) and all(self.in_break(d) for d in weekdays)

    def periods(self, kind: PeriodKind, as_of: dt.date, due: Literal["start", "end"] = "end") -> list[Period]:
        """The periods of the school year that are due by ``as_of``, oldest first."""
        first, last = self.school_year(as_of)
        out: list[Period] = []
        if kind == "week":
            monday = first - dt.timedelta(days=first.weekday())
            while monday <= last:
                sunday = monday + dt.timedelta(days=6)
                school_days = [
                    monday + dt.timedelta(days=i) for i in range(5) if first <= monday + dt.timedelta(days=i) <= last
                ]
                off = sum(1 for d in school_days if self.in_break(d))
                if school_days and off * 2 <= len(school_days):
                    label = f"{monday:%d/%m}–{sunday:%d/%m/%Y}"
                    out.append(Period(kind, max(monday, first), min(sunday, last), label))
                monday += dt.timedelta(days=7)
        elif kind in ("month", "two_months"):
            step = 1 if kind == "month" else 2
            year, month = first.year, first.month
            while dt.date(year, month, 1) <= last:
                start = max(first, dt.date(year, month, 1))
                end_year, end_month = year, month + step - 1
                if end_month > 12:
                    end_year, end_month = year + 1, end_month - 12
                end = min(last, _month_end(end_year, end_month))
                label = f"{month:02d}/{year}" if step == 1 else f"{month:02d}–{end.month:02d}/{end.year}"
                if not self.closed(start, end):
                    out.append(Period(kind, start, end, label))
                month += step
                if month > 12:
                    year, month = year + 1, month - 12
        elif kind == "semester":
            s1_end = self.date_in_year(self.semester_1_end, as_of)
            out = [
                Period(kind, first, s1_end, "HK I"),
                Period(kind, s1_end + dt.timedelta(days=1), last, "HK II"),
            ]
            out = [p for p in out if not self.closed(p.start, p.end)]
        else:
            out = [Period(kind, first, last, f"{first.year}-{last.year}")]
        return [p for p in out if (p.end if due == "end" else p.start) <= as_of]


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: dt.date
    end: dt.date
    label: str


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)
