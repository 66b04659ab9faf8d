"""``share`` and ``all_rows``: among the rows ``where`` selects, the share satisfying
``condition`` reaches ``min`` (overall, per group, per period; the threshold may depend on a
column's value). ``all_rows`` is the share check with every row required."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from elschool_audit.results import Msg, Status
from elschool_audit.rubric.calendar import PeriodKind
from elschool_audit.rubric.checks.evidence import (
    blame,
    blank_column,
    blank_finding,
    cond_params,
    group_key,
    key_column,
    label,
    need_table,
    needs,
    pct,
    period_labels,
    row_finding,
    rows_mask,
    table_finding,
    undecided_rows,
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
from elschool_audit.rubric.checks.parts import rooms_without_rows
from elschool_audit.rubric.describe import Words
from elschool_audit.text import OncePerText
from elschool_audit.workbook import Table
from elschool_audit.yamlfile import Invalid


class Threshold(BaseModel):
    """A minimum share that may depend on a column's value (Appendix 1: 100% for labs, 90% else)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    column: str
    values: dict[str, float]
    default: float | None = None


@dataclass
class _Work:
    """The selected rows: ``ok`` per row, their group keys, group values (to name) and threshold."""

    frame: pd.DataFrame
    keys: list[str]
    labels: dict[str, pd.Series]


