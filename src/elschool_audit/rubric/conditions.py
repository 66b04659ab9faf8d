"""Declarative row conditions: ``{column: value}``, ``{column: {op: value}}``, ``all``/``any``/``not``.

Rubrics are edited by district staff and must never run code, so conditions are a small data
language parsed once at load time and evaluated as vectorised pandas masks (no per-row Python).

Forms accepted in YAML::

    {category: chuyen_mon}                 # equals
    {room_type: [tin_hoc, ngoai_ngu]}      # in
    {status: {not_in: [retired]}}          # operators: equals not_equals in not_in between
                                           #   gte gt lte lt matches contains blank
    {format: {matches: {regex: 'html\\s*5', means: {vi: HTML5, en: HTML5}}}}
                                           # a regex is never shown: ``means`` says it in words
    {all: [{...}, {...}]}  {any: [...]}  {not: {...}}
    {type: computer, status: working}      # several keys = all of them
    {date: {between: ["11-01", "11-30"]}}  # a date column: ISO dates, or MM-DD = that day of the
                                           #   school year being audited (a new year needs no edit)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from elschool_audit.rubric.calendar import parse_month_day
from elschool_audit.sheets.kinds import Catalogue, SheetKind
from elschool_audit.text import FOLD_CELL, OncePerText, fold
from elschool_audit.yamlfile import Invalid

OPERATORS = (
    "equals",
    "not_equals",
    "in",
    "not_in",
    "between",
    "gte",
    "gt",
    "lte",
    "lt",
    "matches",
    "contains",
    "blank",
)


DayOfYear = Callable[[str], dt.date]
"""Resolves an MM-DD of the school year being audited to its date."""

_MONTH_DAY = re.compile(r"^\d{2}-\d{2}$")


class MissingColumn(Exception):
    """A condition names a column the school's tab does not have."""

    def __init__(self, column: str) -> None:
        super().__init__(column)
        self.column = column


@dataclass(frozen=True)
class Test:
    column: str
    op: str
    value: Any
    means: tuple[str, str] | None = None
    """For ``matches``: what the pattern means (vi, en), shown to people instead of the regex."""


@dataclass(frozen=True)
class AllOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    item: Condition


Condition = Test | AllOf | AnyOf | Not


def parse_condition(raw: Any) -> Condition:
    """YAML data → condition tree; ``ValueError`` with a precise message on anything else."""
    if isinstance(raw, (Test, AllOf, AnyOf, Not)):
        return raw
    if not isinstance(raw, dict) or not raw:
        raise Invalid("cond_not_a_mapping", value=repr(raw))
    parts: list[Condition] = []
    for key, value in raw.items():
        key = str(key)
        if key in ("all", "any"):
            if not isinstance(value, list) or not value:
                raise Invalid("cond_needs_list", name=key)
            items = tuple(parse_condition(v) for v in value)
            parts.append(AllOf(items) if key == "all" else AnyOf(items))
        elif key == "not":
            parts.append(Not(parse_condition(value)))
        elif isinstance(value, dict):
            for op, operand in value.items():
                if op not in OPERATORS:
                    raise Invalid("cond_unknown_operator", op=op, column=key, ops=", ".join(OPERATORS))
                parts.append(_test(key, str(op), operand))
        elif isinstance(value, list):
            parts.append(_test(key, "in", value))
        else:
            parts.append(_test(key, "equals", value))
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


def _test(column: str, op: str, operand: Any) -> Test:
    if op in ("in", "not_in") and not isinstance(operand, list):
        raise Invalid("cond_op_takes_list", op=op, column=column)
    if op == "between" and not (isinstance(operand, list) and len(operand) == 2):
        raise Invalid("cond_between_two", column=column)
    means: tuple[str, str] | None = None
    if op == "matches":
        if isinstance(operand, dict):
            words = operand.get("means")
            if set(operand) - {"regex", "means"} or "regex" not in operand:
                raise Invalid("cond_matches_form", column=column)
            if words is not None:
                if not (isinstance(words, dict) and set(words) == {"vi", "en"}):
                    raise Invalid("cond_means_form", column=column)
                means = (str(words["vi"]), str(words["en"]))
            operand = operand["regex"]
        try:
            re.compile(str(operand))
        except re.error as exc:
            raise Invalid("cond_bad_regex", column=column, error=str(exc)) from exc
    if op == "blank" and not isinstance(operand, bool):
        raise Invalid("cond_blank_bool", column=column)
    return Test(column, op, operand, means)


