"""Cell value parsers: one raw cell in, one typed value (or ``None`` for blank) out.

A cell arrives as whatever the reader delivers: ``str`` (CSV, Google Sheets formatted values,
cells typed as text), ``int``/``float`` (numbers and Excel/Sheets date serials), ``bool``,
``datetime.date``/``datetime.datetime``/``datetime.time`` (calamine, openpyxl), ``None``, and
sometimes pandas/numpy leftovers (``NaN``, ``NaT``, ``numpy.int64``).

Policy, applied the same way by every parser:

* Blank is ``None``, empty or whitespace-only text (after :func:`~elschool_audit.text.clean`, so
  a lone NBSP or zero-width space is blank too) and float ``NaN``/``NaT``. For dates, months,
  numbers, percentages and yes/no, a lone dash (``-``, ``–``, ``—``) is blank as well: schools
  write it for "nothing to report". For text a dash is kept — it may be meaningful.
* Anything else that cannot be read raises :class:`~elschool_audit.errors.ValueParseError` with
  what was expected (an ``EXPECT_*`` catalogue message, shown in the report's language). Nothing
  is guessed silently: an ambiguous value either has a documented convention (below) or is an
  error.
* Vietnamese conventions win where they conflict with English ones: dates are day-first, a dot
  groups thousands and a comma is the decimal separator.

:func:`parse_column` applies a parser to a whole column with fast paths and a per-column cache,
because usage logs repeat the same few values tens of thousands of times.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar, cast

import numpy as np
import numpy.typing as npt

from elschool_audit.errors import ValueParseError
from elschool_audit.results import Msg
from elschool_audit.text import clean, fold

__all__ = [
    "parse_bool",
    "parse_column",
    "parse_date",
    "parse_distinct",
    "parse_int",
    "parse_month",
    "parse_number",
    "parse_percent",
    "parse_text",
]

T = TypeVar("T")

#: Excel (and Google Sheets) day 0. Using 1899-12-30 rather than 1900-01-01 absorbs Excel's
#: fictitious 1900-02-29, which is irrelevant for the plausible range below.
EXCEL_EPOCH = dt.date(1899, 12, 30)
#: Plausible range for a number that is really a date serial: 1990-01-01 .. 2100-12-31. A number
#: outside it in a date column is far more likely a typo or a wrong column than a date.
MIN_SERIAL = (dt.date(1990, 1, 1) - EXCEL_EPOCH).days  # 32874
MAX_SERIAL = (dt.date(2100, 12, 31) - EXCEL_EPOCH).days  # 73415
#: Years accepted in dates written out as text (teachers' birth dates go back to the 1950s).
MIN_YEAR, MAX_YEAR = 1900, 2100

_DASHES = frozenset({"-", "–", "—", "−"})

# What a cell should have held, as catalogue messages (``expect_*`` in i18n.py, both languages).
EXPECT_DATE = Msg("expect_date")
EXPECT_DATE_YEAR = Msg("expect_date_year")
EXPECT_VALID_DATE = Msg("expect_valid_date")
EXPECT_SERIAL = Msg("expect_serial", {"low": 1990, "high": 2100})
EXPECT_NOT_TIME = Msg("expect_not_time")
EXPECT_MONTH = Msg("expect_month")
EXPECT_MONTH_YEAR = Msg("expect_month_year")
EXPECT_BOOL = Msg("expect_bool")
EXPECT_NUMBER = Msg("expect_number")
EXPECT_NO_UNIT = Msg("expect_no_unit")
EXPECT_FINITE = Msg("expect_finite")
EXPECT_INT = Msg("expect_int")
EXPECT_PERCENT = Msg("expect_percent")
EXPECT_PERCENT_POSITIVE = Msg("expect_percent_positive")
EXPECT_TEXT = Msg("expect_text")


# --------------------------------------------------------------------------------------------
# shared helpers


def _is_nan(v: object) -> bool:
    """True for float NaN and pandas ``NaT`` (checked by type name: no pandas import here)."""
    if isinstance(v, float):
        return math.isnan(v)
    return type(v).__name__ == "NaTType"


def _blank_text(v: str, *, dash_is_blank: bool) -> str | None:
    """Clean ``v``; return ``None`` when it is blank (or a lone dash, if that counts as blank)."""
    s = clean(v)
    if not s or (dash_is_blank and s in _DASHES):
        return None
    return s


def _real(v: object) -> float | None:
    """The value of a non-bool real number object (int, float, numpy scalar, Decimal), else None.

    ``bool`` is excluded: ``True`` in a number column is a yes/no cell, not the number 1.
    """
    if isinstance(v, bool) or not isinstance(v, numbers.Real | Decimal):
        return None
    return float(v)


# --------------------------------------------------------------------------------------------
# dates

# A clock time, with group names prefixed by {p} so the pattern can occur twice in one regex.
_TIME = (
    r"(?P<{p}h>\d{{1,2}})[:h](?P<{p}m>\d{{2}})(?::(?P<{p}s>\d{{2}})(?:[.,]\d+)?)?"
    r"(?:\s*(?P<{p}ap>am|pm|sa|ch))?"  # AM/PM, or Vietnamese SA (sáng) / CH (chiều)
)
_DMY = r"(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})"
_DMY_RE = re.compile(rf"^(?:ngay\s+)?(?:{_TIME.format(p='a')}\s*,?\s+)?{_DMY}(?:\s*,?\s+{_TIME.format(p='b')})?$")
_ISO_RE = re.compile(
    r"^(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"
    rf"(?:(?:t|\s+){_TIME.format(p='b')}(?:z|[+-]\d{{2}}:?\d{{2}})?)?$"
)
_VI_LONG_RE = re.compile(r"^(?:ngay\s*)?(?P<d>\d{1,2})\s*thang\s*(?P<m>\d{1,2})\s*,?\s*nam\s*(?P<y>\d{4})$")
_NO_YEAR_RE = re.compile(r"^(?:ngay\s*)?\d{1,2}\s*(?:[/.\-]|thang)\s*\d{1,2}$")
_SERIAL_RE = re.compile(r"^\d+(?:\.\d+)?$")


def _from_serial(v: object, serial: float) -> dt.date:
    """The date of an Excel/Sheets serial number; a time fraction is dropped."""
    if math.isnan(serial) or not MIN_SERIAL <= serial < MAX_SERIAL + 1:
        raise ValueParseError(v, EXPECT_SERIAL)
    return EXCEL_EPOCH + dt.timedelta(days=math.floor(serial))


def _check_time(v: object, m: re.Match[str], p: str) -> None:
    """Reject impossible clock times (25:00, 10:61) that come with a date."""
    if m.group(f"{p}h") is None:
        return
    hour, minute = int(m.group(f"{p}h")), int(m.group(f"{p}m"))
    second = int(m.group(f"{p}s") or 0)
    max_hour = 12 if m.group(f"{p}ap") else 23
    if hour > max_hour or minute > 59 or second > 59:
        raise ValueParseError(v, EXPECT_VALID_DATE)


def _make_date(v: object, year: int, month: int, day: int) -> dt.date:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValueParseError(v, EXPECT_VALID_DATE)
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueParseError(v, EXPECT_VALID_DATE) from None


def _date_from_text(v: object, s: str) -> dt.date:
    """Parse a non-blank cleaned string as a date (see :func:`parse_date` for the forms)."""
    key = fold(s)
    if _SERIAL_RE.match(key):
        return _from_serial(v, float(key))
    m = _DMY_RE.match(key)
    if m:
        _check_time(v, m, "a")
        _check_time(v, m, "b")
        year = int(m.group("y"))
        if len(m.group("y")) == 2:
            year += 2000
        return _make_date(v, year, int(m.group("m")), int(m.group("d")))
    m = _ISO_RE.match(key)
    if m:
        _check_time(v, m, "b")
        return _make_date(v, int(m.group("y")), int(m.group("m")), int(m.group("d")))
    m = _VI_LONG_RE.match(key)
    if m:
        return _make_date(v, int(m.group("y")), int(m.group("m")), int(m.group("d")))
    if _NO_YEAR_RE.match(key):
        raise ValueParseError(v, EXPECT_DATE_YEAR)
    raise ValueParseError(v, EXPECT_DATE)


def parse_date(v: object) -> dt.date | None:
    """Read a cell as a calendar date (any time of day is dropped).

    Accepted: ``date``/``datetime`` objects; Excel/Sheets serial numbers in 1990–2100 (as int,
    float — the fraction is a time and is dropped — or a numeric string such as ``"42625"``);
    day-first text ``dd/mm/yyyy``, ``d/m/yyyy``, ``dd-mm-yyyy``, ``dd.mm.yyyy``, ``d/m/yy``
    (``yy`` means ``20yy``), each optionally with a time before (``08:30:15 05/09/2016``, the
    portal export form) or after it; year-first ``yyyy-mm-dd`` (also with ``/`` or ``.``, with
    an optional ``T``/space time); Vietnamese ``ngày 5 tháng 9 năm 2016``.

    Rejected (``ValueParseError``): impossible dates (``31/02/2016``), dates without a year
    (``05/09``), years outside 1900–2100, a bare time of day, booleans, anything else.
    Text dates are always read day-first, never month-first: ``09/25/2016`` is an error, not
    25 September.
    """
    if v is None or _is_nan(v):
        return None
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        s = _blank_text(v, dash_is_blank=True)
        return None if s is None else _date_from_text(v, s)
    if isinstance(v, dt.time):
        raise ValueParseError(v, EXPECT_NOT_TIME)
    number = _real(v)
    if number is not None:
        return _from_serial(v, number)
    raise ValueParseError(v, EXPECT_DATE)


# --------------------------------------------------------------------------------------------
# months

_MONTH_RE = re.compile(r"^(?:(?:thang|t)\s*)?(?P<m>\d{1,2})\s*(?:[/.\-]|,?\s*nam|\s)\s*(?P<y>\d{4})$")
_MONTH_ISO_RE = re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})$")
_MONTH_NO_YEAR_RE = re.compile(r"^(?:(?:thang|t)\s*)?\d{1,2}$")


def parse_month(v: object) -> dt.date | None:
    """Read a cell as a month, returned as the first day of that month.

    Accepted: ``11/2016``, ``11-2016``, ``11.2016``, ``Tháng 11/2016``, ``tháng 11 năm 2016``,
    ``T11/2016``, ``2016-11``, ``2016/11``; and anything :func:`parse_date` reads (a date,
    datetime, serial number or full date text), which gives its month. A month without a year
    (``11``, ``Tháng 11``) is an error: the audit periods span two calendar years.
    """
    if v is None or _is_nan(v):
        return None
    if isinstance(v, str):
        s = _blank_text(v, dash_is_blank=True)
        if s is None:
            return None
        key = fold(s)
        m = _MONTH_RE.match(key) or _MONTH_ISO_RE.match(key)
        if m:
            return _make_date(v, int(m.group("y")), int(m.group("m")), 1)
        if _MONTH_NO_YEAR_RE.match(key):
            raise ValueParseError(v, EXPECT_MONTH_YEAR)
        try:
            day = _date_from_text(v, s)
        except ValueParseError as exc:
            if exc.expected == EXPECT_DATE:
                raise ValueParseError(v, EXPECT_MONTH) from None
            raise
        return day.replace(day=1)
    number = _real(v)
    if number is not None and number.is_integer() and 1 <= number <= 12:
        raise ValueParseError(v, EXPECT_MONTH_YEAR)
    try:
        as_date = parse_date(v)
    except ValueParseError as exc:
        if exc.expected == EXPECT_DATE:
            raise ValueParseError(v, EXPECT_MONTH) from None
        raise
    return None if as_date is None else as_date.replace(day=1)


# --------------------------------------------------------------------------------------------
# yes / no

# Folded spellings (see text.fold): case and diacritics do not matter, "Đã cài" == "da cai".
_TRUE = frozenset(
    {
        "co",  # có
        "x",
        "✓",
        "✔",
        "☑",
        "✅",
        "yes",
        "y",
        "1",
        "true",
        "dat",  # đạt
        "roi",  # rồi
        "da",  # đã / dạ
        "da cai",  # đã cài
        "da cai dat",  # đã cài đặt
        "da co",  # đã có
        "ok",
    }
)
_FALSE = frozenset(
    {
        "khong",  # không
        "ko",  # the usual abbreviation of không
        "k",
        "no",
        "n",
        "0",
        "false",
        "khong dat",  # không đạt
        "chua",  # chưa
        "chua dat",  # chưa đạt
        "chua cai",  # chưa cài
        "chua cai dat",  # chưa cài đặt
        "chua co",  # chưa có
    }
)


def parse_bool(v: object) -> bool | None:
    """Read a yes/no cell.

    Yes: có, x, ✓, ✔, yes, y, 1, true, đạt, rồi, đã, đã cài, ok (and a few obvious relatives such
    as "đã cài đặt"). No: không, ko, k, no, n, 0, false, không đạt, chưa, chưa đạt, chưa cài.
    Case and diacritics are ignored. ``bool`` objects pass through; numbers must be exactly 1
    or 0. Anything else — including "✗", whose meaning differs between schools — is an error.
    """
    if v is None or _is_nan(v):
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, str):
        s = _blank_text(v, dash_is_blank=True)
        if s is None:
            return None
        key = fold(s)
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
        raise ValueParseError(v, EXPECT_BOOL)
    number = _real(v)
    if number == 1:
        return True
    if number == 0:
        return False
    raise ValueParseError(v, EXPECT_BOOL)


# --------------------------------------------------------------------------------------------
# numbers

_SIGN_RE = re.compile(r"^([+\-−]?)\s*(.*)$")
_PLAIN_RE = re.compile(r"^\d+$")
_DOT_GROUPS_RE = re.compile(r"^[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?$")  # 1.234.567,89
_COMMA_GROUPS_RE = re.compile(r"^[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$")  # 1,234,567.89
_SPACE_GROUPS_RE = re.compile(r"^[1-9]\d{0,2}(?: \d{3})+(?:[.,]\d+)?$")  # 1 234 567,89
_DECIMAL_COMMA_RE = re.compile(r"^\d*,\d+$")  # 12,5  ,5
_DECIMAL_DOT_RE = re.compile(r"^\d*\.\d+$")  # 12.5  .5
_SCIENTIFIC_RE = re.compile(r"^\d+(?:[.,]\d+)?[eE][+\-]?\d+$")  # 1,23E+11
_UNIT_RE = re.compile(r"^[+\-−]?\s*\d[\d.,\s]*?\s*[^\d\s.,+\-−]\D*$")  # 12 kg, 1.000đ


def _number_from_text(v: object, s: str) -> float:
    """Parse a cleaned non-blank string as a number (see :func:`parse_number`)."""
    m = _SIGN_RE.match(s)
    assert m is not None  # the pattern matches every string
    sign = -1.0 if m.group(1) in ("-", "−") else 1.0
    body = m.group(2)
    if _PLAIN_RE.match(body):
        digits = body
    elif _DOT_GROUPS_RE.match(body):
        # "1.234" is 1234 and "1.234,5" is 1234.5: the dot groups thousands (Vietnamese usage).
        digits = body.replace(".", "").replace(",", ".")
    elif _DECIMAL_COMMA_RE.match(body):
        # "1,5" and also the ambiguous "1,234": a lone comma is the Vietnamese decimal separator.
        digits = body.replace(",", ".")
    elif _COMMA_GROUPS_RE.match(body) and (body.count(",") > 1 or "." in body):
        # "1,234,567" or "1,234.5": only unambiguous English grouping reaches here, because a
        # single comma without a dot was taken as a decimal comma just above.
        digits = body.replace(",", "")
    elif _SPACE_GROUPS_RE.match(body):
        digits = body.replace(" ", "").replace(",", ".")
    elif _DECIMAL_DOT_RE.match(body):
        # "12.5", "0.905", "1234.5": not a valid thousands grouping, so the dot can only be a
        # decimal point (English-locale CSV exports, formulas pasted as values).
        digits = body
    elif _SCIENTIFIC_RE.match(body):
        digits = body.replace(",", ".")
    elif _UNIT_RE.match(s):
        raise ValueParseError(v, EXPECT_NO_UNIT)
    else:
        raise ValueParseError(v, EXPECT_NUMBER)
    value = sign * float(digits)
    if not math.isfinite(value):
        raise ValueParseError(v, EXPECT_FINITE)
    return value


def parse_number(v: object) -> float | None:
    """Read a cell as a number.

    Numbers pass through (``bool`` is rejected: TRUE is not 1). Text follows Vietnamese usage:
    ``12,5`` → 12.5; ``1.234.567`` → 1234567; ``1.234,5`` → 1234.5; ``1 234`` (space or NBSP
    groups) → 1234. Unambiguous English forms are accepted too: ``1,234,567``, ``1,234.5``,
    ``12.5`` (a dot followed by other than three digits cannot be grouping), ``1.5E+3``.

    Ambiguities, decided by convention: ``1.234`` is 1234 (dot = thousands); ``1,234`` is 1.234
    (comma = decimal). Text with a unit or currency (``12 kg``, ``1.000đ``, ``90%``) is an error
    here: use :func:`parse_percent` for percentages.
    """
    if v is None or _is_nan(v):
        return None
    if isinstance(v, str):
        s = _blank_text(v, dash_is_blank=True)
        return None if s is None else _number_from_text(v, s)
    number = _real(v)
    if number is None:
        raise ValueParseError(v, EXPECT_NUMBER)
    if not math.isfinite(number):
        raise ValueParseError(v, EXPECT_FINITE)
    return number


def parse_int(v: object) -> int | None:
    """Read a cell as a whole number: :func:`parse_number`, which must then be integral.

    ``12,0`` and ``12.0`` give 12; ``12,5`` is an error. Python and numpy integers are returned
    exactly (no round trip through float, which would corrupt IDs above 2**53).
    """
    n = _whole(v)
    if n is not None and not _INT64_MIN <= n <= _INT64_MAX:  # a 20-digit id typed in a count column
        raise ValueParseError(v, EXPECT_INT)
    return n


_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
"""Int columns are 64-bit in the frame: a number outside them is an unreadable value, not a crash."""


def _whole(v: object) -> int | None:
    if isinstance(v, numbers.Integral) and not isinstance(v, bool):
        return int(v)
    if isinstance(v, str):
        s = _blank_text(v, dash_is_blank=True)
        if s is not None and len(s) <= 4000 and _PLAIN_RE.match(s.lstrip("+")):
            return int(s)  # exact for long IDs typed as text (float would round them)
    number = parse_number(v)
    if number is None:
        return None
    if not number.is_integer():
        raise ValueParseError(v, EXPECT_INT)
    return int(number)


def _share(v: object, number: float) -> float:
    """Convert a bare number to a share: above 1 it is a percentage (90 → 0.9), else a share."""
    if number < 0:
        raise ValueParseError(v, EXPECT_PERCENT_POSITIVE)
    return number / 100.0 if number > 1 else number


def parse_percent(v: object) -> float | None:
    """Read a cell as a share, 1.0 meaning 100% (values above 1 are allowed: 120% → 1.2).

    ``90%``, ``90 %`` and ``90,5%`` are percentages (0.9, 0.9, 0.905). A bare number, as text or
    as a number cell, is a share when at most 1 and a percentage when above 1: ``0.9`` → 0.9,
    ``90`` → 0.9, ``1`` → 1.0 (100%, not 1%). The catch: a bare number between 1 and 2 is read as
    a small percentage (``1,5`` → 0.015), so an Excel cell formatted as 150% (stored as 1.5)
    comes out as 1.5%; the sheet reader should pass ``"150%"`` text when it knows the number
    format. Negative values are an error.
    """
    if v is None or _is_nan(v):
        return None
    if isinstance(v, str):
        s = _blank_text(v, dash_is_blank=True)
        if s is None:
            return None
        if s.endswith("%"):
            body = s[:-1].rstrip()
            if not body:
                raise ValueParseError(v, EXPECT_PERCENT)
            try:
                number = _number_from_text(v, body)
            except ValueParseError:
                raise ValueParseError(v, EXPECT_PERCENT) from None
            if number < 0:
                raise ValueParseError(v, EXPECT_PERCENT_POSITIVE)
            return number / 100.0
        try:
            number = _number_from_text(v, s)
        except ValueParseError:
            raise ValueParseError(v, EXPECT_PERCENT) from None
        return _share(v, number)
    try:
        number_or_none = parse_number(v)
    except ValueParseError:
        raise ValueParseError(v, EXPECT_PERCENT) from None
    return None if number_or_none is None else _share(v, number_or_none)


# --------------------------------------------------------------------------------------------
# text


def parse_text(v: object) -> str | None:
    """Read a cell as text: cleaned (see :func:`~elschool_audit.text.clean`), blank → ``None``.

    Integral floats lose their ``.0`` (a code typed as a number, 123 → ``"123"``; a code typed
    as text keeps its leading zeros, ``"00123"``). Other numbers use Python's shortest form
    (``12.5``). Dates and times render as ISO 8601 (a datetime at midnight as just the date);
    booleans as Excel shows them, ``TRUE``/``FALSE``. A dash stays a dash.
    """
    if v is None or _is_nan(v):
        return None
    if isinstance(v, str):
        return clean(v) or None
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, numbers.Integral):
        return str(int(v))
    if isinstance(v, dt.datetime):
        if v.time() == dt.time(0) and v.tzinfo is None:
            return v.date().isoformat()
        return v.isoformat(sep=" ")
    if isinstance(v, dt.date | dt.time):
        return v.isoformat()
    number = _real(v)
    if number is not None:
        if not math.isfinite(number):
            raise ValueParseError(v, EXPECT_TEXT)
        if number.is_integer():
            return str(int(number))
        return repr(number)
    raise ValueParseError(v, EXPECT_TEXT)


# --------------------------------------------------------------------------------------------
# whole columns

_MISS = object()


def parse_column(
    values: Sequence[object], parser: Callable[[object], T | None]
) -> tuple[list[T | None], list[tuple[int, ValueParseError]]]:
    """Apply ``parser`` to every cell of a column; collect errors instead of stopping.

    Returns the parsed values (``None`` where blank or unreadable) and ``(index, error)`` pairs
    for the unreadable cells, in order. Each error is a fresh ``ValueParseError`` so the caller
    may attach a location to it.

    Each distinct value is parsed once (see :func:`parse_distinct`) — usage logs repeat the same
    strings and dates thousands of times. Exceptions other than ``ValueParseError`` are bugs and
    propagate.
    """
    found = parse_distinct(values, parser)
    if found is None:
        return _parse_each(values, parser, cache=parser is not parse_number)
    return list(map(found.typed.__getitem__, found.codes.tolist())), found.errors


@dataclass(frozen=True)
class Distinct(Generic[T]):
    """A column parsed once per distinct cell value."""

    values: list[object]
    """the distinct raw values, in order of first appearance"""
    typed: list[T | None]
    """each distinct value parsed (``None`` where blank or unreadable)"""
    codes: npt.NDArray[np.intp]
    """per cell, the index of its value in ``values``"""
    errors: list[tuple[int, ValueParseError]]
    """``(cell index, error)`` for the unreadable cells, in order"""


# Cell types no other cell type compares equal to: a column of only these and at most one kind of
# number can be keyed by value alone. True == 1 == 1.0, so mixed numbers are keyed by type too.
_PLAIN_TYPES = frozenset({str, type(None), dt.date, dt.datetime, dt.time})
_NUMBER_TYPES = frozenset({bool, int, float})


def parse_distinct(values: Sequence[object], parser: Callable[[object], T | None]) -> Distinct[T] | None:
    """``parse_column`` per distinct value, so a caller can also build its column from the few
    distinct values; ``None`` when a cell is unhashable or a float zero's sign could be lost
    (0.0 == -0.0): parse cell by cell then.

    The distinct values and each cell's index into them are found in C (``dict``, ``map``,
    numpy); Python runs once per distinct value.
    """
    others = set(map(type, values)) - _PLAIN_TYPES
    by_value = not others or (len(others) == 1 and others <= _NUMBER_TYPES)
    keys: Sequence[object] = values if by_value else list(zip(map(type, values), values, strict=True))
    try:
        index = dict.fromkeys(keys, 0)
    except TypeError:  # an unhashable cell value
        return None
    if parser is parse_number and (0.0 in index or (float, 0.0) in index):
        return None
    for i, key in enumerate(index):
        index[key] = i
    codes = np.fromiter(map(index.__getitem__, keys), dtype=np.intp, count=len(keys))
    distinct = list(index) if by_value else [cast("tuple[type, object]", key)[1] for key in index]
    typed: list[T | None] = []
    failed: dict[int, Msg] = {}
    for i, value in enumerate(distinct):
        try:
            typed.append(parser(value))
        except ValueParseError as exc:
            typed.append(None)
            failed[i] = exc.expected
    errors = []
    if failed:
        for i in np.flatnonzero(np.isin(codes, list(failed))).tolist():
            errors.append((i, ValueParseError(values[i], failed[int(codes[i])])))
    return Distinct(distinct, typed, codes, errors)


def _parse_each(
    values: Sequence[object], parser: Callable[[object], T | None], *, cache: bool = True
) -> tuple[list[T | None], list[tuple[int, ValueParseError]]]:
    """Cell by cell, with a cache per ``(type, value)`` unless ``cache`` is off (a number column
    with a zero: 0.0 == -0.0 would give one zero's sign to the other)."""
    parsed: list[T | None] = []
    errors: list[tuple[int, ValueParseError]] = []
    seen: dict[tuple[type, object], object] = {}
    for i, v in enumerate(values):
        key: tuple[type, object] | None
        try:
            key = (type(v), v) if cache else None
            hit = seen.get(key, _MISS) if key is not None else _MISS
        except TypeError:  # unhashable cell value: parse it without the cache
            key, hit = None, _MISS
        if hit is _MISS:
            try:
                hit = parser(v)
            except ValueParseError as exc:
                hit = exc
            if key is not None:
                seen[key] = hit
        if isinstance(hit, ValueParseError):
            parsed.append(None)
            errors.append((i, ValueParseError(v, hit.expected)))
        else:
            parsed.append(cast("T | None", hit))
    return parsed, errors
