"""``freshness``: the latest date (overall, or of every group) is at most ``max_age_days`` before
the audit date."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import pandas as pd
from pydantic import Field, model_validator

from elschool_audit.i18n import shown_date
from elschool_audit.results import Msg
from elschool_audit.rubric.checks.evidence import (
    cond_params,
    group_key,
    key_column,
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
    validate_sheet_columns,
)
from elschool_audit.rubric.checks.parts import Expect, Universe, universe_values, with_own_groups
from elschool_audit.rubric.describe import Words
from elschool_audit.workbook import Table
from elschool_audit.yamlfile import Invalid


@register
class FreshnessCheck(Check):
    """The latest date (per group, or overall) is at most ``max_age_days`` before the audit date."""

    type: Literal["freshness"]
    sheet: str
    where: Cond | None = None
    date_column: str
    max_age_days: int = Field(ge=0)
    group_by: str | None = None
    expect: Expect | None = None

    @model_validator(mode="after")
    def _cols(self) -> FreshnessCheck:
        if self.expect and not self.group_by:
            raise Invalid("rubric_expect_needs_group_by")
        cols = {"date_column": self.date_column, "group_by": self.group_by}
        validate_sheet_columns(self.sheet, cols, {"where": self.where})
        return self

    def reads(self, out: Reads) -> None:
        out.add(self.sheet, self.date_column, self.group_by)
        out.conds(self.sheet, self.where)
        if self.expect and self.expect.from_:
            out.add(self.expect.from_.sheet, *self.expect.from_.key_columns)

    def describe(self, words: Words) -> str:
        group = ""
        if self.group_by:
            group = words.say("desc_of_every", column=words.col(self.sheet, self.group_by))
        rows = words.rows(self.sheet, self.where)
        return words.say("desc_freshness", group=group, rows=rows, days=self.max_age_days)

    # ------------------------------------------------------------ evaluation

    def _no_dated_rows(self, table: Table, ctx: Context) -> Outcome:
        out = Outcome("fail", Msg("no_rows_selected", cond_params(self.where, self.sheet)))
        out.add(table_finding(table, Msg("no_dated_rows", {})), ctx.limit)
        return out

    def evaluate(self, ctx: Context) -> Outcome:
        table = need_table(ctx, self.sheet, [self.date_column, self.group_by])
        needs(table, self.where)
        frame = table.frame[rows_mask(self.where, table, ctx)]
        dates = frame[self.date_column]
        frame = frame[dates.notna() & (dates <= pd.Timestamp(ctx.as_of))]
        limit_date = pd.Timestamp(ctx.as_of - dt.timedelta(days=self.max_age_days))
        if not self.group_by:
            return self._judge_latest(table, frame, limit_date, ctx)
        return self._judge_groups(table, frame, self.group_by, limit_date, ctx)

    def _judge_latest(self, table: Table, frame: pd.DataFrame, limit_date: pd.Timestamp, ctx: Context) -> Outcome:
        if frame.empty:
            return self._no_dated_rows(table, ctx)
        idx: Any = frame[self.date_column].idxmax()
        latest = frame.loc[idx, self.date_column]
        age = (pd.Timestamp(ctx.as_of) - latest).days
        out = Outcome("pass", Msg("latest_measured", {"date": shown_date(latest), "days": age}))
        if latest < limit_date:
            out.status = "fail"
            msg = Msg("stale", {"days": age, "max": self.max_age_days})
            out.add(row_finding(table, idx, self.date_column, msg), ctx.limit)
        return out

    def _judge_groups(
        self, table: Table, frame: pd.DataFrame, group_by: str, limit_date: pd.Timestamp, ctx: Context
    ) -> Outcome:
        latest_idx = frame[self.date_column].groupby(group_key(frame[key_column(table, group_by)])).idxmax()
        universe: Universe | None = None
        if self.expect is not None:
            universe = universe_values(self.expect, ctx, self.sheet, [group_by])
            universe = with_own_groups(universe, self.expect.from_, table, group_by, ctx)
            expected = [k[0] for k in universe.keys]
            labels = {k[0]: v for k, v in universe.labels.items()}
        else:
            expected = list(latest_idx.index)
            labels = {k: label(self.sheet, group_by, frame.loc[latest_idx[k], group_by]) for k in expected}
            if not expected:
                # The groups come from the rows: no dated rows is missing evidence, not "nothing to check".
                return self._no_dated_rows(table, ctx)
        absent = universe.absent if universe is not None else []
        if not expected and not absent:
            return Outcome("not_applicable", Msg("universe_empty", {}))
        out = Outcome("pass")
        ok = 0
        for finding in absent:
            out.add(finding, ctx.limit)
        for key in expected:
            name = labels.get(key, str(key))
            if key not in latest_idx.index:
                msg = Msg("group_missing", {"group": name})
                if universe is not None and universe.table is not None and (key,) in universe.rows:
                    out.add(row_finding(universe.table, universe.rows[(key,)], None, msg), ctx.limit)
                else:
                    out.add(table_finding(table, msg), ctx.limit)
                continue
            idx = latest_idx[key]
            latest = frame.loc[idx, self.date_column]
            if latest < limit_date:
                age = (pd.Timestamp(ctx.as_of) - latest).days
                msg = Msg("stale_group", {"group": name, "days": age, "max": self.max_age_days})
                out.add(row_finding(table, idx, self.date_column, msg), ctx.limit)
            else:
                ok += 1
        n = len(expected) + len(absent)
        out.status = "pass" if ok == n else "fail"
        out.measured = Msg("groups_fresh", {"ok": ok, "n": n, "max": self.max_age_days})
        return out