def columns_of(cond: Condition | None) -> Iterator[Test]:
    if cond is None:
        return
    if isinstance(cond, Test):
        yield cond
    elif isinstance(cond, (AllOf, AnyOf)):
        for item in cond.items:
            yield from columns_of(item)
    else:
        yield from columns_of(cond.item)


def validate_condition(cond: Condition | None, kind: SheetKind, cat: Catalogue) -> None:
    """Check at load time that every column exists and every enum value is a known code."""
    for test in columns_of(cond):
        validate_column(test.column, kind)
        col = kind.columns[test.column]
        if col.type == "enum" and col.enum and test.op in ("equals", "not_equals", "in", "not_in"):
            enum = cat.enums[col.enum]
            values = test.value if isinstance(test.value, list) else [test.value]
            bad = [v for v in values if str(v) not in enum.values]
            if bad:
                codes = ", ".join(enum.values)
                raise Invalid("cond_no_such_value", column=test.column, value=repr(bad[0]), codes=codes)
        if col.type == "date":
            _validate_dates(test)


def _validate_dates(test: Test) -> None:
    """A date column's literal is a date (2016-11-30) or a day of the school year ("11-30")."""
    values = test.value if isinstance(test.value, list) else [test.value]
    for value in values:
        if not isinstance(value, str):
            continue
        try:
            if _MONTH_DAY.match(value):
                parse_month_day(value)
            else:
                dt.date.fromisoformat(value)
        except ValueError:
            raise Invalid("cond_need_date", column=test.column, value=repr(value)) from None


def validate_column(column: str, kind: SheetKind) -> None:
    if column not in kind.columns:
        raise Invalid("cond_no_such_column", kind=kind.name, column=column, columns=", ".join(kind.columns))


