"""The school days a synthetic district logs lessons on: weekdays outside breaks and holidays."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

TET = (dt.date(2017, 1, 26), dt.date(2017, 2, 2))
"""The Tết break of school year 2016-17 (no lessons)."""


@dataclass(frozen=True)
class SchoolYear:
    start: dt.date
    end: dt.date
    """Last day generated: the end of the span the volume covers (a semester or the whole year)."""
    holidays: frozenset[dt.date]
    breaks: tuple[tuple[dt.date, dt.date], ...] = (TET,)

    @cached_property
    def days(self) -> list[dt.date]:
        out: list[dt.date] = []
        d = self.start
        while d <= self.end:
            if d.weekday() < 5 and not self.in_break(d) and d not in self.holidays:
                out.append(d)
            d += dt.timedelta(days=1)
        return out

    @cached_property
    def months(self) -> list[dt.date]:
        """The first day of every month of the span."""
        out, d = [], self.start.replace(day=1)
        while d <= self.end:
            out.append(d)
            d = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return out

    def in_break(self, day: dt.date) -> bool:
        return any(a <= day <= b for a, b in self.breaks)

    def days_of(self, month: dt.date) -> list[dt.date]:
        return [d for d in self.days if (d.year, d.month) == (month.year, month.month)]
