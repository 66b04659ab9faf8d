"""The date an audit is "as of": from ``--as-of``/``--month``, or today — but only when today lies in
the rubric's school year.

A rubric names one school year (its dated breaks say which). Auditing as of today against a
finished year's rubric judges months of records the rubric never meant, and an audit date before
the year starts scores a year in which nothing is due: both stop with a message instead of a score.
"""

from __future__ import annotations

import datetime as dt

from elschool_audit.engine import month_end
from elschool_audit.errors import ConfigError
from elschool_audit.i18n import shown_date
from elschool_audit.results import Msg
from elschool_audit.rubric.model import Rubric

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")


def _error(key: str, **params: object) -> ConfigError:
    return ConfigError(Msg(key, dict(params)))


def parse_date(text: str) -> dt.date:
    """YYYY-MM-DD or DD/MM/YYYY (the way dates are written in Vietnam), DD-MM-YYYY too."""
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise _error("date_bad", value=text)


def rubric_year(rubric: Rubric) -> tuple[dt.date, dt.date] | None:
    """The school year the rubric is written for, known from its dated breaks (None without any)."""
    breaks = rubric.calendar.breaks
    if not breaks:
        return None
    return rubric.calendar.school_year(breaks[0].start)


def resolve_as_of(rubric: Rubric, as_of: str | None, month: str | None, today: dt.date | None = None) -> dt.date:
    today = today or dt.date.today()
    if as_of and month:
        raise _error("date_both")
    year = rubric_year(rubric)
    if month:
        try:
            date = min(month_end(month), today)
        except ValueError as exc:
            raise _error("month_bad", value=month) from exc
    elif as_of:
        date = parse_date(as_of)
    else:
        if year is not None and not year[0] <= today <= year[1]:
            raise _error(
                "date_outside_year",
                today=shown_date(today),
                start=shown_date(year[0]),
                end=shown_date(year[1]),
                month=year[1].strftime("%Y-%m"),
            )
        return today
    if year is not None and date < year[0]:
        raise _error("date_before_year", date=shown_date(date), start=shown_date(year[0]))
    return date
