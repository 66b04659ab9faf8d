"""``count_per_period``: at least ``min`` rows in every due school period, optionally for every
group (every room of the inventory, every category)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd
from pydantic import Field, model_validator

from elschool_audit.i18n import shown_date
from elschool_audit.results import Finding, Msg
from elschool_audit.rubric.calendar import Period, PeriodKind
from elschool_audit.rubric.checks.evidence import (
    cond_params,
    first_column,
    group_key,
    key_column,
    kind_of,
    label,
    need_table,
    needs,
    row_finding,
    rows_mask,
    table_finding,
)
from elschool_audit.rubric.checks.interface import (
    Check,
    Cond,
    Context,
    Outcome,
    Reads,
    register,
    validate_codes,
    validate_sheet_columns,
)
from elschool_audit.rubric.checks.parts import (
    Expect,
    SheetRef,
    Universe,
    universe_from,
    universe_values,
    with_own_groups,
)
from elschool_audit.rubric.describe import Words
from elschool_audit.workbook import ROW, SRC, Table
from elschool_audit.yamlfile import Invalid


@dataclass
class _Groups:
    """The groups every period is judged for (``[None]`` without ``group_by``) and their names."""

    keys: list[Any]
    labels: dict[Any, str]
    universe: Universe | None = None


@register
class CountPerPeriodCheck(Check):
    """At least ``min`` rows in every due school period (optionally for every group, e.g. room)."""

    type: Literal["count_per_period"]
    sheet: str
    where: Cond | None = None
    date_column: str
    period: PeriodKind
    min: int = Field(default=1, ge=1)
    group_by: str | None = None
    groups: SheetRef | None = None
    """The groups every period is judged for, from another sheet (every room of the inventory);
    without it or ``group_values``, the groups the rows show."""
    group_values: Expect | None = None
    """The groups as fixed values (every subject of the level): one missing is a finding naming it."""
    due: Literal["start", "end"] = "end"
    lead_days: int = Field(default=0, ge=0)
    """Rows up to this many days before a period starts count for it (a schedule posted on Friday)."""
    grace_days: int | None = Field(default=None, ge=0)
    """When set, only rows up to this many days after the period starts count (posted by Monday)."""

    @model_validator(mode="after")
    def _cols(self) -> CountPerPeriodCheck:
        if (self.groups or self.group_values) and not self.group_by:
            raise Invalid("rubric_groups_need_group_by")
        if self.groups and self.group_values:
            raise Invalid("rubric_groups_or_values")
        cols = {"date_column": self.date_column, "group_by": self.group_by}
        validate_sheet_columns(self.sheet, cols, {"where": self.where})
        if self.group_values is not None and self.group_by:
            if self.group_values.from_ is not None:
                raise Invalid("rubric_groups_from_sheet")
            if self.group_values.values is not None:
                validate_codes(self.sheet, self.group_by, self.group_values.values, "group_values.values")
            for level, values in (self.group_values.values_by_level or {}).items():
                validate_codes(self.sheet, self.group_by, values, f"group_values.values_by_level.{level}")
        return self

    def reads(self, out: Reads) -> None:
        out.add(self.sheet, self.date_column, self.group_by)
        out.conds(self.sheet, self.where)
        if self.groups is not None:
            self.groups.reads(out)

    def describe(self, words: Words) -> str:
        per = words.period(self.period)
        group = ""
        if self.group_by:
            group = words.say("desc_for_every", column=words.col(self.sheet, self.group_by))
            if self.groups is not None:
                group += words.say("desc_listed_in", sheet=words.sheet(self.groups.sheet))
        rows = words.rows(self.sheet, self.where)
        return words.say("desc_count_per_period", min=self.min, per=per, group=group, rows=rows)

    # ------------------------------------------------------------ evaluation

    def _counted(self, frame: pd.DataFrame, periods: list[Period]) -> tuple[pd.DataFrame, npt.NDArray[np.intp]]:
        """One row per (selected row, period it counts for): column ``p`` is the period's index;
        rows grouped by period, in frame order within each (periods may overlap: lead days). With
        each counted row's position in ``frame``."""
        dates = frame[self.date_column]
        month_typed = kind_of(self.sheet).columns[self.date_column].type == "month"
        bounds = []
        for p in periods:
            start = p.start.replace(day=1) if month_typed else p.start - dt.timedelta(days=self.lead_days)
            end = p.end
            if self.grace_days is not None:
                end = min(p.end, p.start + dt.timedelta(days=self.grace_days))
            bounds.append((pd.Timestamp(start), pd.Timestamp(end)))
        if not bounds:
            return pd.DataFrame({"p": []}), np.zeros(0, dtype=np.intp)
        if dates.dtype.kind == "M" and getattr(dates.dtype, "tz", None) is None:
            # every period against every row at once (numpy; NaT compares False): one pass, not
            # one pandas mask per period — weekly periods over a year's log are ~40 of them
            values = dates.to_numpy()
            starts = np.array([s.to_datetime64() for s, _ in bounds])[:, None]
            ends = np.array([e.to_datetime64() for _, e in bounds])[:, None]
            period, row = np.nonzero((values >= starts) & (values <= ends))
            return pd.DataFrame({"p": period.astype("int64")}, index=frame.index[row]), row
        parts = []
        positions = []
        for i, (start_ts, end_ts) in enumerate(bounds):
            inside = ((dates >= start_ts) & (dates <= end_ts)).fillna(False).astype(bool)
            parts.append(pd.DataFrame({"p": i}, index=frame.index[inside.to_numpy()]))
            positions.append(np.flatnonzero(inside.to_numpy()))
        return pd.concat(parts), np.concatenate(positions)

    def _groups(self, table: Table, frame: pd.DataFrame, ctx: Context) -> _Groups:
        if not self.group_by:
            return _Groups([None], {None: ""})
        if self.group_values is not None:
            universe = universe_values(self.group_values, ctx, self.sheet, [self.group_by])
            return _Groups([k[0] for k in universe.keys], {k[0]: v for k, v in universe.labels.items()}, universe)
        if self.groups is not None:
            universe = with_own_groups(universe_from(self.groups, ctx), self.groups, table, self.group_by, ctx)
            return _Groups([k[0] for k in universe.keys], {k[0]: v for k, v in universe.labels.items()}, universe)
        keys = group_key(frame[key_column(table, self.group_by)])
        found = list(dict.fromkeys(keys.dropna()))
        first_label = frame.groupby(keys)[self.group_by].first()
        return _Groups(found, {k: label(self.sheet, self.group_by, first_label.get(k, k)) for k in found})

    def evaluate(self, ctx: Context) -> Outcome:
        table = need_table(ctx, self.sheet, [self.date_column, self.group_by])
        needs(table, self.where)
        periods = ctx.calendar.periods(self.period, ctx.as_of, self.due)
        if not periods:
            return Outcome("not_applicable", Msg("no_period_due", {}))
        key = key_column(table, self.group_by) if self.group_by else None
        # only the columns read below go through the row filter, not every column of a year's log
        read = list(dict.fromkeys(c for c in (self.date_column, self.group_by, key) if c))
        frame = table.frame[read][rows_mask(self.where, table, ctx)]
        counted, positions = self._counted(frame, periods)
        groups = self._groups(table, frame, ctx)
        if self.group_by and groups.universe is None and not groups.keys:
            # The groups come from the rows: no rows is missing evidence, not "nothing to check".
            out = Outcome("fail", Msg("periods_measured", {"ok": 0, "n": len(periods)}))
            out.add(table_finding(table, Msg("no_rows_selected", cond_params(self.where, self.sheet))), ctx.limit)
            return out
        absent = groups.universe.absent if groups.universe is not None else []
        if not groups.keys and not absent:
            return Outcome("not_applicable", Msg("universe_empty", {}))
        # each row's group, computed once: for the counts and every short period's search below
        row_keys = group_key(frame[key]) if key else None
        if row_keys is not None:
            counted["g"] = row_keys.to_numpy()[positions]
            counts = counted.groupby(["g", "p"]).size()
        else:
            counts = counted.groupby("p").size()
        out = Outcome("pass")
        missing = 0
        members = _Members(row_keys.to_numpy() if row_keys is not None else None)
        counted_members = _Members(counted["g"].to_numpy() if row_keys is not None else None)
        cited: set[Any] = set()  # an undated row could stand for one period only: cite it once
        # a dict once, not a (Multi)Index lookup per group and period (hundreds of them)
        count_of = dict(zip(counts.index, counts.tolist(), strict=True))
        for g in groups.keys:
            for i, period in enumerate(periods):
                n = int(count_of.get((g, i) if self.group_by else i, 0))
                if n >= self.min:
                    continue
                missing += 1
                finding = self._stray(table, frame, members, g, period, n, ctx, cited) or self._finding(
                    table, counted, counted_members, groups, g, i, period, n
                )
                out.add(finding, ctx.limit)
        for finding in absent:  # a required room with no row, a room left blank: no period of it is met
            out.add(finding, ctx.limit)
        missing += len(absent) * len(periods)
        slots = (len(groups.keys) + len(absent)) * len(periods)
        out.status = "pass" if missing == 0 else "fail"
        out.measured = Msg("periods_measured", {"ok": slots - missing, "n": slots})
        return out

    def _stray(
        self,
        table: Table,
        frame: pd.DataFrame,
        members: _Members,
        g: Any,
        period: Period,
        n: int,
        ctx: Context,
        cited: set[Any],
    ) -> Finding | None:
        """A row of the group that would have counted but for its date: posted after the window
        (a Wednesday schedule post for a Monday deadline) or dated unreadably (31/11/2016). Citing
        it says what was found and why it does not count, instead of a bare 'có 0'."""
        rows = frame if members.keys is None else frame.iloc[members.of(g)]
        dates = rows[self.date_column]
        params = {"group": "", "period": period.label, "n": n, "min": self.min}
        if self.group_by:
            params["group"] = f"{label(self.sheet, self.group_by, rows[self.group_by].iloc[0])} · " if len(rows) else ""
        if self.grace_days is not None:
            due = period.start + dt.timedelta(days=self.grace_days)
            late = rows[((dates > pd.Timestamp(due)) & (dates <= pd.Timestamp(period.end))).fillna(False).to_numpy()]
            if len(late):
                msg = Msg("period_count_low_late", {**params, "due": shown_date(due)})
                return row_finding(table, late.index[0], self.date_column, msg)
        for idx in rows.index[dates.isna().to_numpy()]:
            if idx in cited:
                continue
            finding = row_finding(table, idx, self.date_column, Msg("period_count_low_undated", params))
            typed = _unreadable(ctx, finding)
            if typed is None:
                continue  # no date typed at all (a counts table's row, a blank cell): nothing to cite
            cited.add(idx)
            return replace(finding, location=replace(finding.location, value=typed))
        return None

    def _finding(
        self,
        table: Table,
        counted: pd.DataFrame,
        members: _Members,
        groups: _Groups,
        g: Any,
        i: int,
        period: Period,
        n: int,
    ) -> Finding:
        """Where to look for a group's short period: the one cell to correct, else the group's tab,
        else the row that defines the group, else the sheet."""
        group_label = groups.labels.get(g)
        params = {"group": f"{group_label} · " if group_label else "", "period": period.label, "n": n, "min": self.min}
        msg = Msg("period_count_low", params)
        period_of = counted["p"].to_numpy()
        if members.keys is None:
            group_rows = counted.index
            in_period = counted.index[period_of == i]
        else:
            mine = members.of(g)  # ascending: counted order
            group_rows = counted.index[mine]
            in_period = counted.index[mine[period_of[mine] == i]]
        cells = table.frame.loc[in_period, [SRC, ROW]].drop_duplicates() if n else None
        if cells is not None and len(cells) == 1:
            # every counted row comes from one spreadsheet row (a month × category count table):
            # point at that cell, the one to correct
            return row_finding(table, in_period[0], first_column(self.where) or self.date_column, msg)
        if len(group_rows):
            # point at the tab where this group's rows are kept
            src = table.sources[int(table.frame.loc[group_rows[0], SRC])]
            return Finding(msg, src.location())
        universe = groups.universe
        if universe is not None and universe.table is not None and (g,) in universe.rows:
            ref_column = self.groups.key_columns[0] if self.groups is not None else None
            return row_finding(universe.table, universe.rows[(g,)], ref_column, msg)
        return table_finding(table, msg)