def _norm(value: Any, series: pd.Series, day: DayOfYear | None = None) -> Any:
    """Bring a rubric literal to the column's representation (dates, folded text)."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        if isinstance(value, str) and _MONTH_DAY.match(value) and day is not None:
            return pd.Timestamp(day(value))
        if isinstance(value, str):
            return pd.Timestamp(dt.date.fromisoformat(value))
        if isinstance(value, dt.date):
            return pd.Timestamp(value)
    if isinstance(value, str) and not pd.api.types.is_bool_dtype(series.dtype):
        return fold(value)
    return value


def _folded(series: pd.Series) -> pd.Series:
    if pd.api.types.is_object_dtype(series.dtype) or pd.api.types.is_string_dtype(series.dtype):
        return series.map(FOLD_CELL.__getitem__)
    return series


def mask(cond: Condition | None, frame: pd.DataFrame, day: DayOfYear | None = None) -> pd.Series:
    """Boolean Series (index of ``frame``): which rows satisfy ``cond``. Missing values never do.

    ``day`` resolves the MM-DD literals of date columns (without it they are not accepted)."""
    if cond is None:
        return pd.Series(True, index=frame.index, dtype=bool)
    if isinstance(cond, AllOf | AnyOf | Not):
        # parts combined in numpy, one Series at the end: a pandas operation per part cost more
        # than the comparison itself on most tables (named as the negated test's, as before)
        combined, name = _combined(cond, frame, day)
        return pd.Series(combined, index=frame.index, name=name, copy=False)
    if cond.column not in frame.columns:
        raise MissingColumn(cond.column)
    series = frame[cond.column]
    op, value = cond.op, cond.value
    if op == "blank":
        blank = _blank(series)
        return blank if value else ~blank
    col = _folded(series)
    result: pd.Series
    if op in ("equals", "not_equals"):
        result = col == _norm(value, series, day)
        if op == "not_equals":
            result = (~result.fillna(False).astype(bool)) & series.notna()
    elif op in ("in", "not_in"):
        values = [_norm(v, series, day) for v in value]
        result = col.isin(values)
        if op == "not_in":
            result = ~result & series.notna()
    elif op == "between":
        lo, hi = (_norm(v, series, day) for v in value)
        result = (col >= lo) & (col <= hi)
    elif op in ("gte", "gt", "lte", "lt"):
        ref = _norm(value, series, day)
        result = {
            "gte": col >= ref,
            "gt": col > ref,
            "lte": col <= ref,
            "lt": col < ref,
        }[op]
    elif op == "matches":
        pattern = re.compile(str(value), re.IGNORECASE)
        result = series.map(OncePerText(lambda v: bool(pattern.search(v)), _false).__getitem__)
    elif op == "contains":
        needle = fold(str(value))
        result = col.map(OncePerText(lambda v: needle in v, _false).__getitem__)
    else:  # pragma: no cover - parse_condition admits only OPERATORS
        raise ValueError(op)
    out = pd.Series(result, index=frame.index)
    if out.dtype == np.bool_:  # numpy's bool holds no missing value: nothing to fill or convert
        return out
    return out.fillna(False).astype(bool)


def _combined(cond: Condition, frame: pd.DataFrame, day: DayOfYear | None) -> tuple[npt.NDArray[np.bool_], Any]:
    """``mask`` of ``cond`` as a numpy array, with the name ``mask`` gives its Series."""
    if isinstance(cond, AllOf | AnyOf):
        out = np.full(len(frame), isinstance(cond, AllOf), dtype=bool)
        for item in cond.items:
            part, _ = _combined(item, frame, day)
            if isinstance(cond, AllOf):
                out &= part
            else:
                out |= part
        return out, None
    if isinstance(cond, Not):
        part, name = _combined(cond.item, frame, day)
        return ~part, name
    series = mask(cond, frame, day)
    return series.to_numpy(dtype=bool), series.name


def _false(_: object) -> bool:
    return False


def _blank(series: pd.Series) -> pd.Series:
    """Missing cells and cells of only spaces. Only a text can be spaces (a date, number or
    yes/no never reads as one), so texts are tested once per distinct text, and other columns
    need only their missing values."""
    blank = series.isna()
    if pd.api.types.is_object_dtype(series.dtype) or pd.api.types.is_string_dtype(series.dtype):
        # in numpy: ``Series.map`` would also infer a dtype for the answers, most of its cost
        cells = series.to_numpy(dtype=object)
        spaces = np.fromiter(map(_SPACES.__getitem__, cells), dtype=bool, count=len(cells))
        return pd.Series(blank.to_numpy(dtype=bool) | spaces, index=series.index, name=series.name, copy=False)
    return blank.fillna(False).astype(bool)


def _only_spaces(text: str) -> bool:
    return not text.strip()


_SPACES: OncePerText[bool, bool] = OncePerText(_only_spaces, _false, limit=65_536)


def undecided(
    cond: Condition | None, frame: pd.DataFrame, required: frozenset[str], day: DayOfYear | None = None
) -> pd.Series:
    """Rows ``cond`` can neither select nor exclude because a required cell it tests is blank
    (three-valued logic: a blank decides nothing, ``all`` with one false part is still false).

    A population selector keeps these rows and counts them against the rule: a broken computer
    whose status was left blank must not drop out of "100% of computers work"."""
    tested = {t.column for t in columns_of(cond) if t.op != "blank" and t.column in required}
    blank_cells = [_blank(frame[c]) for c in tested if c in frame.columns]
    if not any(b.any() for b in blank_cells):
        return pd.Series(False, index=frame.index, dtype=bool)  # the usual case: nothing to decide
    return _kleene(cond, frame, required, day)[1]


def _kleene(
    cond: Condition | None, frame: pd.DataFrame, required: frozenset[str], day: DayOfYear | None
) -> tuple[pd.Series, pd.Series]:
    """(true, unknown) masks of ``cond``."""
    none = pd.Series(False, index=frame.index, dtype=bool)
    if cond is None:
        return ~none, none
    if isinstance(cond, Test):
        if cond.op == "blank" or cond.column not in required or cond.column not in frame.columns:
            return mask(cond, frame, day), none
        unknown = _blank(frame[cond.column])
        return mask(cond, frame, day) & ~unknown, unknown
    if isinstance(cond, Not):
        true, unknown = _kleene(cond.item, frame, required, day)
        return ~true & ~unknown, unknown
    parts = [_kleene(item, frame, required, day) for item in cond.items]
    if isinstance(cond, AllOf):
        true = pd.Series(True, index=frame.index, dtype=bool)
        false = none.copy()
        for t, u in parts:
            true &= t
            false |= ~t & ~u
        return true, ~true & ~false
    true = none.copy()
    any_unknown = none.copy()
    for t, u in parts:
        true |= t
        any_unknown |= u
    return true, any_unknown & ~true