@register
class ShareCheck(Check):
    """Among the rows ``where`` selects, the share satisfying ``condition`` must reach ``min``."""

    type: Literal["share", "all_rows"]
    sheet: str
    where: Cond | None = None
    condition: Cond
    min: float = Field(default=1.0, ge=0, le=1)
    min_by: Threshold | None = None
    group_by: list[str] = Field(default_factory=list)
    per: PeriodKind | None = None
    date_column: str | None = None
    empty: Literal["fail", "not_applicable"] = "fail"
    require_rooms: list[str] = Field(default_factory=list)
    """Room types (Appendix 1) the selected rows must each include when the level has the room: a
    computer lab whose computers were all deleted is a failure, not a smaller population."""

    @model_validator(mode="after")
    def _cols(self) -> ShareCheck:
        if self.type == "all_rows" and (self.min != 1.0 or self.min_by is not None):
            raise Invalid("rubric_all_rows_no_min")
        if self.per and not self.date_column:
            raise Invalid("rubric_per_needs_date_column")
        cols: dict[str, Any] = {"group_by": self.group_by, "date_column": self.date_column}
        if self.min_by:
            cols["min_by.column"] = self.min_by.column
        validate_sheet_columns(self.sheet, cols, {"where": self.where, "condition": self.condition})
        if self.min_by:
            validate_codes(self.sheet, self.min_by.column, self.min_by.values, "min_by.values")
        if self.require_rooms:
            validate_codes(self.sheet, "room_type", self.require_rooms, "require_rooms")
        return self

    def reads(self, out: Reads) -> None:
        out.add(self.sheet, *self.group_by, self.date_column, self.min_by.column if self.min_by else None)
        out.conds(self.sheet, self.where, self.condition)

    def describe(self, words: Words) -> str:
        cond = words.cond(self.sheet, self.condition)
        rows = words.rows(self.sheet, self.where)
        if self.type == "all_rows":
            return words.say("desc_all_rows", rows=rows, cond=cond)
        if self.min_by:
            parts = ", ".join(f"{k}: {words.pct(v)}" for k, v in self.min_by.values.items())
            others = words.say("desc_share_others")
            default = f"; {others}: {words.pct(self.min_by.default)}" if self.min_by.default else ""
            need = f"({parts}{default})"
        else:
            need = words.pct(self.min)
        scope = ""
        if self.group_by:
            columns = ", ".join(words.col(self.sheet, g) for g in self.group_by)
            scope += words.say("desc_per_columns", columns=columns)
        if self.per:
            scope += f" {words.period(self.per)}"
        return words.say("desc_share", cond=cond, rows=rows, need=need, scope=scope)

    # ------------------------------------------------------------ evaluation

    def _group_columns(self) -> list[str]:
        # Thresholds that differ by a column's value (100% in labs, 90% elsewhere) are judged per value:
        # one overall share against the lowest threshold would let the labs hide behind the classrooms.
        threshold_col = self.min_by.column if self.min_by else None
        return list(self.group_by) or ([threshold_col] if threshold_col else [])

    def _work(self, table: Table, ctx: Context) -> _Work:
        """The selected rows with their result, group keys (columns, then the due period) and threshold."""
        frame = table.frame
        unknown = undecided_rows(self.where, table, ctx)
        selected = rows_mask(self.where, table, ctx) | unknown
        work = pd.DataFrame({"ok": rows_mask(self.condition, table, ctx)[selected] & ~unknown[selected]})
        keys: list[str] = []
        labels: dict[str, pd.Series] = {}
        for col in self._group_columns():
            work[f"g:{col}"] = group_key(frame.loc[selected, key_column(table, col)])
            labels[col] = frame.loc[selected, col]  # named only at each group's first row (_group_labels)
            keys.append(f"g:{col}")
        if self.per and self.date_column:
            periods = ctx.calendar.periods(self.per, ctx.as_of)
            dates = frame.loc[selected, self.date_column]
            work["g:period"] = period_labels(dates, periods)
            # A failing row whose date is blank (or unreadable) still counts against the rule, in a
            # period of its own: clearing the date must not hide it. A passing one earns nothing.
            work.loc[dates.isna() & ~work["ok"], "g:period"] = "?"
            work = work[work["g:period"].notna()]
            keys.append("g:period")
        min_by = self.min_by
        if min_by:

            def threshold(v: object) -> float | None:
                return min_by.values.get(v, min_by.default) if isinstance(v, str) else min_by.default

            work["threshold"] = frame.loc[work.index, min_by.column].map(OncePerText(threshold, threshold).__getitem__)
        else:
            work["threshold"] = self.min
        return _Work(work[work["threshold"].notna()], keys, labels)

    def evaluate(self, ctx: Context) -> Outcome:
        threshold_col = self.min_by.column if self.min_by else None
        table = need_table(ctx, self.sheet, [*self._group_columns(), self.date_column, threshold_col])
        needs(table, self.where, self.condition)
        work = self._work(table, ctx)
        absent = rooms_without_rows(self.require_rooms, self.where, table, table.frame.loc[work.frame.index], ctx)
        if absent:
            out = self._judge(table, work, ctx, len(absent)) if not work.frame.empty else Outcome("fail")
            out.status = "fail"
            if out.measured is None:
                out.measured = Msg("no_rows_selected", cond_params(self.where, self.sheet))
            for finding in absent:
                out.add(finding, ctx.limit)
            return out
        if work.frame.empty:
            status: Status = "fail" if self.empty == "fail" else "not_applicable"
            out = Outcome(status, Msg("no_rows_selected", cond_params(self.where, self.sheet)))
            if status == "fail":
                out.add(table_finding(table, Msg("no_rows_selected", cond_params(self.where, self.sheet))), ctx.limit)
            return out
        return self._judge(table, work, ctx)

    def _judge(self, table: Table, work: _Work, ctx: Context, absent: int = 0) -> Outcome:
        if not work.keys:
            return self._judge_overall(table, work.frame, ctx, absent)
        return self._judge_groups(table, work, ctx)

    def _judge_overall(self, table: Table, work: pd.DataFrame, ctx: Context, absent: int = 0) -> Outcome:
        n_total = len(work) + absent  # a required room with no row counts as one row that fails
        n_ok = int(work["ok"].sum())
        share = n_ok / n_total
        threshold = float(work["threshold"].min())
        passed = share + 1e-9 >= threshold
        measured = Msg("share_measured", {"share": pct(share), "ok": n_ok, "n": n_total, "min": pct(threshold)})
        out = Outcome("pass" if passed else "fail", measured)
        if not passed:
            self._add_failed_rows(out, table, list(work.index[~work["ok"].to_numpy()]), ctx)
        return out

    def _add_failed_rows(self, out: Outcome, table: Table, rows: list[Any], ctx: Context) -> None:
        msg = Msg("row_failed", cond_params(self.condition, self.sheet))
        column_of = blame(self.condition, table, ctx)
        undecided: set[Any] = (
            set(table.frame.index[undecided_rows(self.where, table, ctx).to_numpy()]) if rows else set()
        )
        for idx in rows:
            if idx in undecided:
                out.add(blank_finding(table, idx, blank_column(self.where, table, idx)), ctx.limit)
            else:
                out.add(row_finding(table, idx, column_of(idx), msg), ctx.limit)

    def _judge_groups(self, table: Table, work: _Work, ctx: Context) -> Outcome:
        """One finding per group below its threshold (at the group's first row), then its failing rows."""
        grouped = work.frame.groupby(work.keys, dropna=False, sort=False)
        # three plain reductions: named aggregation spent more on its spec than on the sums
        summary = pd.DataFrame(
            {"ok": grouped["ok"].sum(), "n": grouped.size(), "threshold": grouped["threshold"].first()}
        )
        summary["share"] = summary["ok"] / summary["n"]
        failing = summary[summary["share"] + 1e-9 < summary["threshold"]]
        share = pct(int(work.frame["ok"].sum()) / len(work.frame))
        measured = Msg("groups_measured", {"ok": len(summary) - len(failing), "n": len(summary), "share": share})
        out = Outcome("pass" if failing.empty else "fail", measured)
        label_of = self._group_labels(grouped.head(1), work)
        bad_rows: list[Any] = []
        for key, row in failing.iterrows():
            key_any: Any = key
            key_t: tuple[Any, ...] = key_any if isinstance(key_any, tuple) else (key_any,)
            members = grouped.get_group(key_t)
            params = {
                "group": label_of.get(key_t, str(key_t)),
                "share": pct(float(row["share"])),
                "ok": int(row["ok"]),
                "n": int(row["n"]),
                "min": pct(float(row["threshold"])),
            }
            out.add(row_finding(table, members.index[0], None, Msg("group_share_low", params)), ctx.limit)
            bad_rows.extend(members.index[~members["ok"].to_numpy()])
        self._add_failed_rows(out, table, bad_rows, ctx)
        return out

    def _group_labels(self, first_rows: pd.DataFrame, work: _Work) -> dict[Any, str]:
        """Group key → "value · value · period", in the school's words."""
        # whole columns at once: a scalar ``.loc`` per group and column cost more than the grouping
        index = first_rows.index
        shown: list[list[Any]] = []
        for c in self._group_columns():
            name = functools.partial(label, self.sheet, c)
            shown.append(list(map(OncePerText(name, name).__getitem__, work.labels[c].loc[index].tolist())))
        if "g:period" in work.keys:
            shown.append(first_rows["g:period"].tolist())
        keys = zip(*(first_rows[k].tolist() for k in work.keys), strict=True)
        parts = zip(*shown, strict=True)
        return {key: " · ".join(map(str, words)) for key, words in zip(keys, parts, strict=True)}
