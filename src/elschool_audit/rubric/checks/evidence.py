"""What every check evaluation shares: the tables it reads and findings that point at a cell.

A sheet or column the check needs but the school lacks raises ``NeedsInput``: the engine turns it
into an ``error`` result, never a silent pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from elschool_audit.i18n import column_header, each_language, shown_date
from elschool_audit.results import Finding, Msg
from elschool_audit.rubric.calendar import Period
from elschool_audit.rubric.checks.interface import Context, NeedsInput
from elschool_audit.rubric.conditions import AllOf, Condition, MissingColumn, columns_of, mask, undecided
from elschool_audit.rubric.describe import describe, value_label
from elschool_audit.sheets.kinds import SheetKind, catalogue
from elschool_audit.text import FOLD_CELL
from elschool_audit.workbook import DERIVED_COLUMNS, ROW, SRC, Table


def kind_of(sheet: str) -> SheetKind:
    return catalogue().kinds[sheet]


def sheet_missing(sheet: str) -> Msg:
    kind = kind_of(sheet)
    return Msg("sheet_missing", {"kind": sheet, "kind_vi": kind.vi, "kind_en": kind.en})


def need_table(ctx: Context, sheet: str, columns: Iterable[str | None] = ()) -> Table:
    """The school's table of ``sheet`` with ``columns``, or ``NeedsInput`` saying which is missing."""
    table = ctx.workbook.table(sheet)
    if table is None:
        raise NeedsInput(sheet_missing(sheet))
    for col in columns:
        if col and (col not in table.frame.columns or not table.has_column(col)):
            missing_column(table, col)
    return table


def missing_column(table: Table, column: str) -> None:
    kind = kind_of(table.kind)
    src = table.sources[0] if table.sources else None
    header = kind.columns[column].vi if column in kind.columns else column
    msg = Msg(
        "column_missing",
        {"kind": table.kind, "kind_vi": kind.vi, "kind_en": kind.en, "column": column, "header": header},
    )
    raise NeedsInput(
        msg,
        Finding(msg, src.location(row=src.header_row)) if src else Finding(msg),
    )


def rows_mask(cond: Condition | None, table: Table, ctx: Context) -> pd.Series:
    """Which rows satisfy ``cond``; its MM-DD dates are days of the school year being audited."""
    try:
        return mask(cond, table.frame, lambda month_day: ctx.calendar.date_in_year(month_day, ctx.as_of))
    except MissingColumn as exc:
        missing_column(table, exc.column)
        raise  # unreachable: missing_column raises


def required_columns(sheet: str) -> frozenset[str]:
    """The columns every row of ``sheet`` must fill, and those derived from them (a room's type)."""
    required = {c.name for c in kind_of(sheet).required}
    derived = {name for name, sources in DERIVED_COLUMNS.items() if set(sources) <= required}
    return frozenset(required | derived)


def undecided_rows(cond: Condition | None, table: Table, ctx: Context) -> pd.Series:
    """Rows a population selector cannot place because a required cell it tests is blank: they
    stay in the population and count against the rule (``blank_finding`` points at the cell)."""
    try:
        return undecided(
            cond, table.frame, required_columns(table.kind), lambda md: ctx.calendar.date_in_year(md, ctx.as_of)
        )
    except MissingColumn as exc:
        missing_column(table, exc.column)
        raise  # unreachable: missing_column raises


def blank_column(cond: Condition | None, table: Table, index: Any) -> str | None:
    """The first required column ``cond`` tests that is blank in row ``index``."""
    required = required_columns(table.kind)
    row = table.frame.loc[index]
    for test in columns_of(cond):
        if test.column in required and test.column in row.index and cell(row[test.column]) in (None, ""):
            # a derived column (room type) is blank because its source (the room) is: point there
            return next(iter(DERIVED_COLUMNS.get(test.column, (test.column,))))
    return None


def blank_finding(table: Table, index: Any, column: str | None) -> Finding:
    """A blank required cell in a row the rule must judge: a located problem that counts against it."""
    kind = kind_of(table.kind)
    header = kind.columns[column].vi if column and column in kind.columns else (column or "")
    src = table.sources[int(table.frame.loc[index, SRC])]
    header = src.headers.get(column, header) if column else header
    value = cell(table.frame.loc[index, column]) if column and column in table.frame.columns else None
    if value:  # not blank: a room name no sheet or vocabulary knows, so its type is unknown
        return row_finding(table, index, column, Msg("room_unrecognised", {"room": value}))
    origin = src.origin_of(column) if column else None
    # a column the tab lacks says where its values came from, in the report's language
    said = each_language("header", partial(column_header, header, origin)) if origin else {"header": header}
    return row_finding(table, index, column, Msg("blank_required", said))


def needs(table: Table, *conds: Condition | None) -> None:
    for cond in conds:
        for test in columns_of(cond):
            if not table.has_column(test.column):
                missing_column(table, test.column)


