"""``checklist``: self-check items (what no log can show) are marked met, optionally with evidence."""

from __future__ import annotations

from typing import Literal

import pandas as pd
from pydantic import Field

from elschool_audit.results import Msg
from elschool_audit.rubric.checks.evidence import cell, need_table, row_finding, table_finding
from elschool_audit.rubric.checks.interface import Check, Context, Outcome, Reads, register
from elschool_audit.rubric.describe import Words
from elschool_audit.text import fold


@register
class ChecklistCheck(Check):
    """Self-check items (what no log can show) must be marked met, optionally with evidence."""

    type: Literal["checklist"]
    items: list[str] = Field(min_length=1)
    require_evidence: bool = False

    def sheets(self) -> list[str]:
        return ["checklist"]

    def reads(self, out: Reads) -> None:
        out.add("checklist", "item", "met", "evidence" if self.require_evidence else None)

    def describe(self, words: Words) -> str:
        items = ", ".join(self.items)
        evidence = words.say("desc_checklist_evidence") if self.require_evidence else ""
        return words.say("desc_checklist", items=items, evidence=evidence)

    def evaluate(self, ctx: Context) -> Outcome:
        table = need_table(ctx, "checklist", ["item", "met"] + (["evidence"] if self.require_evidence else []))
        frame = table.frame
        keys = frame["item"].map(lambda v: fold(v) if isinstance(v, str) else None)
        out = Outcome("pass")
        ok = 0
        for item in self.items:
            rows = frame.index[(keys == fold(item)).to_numpy()]
            if len(rows) == 0:
                out.add(table_finding(table, Msg("checklist_missing", {"item": item})), ctx.limit)
                continue
            idx = rows[-1]
            met = frame.loc[idx, "met"]
            if met is pd.NA or not bool(met):
                out.add(row_finding(table, idx, "met", Msg("checklist_not_met", {"item": item})), ctx.limit)
                continue
            if self.require_evidence and not cell(frame.loc[idx, "evidence"]):
                msg = Msg("checklist_no_evidence", {"item": item})
                out.add(row_finding(table, idx, "evidence", msg), ctx.limit)
                continue
            ok += 1
        out.status = "pass" if ok == len(self.items) else "fail"
        out.measured = Msg("coverage_measured", {"ok": ok, "n": len(self.items)})
        return out
