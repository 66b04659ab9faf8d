"""The check vocabulary: each check type turns a school's tables into a status and located findings.

Checks are pure functions of (check, context). They work on whole columns (pandas masks and
group-bys), not row by row, and they build at most ``limit`` findings while counting them all.
A sheet or column the check needs but the school lacks raises ``NeedsInput``: the engine turns it
into an ``error`` result, never a silent pass.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from elschool_audit.results import Finding, Msg, Status
from elschool_audit.roster import School
from elschool_audit.rubric.calendar import Calendar, Period
from elschool_audit.rubric.conditions import AllOf, Condition, MissingColumn, columns_of, mask
from elschool_audit.rubric.describe import describe, value_label
from elschool_audit.rubric.model import (
    AllChecks,
    ChecklistCheck,
    CountPerPeriodCheck,
    CoverageCheck,
    DeadlineCheck,
    Expect,
    FilesFreshCheck,
    FreshnessCheck,
    PatternCheck,
    PresenceCheck,
    ShareCheck,
    SheetRef,
)
from elschool_audit.sheets.kinds import SheetKind, catalogue
from elschool_audit.text import fold
from elschool_audit.workbook import ROW, SRC, Table, Workbook


class NeedsInput(Exception):
    """The check cannot run: a sheet kind or a column is missing from the school's records."""

    def __init__(self, msg: Msg, finding: Finding | None = None) -> None:
        super().__init__(msg.key)
        self.msg = msg
        self.finding = finding


@dataclass
class Context:
    school: School
    workbook: Workbook
    as_of: dt.date
    calendar: Calendar
    limit: int = 50


@dataclass
class Outcome:
    status: Status
    measured: Msg | None = None
    findings: list[Finding] = field(default_factory=list)
    total: int = 0

    def add(self, finding: Finding, limit: int) -> None:
        self.total += 1
        if len(self.findings) < limit:
            self.findings.append(finding)


# ---------------------------------------------------------------- helpers


def _kind(sheet: str) -> SheetKind:
    return catalogue().kinds[sheet]


def _table(ctx: Context, sheet: str, columns: Iterable[str | None] = ()) -> Table:
    table = ctx.workbook.table(sheet)
    kind = _kind(sheet)
    if table is None:
        raise NeedsInput(Msg("sheet_missing", {"kind": sheet, "kind_vi": kind.vi, "kind_en": kind.en}))
    for col in columns:
        if col and (col not in table.frame.columns or not table.has_column(col)):
            _missing_column(table, col)
    return table


def _missing_column(table: Table, column: str) -> None:
    kind = _kind(table.kind)
    src = table.sources[0] if table.sources else None
    header = kind.columns[column].vi if column in kind.columns else column
    msg = Msg(
        "column_missing",
        {"kind": table.kind, "kind_vi": kind.vi, "kind_en": kind.en, "column": column, "header": header},
    )
    raise NeedsInput(
        msg,
        Finding(
            msg,
            file=src.file if src else None,
            tab=src.tab if src else None,
            row=src.header_row if src else None,
            link=src.link if src else None,
        ),
    )


def _mask(cond: Condition | None, table: Table) -> pd.Series:
    try:
        return mask(cond, table.frame)
    except MissingColumn as exc:
        _missing_column(table, exc.column)
        raise  # unreachable: _missing_column raises


def _needs(table: Table, *conds: Condition | None) -> None:
    for cond in conds:
        for test in columns_of(cond):
            if not table.has_column(test.column):
                _missing_column(table, test.column)


def _cell(value: Any) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def row_finding(table: Table, index: Any, column: str | None, msg: Msg) -> Finding:
    """Evidence for one row: file, tab, the row number a person sees, column letter, value."""
    row = table.frame.loc[index]
    src = table.sources[int(row[SRC])]
    letter = None
    header = None
    value = None
    if column:
        letter = src.columns.get(column) or (row.get("_item_col") if "_item_col" in row.index else None)
        header = src.headers.get(column, column)
        raw = row[column] if column in row.index else None
        if isinstance(raw, np.bool_):
            raw = bool(raw)  # a boolean column's cell comes back as numpy's bool: show it as có/không
        value = _cell(raw)
        if value is not None and isinstance(raw, (str, bool)) and table.kind in catalogue().kinds:
            # Show the school the word it typed (an enum's Vietnamese label), not our internal code.
            value = value_label(_kind(table.kind), column, raw, "vi")
    col_desc = f"{letter} ({header})" if letter else header
    return Finding(
        msg,
        file=src.file,
        tab=src.tab,
        row=int(row[ROW]),
        column=col_desc,
        value=value,
        link=src.link,
    )


