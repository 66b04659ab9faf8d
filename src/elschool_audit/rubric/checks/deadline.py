"""``deadline``: at least ``min`` rows dated no later than ``by``, a day of the school year."""

from __future__ import annotations

from typing import Any, Literal

import pandas as pd
from pydantic import Field, field_validator, model_validator

from elschool_audit.i18n import shown_date
from elschool_audit.results import Msg
from elschool_audit.rubric.calendar import parse_month_day
from elschool_audit.rubric.checks.evidence import (
    cond_params,
    first_column,
    in_school_year,
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
from elschool_audit.rubric.conditions import AllOf
from elschool_audit.rubric.describe import Words
from elschool_audit.workbook import Table


@register
class DeadlineCheck(Check):
    """At least ``min`` rows dated no later than ``by`` (MM-DD of the school year)."""

    type: Literal["deadline"]
    sheet: str
    where: Cond | None = None
    date_column: str
    by: str
    min: int = Field(default=1, ge=1)

    @field_validator("by")
    @classmethod
    def _md(cls, v: str) -> str:
        parse_month_day(v)
        return v

    @model_validator(mode="after")
    def _cols(self) -> DeadlineCheck:
        validate_sheet_columns(self.sheet, {"date_column": self.date_column}, {"where": self.where})
        return self

    def reads(self, out: Reads) -> None:
        out.add(self.sheet, self.date_column)
        out.conds(self.sheet, self.where)

    def describe(self, words: Words) -> str:
        month, day = self.by.split("-")
        return words.say("desc_deadline", min=self.min, rows=words.rows(self.sheet, self.where), day=f"{day}/{month}")

    def evaluate(self, ctx: Context) -> Outcome:
        table = need_table(ctx, self.sheet, [self.date_column])
        needs(table, self.where)
        due = ctx.calendar.date_in_year(self.by, ctx.as_of)
        frame = table.frame[rows_mask(self.where, table, ctx)]
        dates = frame[self.date_column]
        this_year = in_school_year(ctx, dates).fillna(False).astype(bool)
        on_time = frame[this_year & (dates <= pd.Timestamp(due))]
        late = frame[this_year & (dates > pd.Timestamp(due))]
        params = {"due": shown_date(due), "n": len(on_time), "min": self.min}
        if len(on_time) >= self.min:
            first = on_time[self.date_column].min()
            return Outcome("pass", Msg("deadline_met", {**params, "date": shown_date(first)}))
        if ctx.as_of <= due:  # pending until the deadline's day has ended (the audit date's day included)
            return Outcome("not_applicable", Msg("deadline_not_yet", params))
        out = Outcome("fail", Msg("deadline_missed", params))
        for idx in late.index:
            msg = Msg("deadline_late_row", {"due": params["due"]})
            out.add(row_finding(table, idx, self.date_column, msg), ctx.limit)
        if late.empty:
            near = self._near_miss(table, ctx)
            if near is not None:
                # the row is there but fails a later part of the condition (a 92% rate): that cell
                index, column = near
                msg = Msg("deadline_row_fails", {**params, **cond_params(self.where, self.sheet)})
                out.add(row_finding(table, index, column, msg), ctx.limit)
            else:
                msg = Msg("deadline_none", {**params, **cond_params(self.where, self.sheet)})
                out.add(table_finding(table, msg), ctx.limit)
        return out

    def _near_miss(self, table: Table, ctx: Context) -> tuple[Any, str | None] | None:
        """The first row of this school year that is the kind the condition looks for (its leading
        part met, e.g. the parents' row) but fails a later part, and the column of that part."""
        if not isinstance(self.where, AllOf) or len(self.where.items) < 2:
            return None
        parts = self.where.items
        masks = [rows_mask(p, table, ctx) for p in parts]
        year = in_school_year(ctx, table.frame[self.date_column]).fillna(False).astype(bool)
        for index in table.frame.index[(masks[0] & year).to_numpy()]:
            met = [bool(m.loc[index]) for m in masks]
            if not all(met):
                return index, first_column(parts[met.index(False)])
        return None