class _Members:
    """The positions of each group's rows in an array of group keys, found once for all of a
    failing rule's short periods (each used to compare the whole array with its group)."""

    def __init__(self, keys: npt.NDArray[Any] | None) -> None:
        self.keys = keys
        self._index: dict[Any, npt.NDArray[np.intp]] | None = None

    def of(self, g: Any) -> npt.NDArray[np.intp]:
        """Ascending positions of the keys equal to ``g``."""
        assert self.keys is not None
        if self._index is None:
            self._index = _text_positions(self.keys)
        if type(g) is str and self._index:
            return self._index.get(g, _NONE)
        return np.flatnonzero(pd.Series(self.keys, dtype=object) == g)


_NONE = np.zeros(0, dtype=np.intp)


def _text_positions(keys: npt.NDArray[Any]) -> dict[Any, npt.NDArray[np.intp]]:
    """Text key → its ascending positions, when every key is a text or missing (so equality is
    the string's, as ``==`` would compare); empty otherwise."""
    codes, uniques = pd.factorize(keys, use_na_sentinel=True)
    if not all(type(u) is str for u in uniques):
        return {}
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(uniques) + 1))
    return {u: order[bounds[k] : bounds[k + 1]] for k, u in enumerate(uniques)}


def _unreadable(ctx: Context, finding: Finding) -> str | None:
    """What the school typed in the date cell the parser could not read (its problem keeps it)."""
    at = finding.location
    for problem in ctx.workbook.problems:
        loc = problem.location
        if problem.code == "value_unreadable" and (loc.file, loc.tab, loc.row) == (at.file, at.tab, at.row):
            return loc.value
    return None
