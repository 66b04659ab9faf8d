"""``presence``: at least ``min_rows`` rows of a sheet (that ``where`` selects) exist."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from elschool_audit.i18n import each_language, label
from elschool_audit.results import Finding, Msg
from elschool_audit.rubric.checks.evidence import cond_params, needs, rows_mask, sheet_missing, table_finding
from elschool_audit.rubric.checks.interface import (
    Check,
    Cond,
    Context,
    Outcome,
    Reads,
    register,
    validate_sheet_columns,
)
from elschool_audit.rubric.describe import Words


@register
class PresenceCheck(Check):
    type: Literal["presence"]
    sheet: str
    where: Cond | None = None
    min_rows: int = Field(default=1, ge=0)
    """0: the tab itself is the evidence, even empty (a log with nothing to log is kept)."""

    @model_validator(mode="after")
    def _cols(self) -> PresenceCheck:
        validate_sheet_columns(self.sheet, {}, {"where": self.where})
        return self

    def reads(self, out: Reads) -> None:
        out.add(self.sheet)
        out.conds(self.sheet, self.where)

    def describe(self, words: Words) -> str:
        return words.say("desc_presence", min=self.min_rows, rows=words.rows(self.sheet, self.where))

    def evaluate(self, ctx: Context) -> Outcome:
        table = ctx.workbook.table(self.sheet)
        if table is None:
            out = Outcome("fail", Msg("rows_count", {"n": 0}))
            out.add(Finding(sheet_missing(self.sheet)), ctx.limit)
            return out
        needs(table, self.where)
        n = int(rows_mask(self.where, table, ctx).sum())
        if n >= self.min_rows:
            return Outcome("pass", Msg("rows_count", {"n": n}))
        out = Outcome("fail", Msg("rows_count", {"n": n}))
        msg = Msg("too_few_rows", {"n": n, "min": self.min_rows, **_rows_phrase(n, self.where, self.sheet)})
        out.add(table_finding(table, msg), ctx.limit)
        return out


def _rows_phrase(n: int, where: Cond | None, sheet: str) -> dict[str, Any]:
    """'Chỉ có 1 dòng (…)' / 'Không có dòng nào': never "Chỉ có 0 dòng (mọi dòng)"."""
    cond = cond_params(where, sheet)
    key = "desc_rows_only_one" if n == 1 else "desc_rows_only" if n else "desc_rows_none"
    return {
        **cond,
        **each_language("count", lambda lang: label(key, lang, n=n)),
        "where_vi": f" ({cond['cond_vi']})" if where is not None else "",
        "where_en": f" ({cond['cond_en']})" if where is not None else "",
    }