def cell(value: Any) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return shown_date(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def row_finding(table: Table, index: Any, column: str | None, msg: Msg) -> Finding:
    """Evidence for one row: file, tab, the row number a person sees, column letter, value."""
    row = table.frame.loc[index]
    src = table.sources[int(row[SRC])]
    letter = None
    header = None
    origin = None
    value = None
    if column:
        letter = src.columns.get(column) or (row.get("_item_col") if "_item_col" in row.index else None)
        header = src.headers.get(column, column)
        origin = src.origin_of(column)
        if not src.columns.get(column) and isinstance(row.get("_item_header"), str):
            header = row["_item_header"]  # a wide table's cell: its column is the program's ("Netop School")
            origin = None
        raw = row[column] if column in row.index else None
        if isinstance(raw, np.bool_):
            raw = bool(raw)  # a boolean column's cell comes back as numpy's bool: show it as có/không
        value = cell(raw)
        if value is not None and _is_percent(table.kind, column) and isinstance(raw, (int, float)):
            value = pct(float(raw))  # a share shows as the school typed it: 92%, not 0.92
        if value is not None and isinstance(raw, (str, bool)) and table.kind in catalogue().kinds:
            # Show the school the word it typed (an enum's Vietnamese label), not our internal code.
            value = value_label(kind_of(table.kind), column, raw, "vi")
    where = src.location(row=int(row[ROW]))
    return Finding(msg, replace(where, letter=letter or None, header=header, value=value, origin=origin))


def _is_percent(kind: str, column: str) -> bool:
    cols = catalogue().kinds[kind].columns if kind in catalogue().kinds else {}
    return column in cols and cols[column].type == "percent"


def table_finding(table: Table | None, msg: Msg) -> Finding:
    if table is None or not table.sources:
        return Finding(msg)
    return Finding(msg, table.sources[0].location())


def group_key(series: pd.Series) -> pd.Series:
    """Comparable keys for grouping: folded text (so 'Phòng tin học' = 'Phòng Tin học')."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return series
    return series.map(FOLD_CELL.__getitem__)


def label(sheet: str, column: str, value: Any) -> str:
    """A group's name as the school writes it (an enum's Vietnamese label, not our code)."""
    return value_label(kind_of(sheet), column, value, "vi") if isinstance(value, str) else str(value)


def key_column(table: Table, column: str) -> str:
    return "_room_key" if column == "room" and "_room_key" in table.frame.columns else column


def pct(x: float) -> str:
    return f"{x * 100:.0f}%" if abs(x * 100 - round(x * 100)) < 0.05 else f"{x * 100:.1f}%"


def cond_params(cond: Condition | None, sheet: str) -> dict[str, str]:
    kind = kind_of(sheet)
    return {"cond_vi": describe(cond, kind, "vi"), "cond_en": describe(cond, kind, "en")}


def first_column(cond: Condition | None) -> str | None:
    return next((t.column for t in columns_of(cond)), None)


def blame(cond: Condition | None, table: Table, ctx: Context) -> Callable[[Any], str | None]:
    """For a failing row, the column to point at: the first part of an ``all`` condition that the
    row fails (a finding must show the cell to fix, not merely the condition's first column)."""
    first = first_column(cond)
    if not isinstance(cond, AllOf):
        return lambda idx: first
    masks: list[pd.Series] = []  # computed on the first failing row only: most checks pass

    def column_of(idx: Any) -> str | None:
        if not masks:
            masks.extend(rows_mask(t, table, ctx) for t in cond.items)
        for part, ok in zip(cond.items, masks, strict=True):
            if not bool(ok.loc[idx]):
                return first_column(part)
        return first

    return column_of


def in_school_year(ctx: Context, series: pd.Series) -> pd.Series:
    first, last = ctx.calendar.school_year(ctx.as_of)
    start = pd.Timestamp(first.replace(month=8, day=1))
    end = pd.Timestamp(min(last, ctx.as_of))
    return (series >= start) & (series <= end)


def period_labels(dates: pd.Series, periods: list[Period]) -> pd.Series:
    """Label of the due period each date falls in (NA outside every due period)."""
    if dates.dtype == "datetime64[ns]":  # the parser's dates: compared in numpy, a few pandas calls in all
        days = dates.to_numpy()
        found = np.full(len(days), pd.NA, dtype=object)
        for p in periods:
            found[(days >= np.datetime64(p.start, "ns")) & (days <= np.datetime64(p.end, "ns"))] = p.label
        return pd.Series(found, index=dates.index, dtype=object, copy=False)
    labels = pd.Series(pd.NA, index=dates.index, dtype=object)
    for p in periods:
        inside = (dates >= pd.Timestamp(p.start)) & (dates <= pd.Timestamp(p.end))
        labels[inside.fillna(False).astype(bool)] = p.label
    return labels