def table_finding(table: Table | None, msg: Msg) -> Finding:
    if table is None or not table.sources:
        return Finding(msg)
    src = table.sources[0]
    return Finding(msg, file=src.file, tab=src.tab, link=src.link)


def _group_key(series: pd.Series) -> pd.Series:
    """Comparable keys for grouping: folded text (so 'Phòng tin học' = 'Phòng Tin học')."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return series
    return series.map(lambda v: fold(v) if isinstance(v, str) else v)


def _label(sheet: str, column: str, value: Any) -> str:
    """A group's name as the school writes it (an enum's Vietnamese label, not our code)."""
    return value_label(_kind(sheet), column, value, "vi") if isinstance(value, str) else str(value)


def _key_column(table: Table, column: str) -> str:
    return "_room_key" if column == "room" and "_room_key" in table.frame.columns else column


def _pct(x: float) -> str:
    return f"{x * 100:.0f}%" if abs(x * 100 - round(x * 100)) < 0.05 else f"{x * 100:.1f}%"


def _cond_params(cond: Condition | None, sheet: str) -> dict[str, str]:
    kind = _kind(sheet)
    return {"cond_vi": describe(cond, kind, "vi"), "cond_en": describe(cond, kind, "en")}


def _first_column(cond: Condition | None) -> str | None:
    return next((t.column for t in columns_of(cond)), None)


def _blame(cond: Condition | None, table: Table) -> Callable[[Any], str | None]:
    """For a failing row, the column to point at: the first part of an ``all`` condition that the
    row fails (a finding must show the cell to fix, not merely the condition's first column)."""
    first = _first_column(cond)
    if not isinstance(cond, AllOf):
        return lambda idx: first
    masks: list[pd.Series] = []  # computed on the first failing row only: most checks pass

    def column_of(idx: Any) -> str | None:
        if not masks:
            masks.extend(_mask(t, table) for t in cond.items)
        for part, ok in zip(cond.items, masks, strict=True):
            if not bool(ok.loc[idx]):
                return _first_column(part)
        return first

    return column_of


def _dates(frame: pd.DataFrame, column: str) -> pd.Series:
    return frame[column]


def _in_school_year(ctx: Context, series: pd.Series) -> pd.Series:
    first, last = ctx.calendar.school_year(ctx.as_of)
    start = pd.Timestamp(first.replace(month=8, day=1))
    end = pd.Timestamp(min(last, ctx.as_of))
    return (series >= start) & (series <= end)


# ---------------------------------------------------------------- presence


def check_presence(check: PresenceCheck, ctx: Context) -> Outcome:
    table = ctx.workbook.table(check.sheet)
    kind = _kind(check.sheet)
    if table is None:
        out = Outcome("fail", Msg("rows_count", {"n": 0}))
        out.add(
            Finding(Msg("sheet_missing", {"kind": check.sheet, "kind_vi": kind.vi, "kind_en": kind.en})),
            ctx.limit,
        )
        return out
    _needs(table, check.where)
    n = int(_mask(check.where, table).sum())
    if n >= check.min_rows:
        return Outcome("pass", Msg("rows_count", {"n": n}))
    out = Outcome("fail", Msg("rows_count", {"n": n}))
    out.add(
        table_finding(
            table,
            Msg(
                "too_few_rows",
                {"n": n, "min": check.min_rows, **_cond_params(check.where, check.sheet)},
            ),
        ),
        ctx.limit,
    )
    return out


# ---------------------------------------------------------------- share / all_rows


def _period_labels(ctx: Context, dates: pd.Series, periods: list[Period]) -> pd.Series:
    """Label of the due period each date falls in (NA outside every due period)."""
    labels = pd.Series(pd.NA, index=dates.index, dtype=object)
    for p in periods:
        inside = (dates >= pd.Timestamp(p.start)) & (dates <= pd.Timestamp(p.end))
        labels[inside.fillna(False).astype(bool)] = p.label
    return labels


def check_share(check: ShareCheck, ctx: Context) -> Outcome:
    threshold_col = check.min_by.column if check.min_by else None
    # Thresholds that differ by a column's value (100% in labs, 90% elsewhere) are judged per value:
    # one overall share against the lowest threshold would let the labs hide behind the classrooms.
    group_cols = list(check.group_by) or ([threshold_col] if threshold_col else [])
    table = _table(ctx, check.sheet, [*group_cols, check.date_column, threshold_col])
    _needs(table, check.where, check.condition)
    frame = table.frame
    pop_mask = _mask(check.where, table)
    ok_all = _mask(check.condition, table)
    work = pd.DataFrame({"ok": ok_all[pop_mask]})
    keys: list[str] = []
    labels: dict[str, pd.Series] = {}
    for col in group_cols:
        key_col = _key_column(table, col)
        work[f"g:{col}"] = _group_key(frame.loc[pop_mask, key_col])
        labels[col] = frame.loc[pop_mask, col].map(lambda v, c=col: _label(check.sheet, c, v))
        keys.append(f"g:{col}")
    if check.per and check.date_column:
        periods = ctx.calendar.periods(check.per, ctx.as_of)
        work["g:period"] = _period_labels(ctx, frame.loc[pop_mask, check.date_column], periods)
        work = work[work["g:period"].notna()]
        keys.append("g:period")
    if check.min_by:
        work["threshold"] = frame.loc[work.index, check.min_by.column].map(
            lambda v: check.min_by.values.get(v, check.min_by.default) if check.min_by else None
        )
    else:
        work["threshold"] = check.min
    work = work[work["threshold"].notna()]
    cond_params = _cond_params(check.condition, check.sheet)
    blame = _blame(check.condition, table)
    if work.empty:
        status: Status = "fail" if check.empty == "fail" else "not_applicable"
        out = Outcome(status, Msg("no_rows_selected", _cond_params(check.where, check.sheet)))
        if status == "fail":
            out.add(
                table_finding(table, Msg("no_rows_selected", _cond_params(check.where, check.sheet))),
                ctx.limit,
            )
        return out

    n_total = len(work)
    n_ok = int(work["ok"].sum())
    if not keys:
        share = n_ok / n_total
        threshold = float(work["threshold"].min())
        passed = share + 1e-9 >= threshold
        out = Outcome(
            "pass" if passed else "fail",
            Msg(
                "share_measured",
                {"share": _pct(share), "ok": n_ok, "n": n_total, "min": _pct(threshold)},
            ),
        )
        if not passed:
            for idx in work.index[~work["ok"].to_numpy()]:
                out.add(row_finding(table, idx, blame(idx), Msg("row_failed", cond_params)), ctx.limit)
        return out

    grouped = work.groupby(keys, dropna=False, sort=False)
    summary = grouped.agg(ok=("ok", "sum"), n=("ok", "size"), threshold=("threshold", "first"))
    summary["share"] = summary["ok"] / summary["n"]
    failing = summary[summary["share"] + 1e-9 < summary["threshold"]]
    out = Outcome(
        "pass" if failing.empty else "fail",
        Msg(
            "groups_measured",
            {"ok": len(summary) - len(failing), "n": len(summary), "share": _pct(n_ok / n_total)},
        ),
    )
    first_index = grouped.head(1)
    label_of: dict[Any, str] = {}
    for idx in first_index.index:
        parts = [str(labels[c].loc[idx]) for c in group_cols]
        if "g:period" in keys:
            parts.append(str(first_index.loc[idx, "g:period"]))
        label_of[tuple(first_index.loc[idx, k] for k in keys)] = " · ".join(parts)
    bad_rows: list[Any] = []
    for key, row in failing.iterrows():
        key_any: Any = key
        key_t: tuple[Any, ...] = key_any if isinstance(key_any, tuple) else (key_any,)
        members = grouped.get_group(key_t)
        first = members.index[0]
        out.add(
            row_finding(
                table,
                first,
                None,
                Msg(
                    "group_share_low",
                    {
                        "group": label_of.get(key_t, str(key_t)),
                        "share": _pct(float(row["share"])),
                        "ok": int(row["ok"]),
                        "n": int(row["n"]),
                        "min": _pct(float(row["threshold"])),
                    },
                ),
            ),
            ctx.limit,
        )
        bad_rows.extend(members.index[~members["ok"].to_numpy()])
    for idx in bad_rows:
        out.add(row_finding(table, idx, blame(idx), Msg("row_failed", cond_params)), ctx.limit)
    return out


# ---------------------------------------------------------------- groups from another sheet


@dataclass(frozen=True)
class Universe:
    """Expected keys with a display label and, when they come from a sheet, the row that defines them."""

    keys: list[tuple[Any, ...]]
    labels: dict[tuple[Any, ...], str]
    table: Table | None
    rows: dict[tuple[Any, ...], Any]


def _norm_key(value: Any) -> Any:
    if isinstance(value, str):
        return fold(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return None
    return value


def _universe_from(ref: SheetRef, ctx: Context) -> Universe:
    table = _table(ctx, ref.sheet, ref.key_columns)
    _needs(table, ref.where)
    sel = table.frame[_mask(ref.where, table)]
    keys: list[tuple[Any, ...]] = []
    labels: dict[tuple[Any, ...], str] = {}
    rows: dict[tuple[Any, ...], Any] = {}
    key_cols = [_key_column(table, c) for c in ref.key_columns]
    for idx, values in zip(sel.index, sel[key_cols].itertuples(index=False, name=None), strict=True):
        key = tuple(_norm_key(v) for v in values)
        if any(k is None for k in key) or key in rows:
            continue
        keys.append(key)
        rows[key] = idx
        labels[key] = " · ".join(str(_cell(sel.loc[idx, c])) for c in ref.key_columns)
    return Universe(keys, labels, table, rows)


def _universe_values(expect: Expect, ctx: Context, sheet: str, columns: list[str]) -> Universe:
    if expect.from_ is not None:
        return _universe_from(expect.from_, ctx)
    if expect.values_by_level is not None:
        raw = expect.values_by_level.get(ctx.school.level, [])
    else:
        raw = expect.values or []
    kind = _kind(sheet)
    keys: list[tuple[Any, ...]] = []
    labels: dict[tuple[Any, ...], str] = {}
    for item in raw:
        parts = item if isinstance(item, list) else [item]
        key = tuple(_norm_key(p) for p in parts)
        keys.append(key)
        labels[key] = " · ".join(value_label(kind, c, p, "vi") for c, p in zip(columns, parts, strict=False))
    return Universe(keys, labels, None, {})


# ---------------------------------------------------------------- count per period


def check_count_per_period(check: CountPerPeriodCheck, ctx: Context) -> Outcome:
    table = _table(ctx, check.sheet, [check.date_column, check.group_by])
    _needs(table, check.where)
    periods = ctx.calendar.periods(check.period, ctx.as_of, check.due)
    if not periods:
        return Outcome("not_applicable", Msg("no_period_due", {}))
    frame = table.frame[_mask(check.where, table)]
    dates = _dates(frame, check.date_column)
    month_typed = _kind(check.sheet).columns[check.date_column].type == "month"
    counted_parts = []
    for i, p in enumerate(periods):
        start = p.start.replace(day=1) if month_typed else p.start - dt.timedelta(days=check.lead_days)
        end = p.end
        if check.grace_days is not None:
            end = min(p.end, p.start + dt.timedelta(days=check.grace_days))
        inside = ((dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end))).fillna(False).astype(bool)
        counted_parts.append(pd.DataFrame({"p": i}, index=frame.index[inside.to_numpy()]))
    counted = pd.concat(counted_parts) if counted_parts else pd.DataFrame({"p": []})

    universe: Universe | None = None
    if check.group_by:
        key_col = _key_column(table, check.group_by)
        counted["g"] = _group_key(frame.loc[counted.index, key_col]).to_numpy()
        if check.groups is not None:
            universe = _universe_from(check.groups, ctx)
            group_keys = [k[0] for k in universe.keys]
            group_labels = {k[0]: v for k, v in universe.labels.items()}
        else:
            group_keys = list(dict.fromkeys(_group_key(frame[key_col]).dropna()))
            first_label = frame.groupby(_group_key(frame[key_col]))[check.group_by].first()
            group_labels = {k: _label(check.sheet, check.group_by, first_label.get(k, k)) for k in group_keys}
            if not group_keys:
                # The groups come from the rows: no rows is missing evidence, not "nothing to check".
                out = Outcome("fail", Msg("periods_measured", {"ok": 0, "n": len(periods)}))
                out.add(
                    table_finding(table, Msg("no_rows_selected", _cond_params(check.where, check.sheet))), ctx.limit
                )
                return out
        counts = counted.groupby(["g", "p"]).size()
    else:
        group_keys = [None]
        group_labels = {None: ""}
        counts = counted.groupby("p").size()

    if not group_keys:
        return Outcome("not_applicable", Msg("universe_empty", {}))
    slots = len(group_keys) * len(periods)
    out = Outcome("pass")
    missing = 0
    ref_column = check.groups.key_columns[0] if check.groups is not None else None
    for g in group_keys:
        group_rows = counted.index[(counted["g"] == g).to_numpy()] if check.group_by else counted.index
        for i, period in enumerate(periods):
            n = int(counts.get((g, i), 0)) if check.group_by else int(counts.get(i, 0))
            if n >= check.min:
                continue
            missing += 1
            msg = Msg(
                "period_count_low",
                {
                    "group": f"{group_labels[g]} · " if group_labels.get(g) else "",
                    "period": period.label,
                    "n": n,
                    "min": check.min,
                },
            )
            in_period = counted[(counted["p"] == i).to_numpy()]
            if check.group_by:
                in_period = in_period[(in_period["g"] == g).to_numpy()]
            cells = table.frame.loc[in_period.index, [SRC, ROW]].drop_duplicates() if n else None
            if cells is not None and len(cells) == 1:
                # every counted row comes from one spreadsheet row (a month × category count table):
                # point at that cell, the one to correct
                finding = row_finding(table, in_period.index[0], _first_column(check.where) or check.date_column, msg)
            elif len(group_rows):
                # point at the tab where this group's rows are kept
                src = table.sources[int(table.frame.loc[group_rows[0], SRC])]
                finding = Finding(msg, file=src.file, tab=src.tab, link=src.link)
            elif universe is not None and universe.table is not None and (g,) in universe.rows:
                finding = row_finding(universe.table, universe.rows[(g,)], ref_column, msg)
            else:
                finding = table_finding(table, msg)
            out.add(finding, ctx.limit)
    out.status = "pass" if missing == 0 else "fail"
    out.measured = Msg("periods_measured", {"ok": slots - missing, "n": slots})
    return out


# ---------------------------------------------------------------- freshness


def check_freshness(check: FreshnessCheck, ctx: Context) -> Outcome:
    table = _table(ctx, check.sheet, [check.date_column, check.group_by])
    _needs(table, check.where)
    frame = table.frame[_mask(check.where, table)]
    dates = _dates(frame, check.date_column)
    usable = dates.notna() & (dates <= pd.Timestamp(ctx.as_of))
    frame = frame[usable]
    limit_date = pd.Timestamp(ctx.as_of - dt.timedelta(days=check.max_age_days))
    out = Outcome("pass")
    if not check.group_by:
        if frame.empty:
            out.status = "fail"
            out.measured = Msg("no_rows_selected", _cond_params(check.where, check.sheet))
            out.add(table_finding(table, Msg("no_dated_rows", {})), ctx.limit)
            return out
        idx: Any = frame[check.date_column].idxmax()
        latest = frame.loc[idx, check.date_column]
        age = (pd.Timestamp(ctx.as_of) - latest).days
        out.measured = Msg("latest_measured", {"date": latest.strftime("%d/%m/%Y"), "days": age})
        if latest < limit_date:
            out.status = "fail"
            out.add(
                row_finding(
                    table,
                    idx,
                    check.date_column,
                    Msg("stale", {"days": age, "max": check.max_age_days}),
                ),
                ctx.limit,
            )
        return out

    key_col = _key_column(table, check.group_by)
    keys = _group_key(frame[key_col])
    latest_idx = frame[check.date_column].groupby(keys).idxmax()
    if check.expect is not None:
        universe = _universe_values(check.expect, ctx, check.sheet, [check.group_by])
        expected = [k[0] for k in universe.keys]
        labels = {k[0]: v for k, v in universe.labels.items()}
    else:
        expected = list(latest_idx.index)
        labels = {k: _label(check.sheet, check.group_by, frame.loc[latest_idx[k], check.group_by]) for k in expected}
        universe = None
        if not expected:
            # The groups come from the rows: no dated rows is missing evidence, not "nothing to check".
            out.status = "fail"
            out.measured = Msg("no_rows_selected", _cond_params(check.where, check.sheet))
            out.add(table_finding(table, Msg("no_dated_rows", {})), ctx.limit)
            return out
    if not expected:
        return Outcome("not_applicable", Msg("universe_empty", {}))
    ok = 0
    for key in expected:
        label = labels.get(key, str(key))
        if key not in latest_idx.index:
            finding = (
                row_finding(
                    universe.table,
                    universe.rows[(key,)],
                    None,
                    Msg("group_missing", {"group": label}),
                )
                if universe is not None and universe.table is not None and (key,) in universe.rows
                else table_finding(table, Msg("group_missing", {"group": label}))
            )
            out.add(finding, ctx.limit)
            continue
        idx = latest_idx[key]
        latest = frame.loc[idx, check.date_column]
        if latest < limit_date:
            age = (pd.Timestamp(ctx.as_of) - latest).days
            out.add(
                row_finding(
                    table,
                    idx,
                    check.date_column,
                    Msg("stale_group", {"group": label, "days": age, "max": check.max_age_days}),
                ),
                ctx.limit,
            )
        else:
            ok += 1
    out.status = "pass" if ok == len(expected) else "fail"
    out.measured = Msg("groups_fresh", {"ok": ok, "n": len(expected), "max": check.max_age_days})
    return out


# ---------------------------------------------------------------- deadline


def check_deadline(check: DeadlineCheck, ctx: Context) -> Outcome:
    table = _table(ctx, check.sheet, [check.date_column])
    _needs(table, check.where)
    due = ctx.calendar.date_in_year(check.by, ctx.as_of)
    frame = table.frame[_mask(check.where, table)]
    dates = _dates(frame, check.date_column)
    this_year = _in_school_year(ctx, dates).fillna(False).astype(bool)
    on_time = frame[this_year & (dates <= pd.Timestamp(due))]
    late = frame[this_year & (dates > pd.Timestamp(due))]
    params = {"due": due.strftime("%d/%m/%Y"), "n": len(on_time), "min": check.min}
    if len(on_time) >= check.min:
        first = on_time[check.date_column].min()
        return Outcome("pass", Msg("deadline_met", {**params, "date": first.strftime("%d/%m/%Y")}))
    if ctx.as_of < due:
        return Outcome("not_applicable", Msg("deadline_not_yet", params))
    out = Outcome("fail", Msg("deadline_missed", params))
    for idx in late.index:
        out.add(
            row_finding(table, idx, check.date_column, Msg("deadline_late_row", {"due": params["due"]})),
            ctx.limit,
        )
    if late.empty:
        out.add(
            table_finding(table, Msg("deadline_none", {**params, **_cond_params(check.where, check.sheet)})),
            ctx.limit,
        )
    return out


# ---------------------------------------------------------------- coverage


def check_coverage(check: CoverageCheck, ctx: Context) -> Outcome:
    table = _table(ctx, check.sheet, check.key_columns)
    _needs(table, check.where)
    universe = _universe_values(check.expect, ctx, check.sheet, check.key_columns)
    if not universe.keys:
        return Outcome("not_applicable", Msg("universe_empty", {}))
    frame = table.frame[_mask(check.where, table)]
    key_cols = [_key_column(table, c) for c in check.key_columns]
    present = {tuple(_norm_key(v) for v in values) for values in frame[key_cols].itertuples(index=False, name=None)}
    out = Outcome("pass")
    missing = [k for k in universe.keys if k not in present]
    for key in missing:
        msg = Msg(
            "expected_missing",
            {"item": universe.labels.get(key, str(key)), **_cond_params(check.where, check.sheet)},
        )
        if universe.table is not None:
            column = check.expect.from_.key_columns[0] if check.expect.from_ else None
            out.add(row_finding(universe.table, universe.rows[key], column, msg), ctx.limit)
        else:
            out.add(table_finding(table, msg), ctx.limit)
    n = len(universe.keys)
    out.status = "pass" if not missing else "fail"
    out.measured = Msg("coverage_measured", {"ok": n - len(missing), "n": n})
    return out


# ---------------------------------------------------------------- pattern


def check_pattern(check: PatternCheck, ctx: Context) -> Outcome:
    pattern = re.compile(check.regex)
    want = check.mode == "match"
    if check.school_field is not None:
        value = getattr(ctx.school, check.school_field) or ""
        ok = bool(pattern.search(value.strip().lower())) == want
        out = Outcome("pass" if ok else "fail", Msg("pattern_value", {"value": value or "—"}))
        if not ok:
            out.add(
                Finding(
                    Msg(
                        "pattern_school_failed",
                        {"field": check.school_field, "regex": check.regex, "mode": check.mode},
                    ),
                    file="roster",
                    column=check.school_field,
                    value=value or None,
                ),
                ctx.limit,
            )
        return out
    assert check.sheet is not None and check.column is not None
    table = _table(ctx, check.sheet, [check.column])
    _needs(table, check.where)
    frame = table.frame[_mask(check.where, table)]
    if frame.empty:
        return Outcome("not_applicable", Msg("no_rows_selected", _cond_params(check.where, check.sheet)))
    hits = frame[check.column].map(lambda v: bool(pattern.search(v)) if isinstance(v, str) else False)
    bad = frame.index[(hits != want).to_numpy()]
    out = Outcome(
        "pass" if len(bad) == 0 else "fail",
        Msg(
            "share_measured",
            {
                "share": _pct(1 - len(bad) / len(frame)),
                "ok": len(frame) - len(bad),
                "n": len(frame),
                "min": "100%",
            },
        ),
    )
    for idx in bad:
        out.add(
            row_finding(
                table,
                idx,
                check.column,
                Msg("pattern_row_failed", {"regex": check.regex, "mode": check.mode}),
            ),
            ctx.limit,
        )
    return out


# ---------------------------------------------------------------- checklist


def check_checklist(check: ChecklistCheck, ctx: Context) -> Outcome:
    table = _table(ctx, "checklist", ["item", "met"] + (["evidence"] if check.require_evidence else []))
    frame = table.frame
    keys = frame["item"].map(lambda v: fold(v) if isinstance(v, str) else None)
    out = Outcome("pass")
    ok = 0
    for item in check.items:
        rows = frame.index[(keys == fold(item)).to_numpy()]
        if len(rows) == 0:
            out.add(table_finding(table, Msg("checklist_missing", {"item": item})), ctx.limit)
            continue
        idx = rows[-1]
        met = frame.loc[idx, "met"]
        if met is pd.NA or not bool(met):
            out.add(row_finding(table, idx, "met", Msg("checklist_not_met", {"item": item})), ctx.limit)
            continue
        if check.require_evidence and not _cell(frame.loc[idx, "evidence"]):
            out.add(
                row_finding(table, idx, "evidence", Msg("checklist_no_evidence", {"item": item})),
                ctx.limit,
            )
            continue
        ok += 1
    out.status = "pass" if ok == len(check.items) else "fail"
    out.measured = Msg("coverage_measured", {"ok": ok, "n": len(check.items)})
    return out


# ---------------------------------------------------------------- all


def check_all(check: AllChecks, ctx: Context) -> Outcome:
    outcomes = [run_check(c, ctx) for c in check.checks]
    statuses = [o.status for o in outcomes]
    out = Outcome("pass")
    if "error" in statuses:
        out.status = "error"
    elif "fail" in statuses:
        out.status = "fail"
    elif all(s == "not_applicable" for s in statuses):
        out.status = "not_applicable"
    out.measured = Msg("joined", {"parts": [o.measured for o in outcomes if o.measured is not None]})
    for o in outcomes:
        out.total += o.total - len(o.findings)
        for f in o.findings:
            out.add(f, ctx.limit)
    return out


def check_any(check: Any, ctx: Context) -> Outcome:
    outcomes = [run_check(c, ctx) for c in check.checks]
    statuses = [o.status for o in outcomes]
    measured = Msg("joined", {"parts": [o.measured for o in outcomes if o.measured is not None]})
    if "pass" in statuses:
        return Outcome("pass", measured)
    out = Outcome("fail", measured)
    if "fail" not in statuses:
        # No alternative was judged: unreadable evidence is an error even beside a not-yet-due one.
        out.status = "error" if "error" in statuses else "not_applicable"
    for o in outcomes:
        out.total += o.total - len(o.findings)
        for f in o.findings:
            out.add(f, ctx.limit)
    return out


def _error_outcome(exc: NeedsInput) -> Outcome:
    out = Outcome("error", exc.msg)
    out.add(exc.finding or Finding(exc.msg), 1)
    return out


def check_files_fresh(check: FilesFreshCheck, ctx: Context) -> Outcome:
    """Per sheet kind: present, and its newest file modified recently enough.

    A file modified after the audit date counts as fresh (an audit of a past month run today). A
    file whose time is unknown is not held against the school; the measurement says how many.
    """
    limit = ctx.as_of - dt.timedelta(days=check.max_age_days)
    out = Outcome("pass")
    ok = unknown = 0
    for name in check.kinds:
        kind = _kind(name)
        table = ctx.workbook.table(name)
        files = [f for f in ctx.workbook.files if name in f.kinds]
        if table is None or not files:
            out.add(Finding(Msg("sheet_missing", {"kind": name, "kind_vi": kind.vi, "kind_en": kind.en})), ctx.limit)
            continue
        dated = [f for f in files if f.modified is not None]
        if not dated:
            unknown += 1
            ok += 1
            continue
        newest = max(dated, key=lambda f: f.modified or dt.datetime.min)
        assert newest.modified is not None
        day = newest.modified.date()
        if day >= limit:
            ok += 1
            continue
        out.add(
            Finding(
                Msg(
                    "file_stale",
                    {
                        "kind_vi": kind.vi,
                        "kind_en": kind.en,
                        "date": day.strftime("%d/%m/%Y"),
                        "days": (ctx.as_of - day).days,
                        "max": check.max_age_days,
                    },
                ),
                file=newest.name,
                link=newest.link,
                value=day.strftime("%d/%m/%Y"),
            ),
            ctx.limit,
        )
    out.status = "pass" if ok == len(check.kinds) else "fail"
    out.measured = Msg(
        "files_fresh_measured", {"ok": ok, "n": len(check.kinds), "max": check.max_age_days, "unknown": unknown}
    )
    return out


CHECKS: dict[str, Callable[[Any, Context], Outcome]] = {
    "presence": check_presence,
    "share": check_share,
    "all_rows": check_share,
    "count_per_period": check_count_per_period,
    "freshness": check_freshness,
    "deadline": check_deadline,
    "coverage": check_coverage,
    "pattern": check_pattern,
    "checklist": check_checklist,
    "files_fresh": check_files_fresh,
    "all": check_all,
    "any": check_any,
}


def run_check(check: Any, ctx: Context) -> Outcome:
    """Run one check; missing input becomes an ``error`` outcome with the reason as its finding."""
    try:
        return CHECKS[check.type](check, ctx)
    except NeedsInput as exc:
        return _error_outcome(exc)
