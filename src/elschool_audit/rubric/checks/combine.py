"""``all`` and ``any``: checks that combine others (a usage log *and* a monthly evaluation; two
internet lines *or* a backup plan)."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Literal

from pydantic import Field

from elschool_audit.i18n import Lang, label
from elschool_audit.results import Msg
from elschool_audit.rubric.checks.interface import Check, Context, Outcome, Reads, register, run_check
from elschool_audit.rubric.describe import Words

if TYPE_CHECKING:
    from elschool_audit.rubric.checks import AnyCheck


def _merge_findings(out: Outcome, outcomes: list[Outcome], limit: int) -> None:
    """Every part's findings, still capped at ``limit``, with the parts' uncounted ones counted."""
    for o in outcomes:
        out.total += o.total - len(o.findings)
        for f in o.findings:
            out.add(f, limit)


def _joined(outcomes: list[Outcome]) -> Msg:
    return Msg("joined", {"parts": [o.measured for o in outcomes if o.measured is not None]})


class _Combined(Check):
    """What ``all`` and ``any`` share: their parts, the sheets and columns the parts read, and a
    description joining the parts' own ("…; và …" / "…; hoặc …")."""

    checks: list[AnyCheck] = Field(min_length=2)
    joiner: ClassVar[str] = "and"

    def sheets(self) -> list[str]:
        return [s for c in self.checks for s in c.sheets()]

    def reads(self, out: Reads) -> None:
        for sub in self.checks:
            sub.reads(out)

    def describe(self, words: Words) -> str:
        lang: Lang = "en" if words.lang == "en" else "vi"
        return f"; {label(self.joiner, lang)} ".join(c.describe(words) for c in self.checks)


@register
class AllChecks(_Combined):
    """Several checks that must all pass (e.g. a usage log *and* a monthly evaluation)."""

    type: Literal["all"]

    def evaluate(self, ctx: Context) -> Outcome:
        outcomes = [run_check(c, ctx) for c in self.checks]
        statuses = [o.status for o in outcomes]
        out = Outcome("pass", _joined(outcomes))
        if "error" in statuses:
            out.status = "error"
        elif "fail" in statuses:
            out.status = "fail"
        elif all(s == "not_applicable" for s in statuses):
            out.status = "not_applicable"
        _merge_findings(out, outcomes, ctx.limit)
        return out


@register
class AnyChecks(_Combined):
    """Alternative evidence: one passing check is enough (two internet lines, or a backup plan)."""

    type: Literal["any"]
    joiner: ClassVar[str] = "or"

    def evaluate(self, ctx: Context) -> Outcome:
        outcomes = [run_check(c, ctx) for c in self.checks]
        statuses = [o.status for o in outcomes]
        if "pass" in statuses:
            return Outcome("pass", _joined(outcomes))
        out = Outcome("fail", _joined(outcomes))
        if "fail" not in statuses:
            # No alternative was judged: unreadable evidence is an error even beside a not-yet-due one.
            out.status = "error" if "error" in statuses else "not_applicable"
        _merge_findings(out, outcomes, ctx.limit)
        return out
