"""What an audit produces: immutable records every report format is rendered from.

Messages are kept as a catalogue key plus parameters (``Msg``), not as text, so the same result
renders in Vietnamese or English and reports never re-compute anything.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["pass", "fail", "waived", "not_applicable", "error", "info"]
STATUSES: tuple[Status, ...] = ("pass", "fail", "error", "waived", "not_applicable", "info")


@dataclass(frozen=True)
class Msg:
    """A message to render through ``i18n.render``: catalogue key + parameters."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Location:
    """Where something is, as a person finds it: any subset of the fields may be known.

    The one shape for every located thing (a finding, a data problem, a lint item, an error): a
    cell is its ``letter`` and the ``header`` the school typed above it (shown together as
    ``column``, "G (Phần mềm diệt virus)"), ``link`` a URL a person can open (the Drive file),
    ``line``/``field`` a place in a YAML file. A column the tab does not have, whose values the
    parser took from names or a mapping file, has its column's name as ``header`` and ``origin``
    saying where the values came from (a ``sheets.context.ORIGINS`` key): reports add that in
    their own language (``i18n.shown_column``), so the header is never text in one language only.
    """

    file: str | None = None
    tab: str | None = None
    row: int | None = None
    letter: str | None = None
    header: str | None = None
    value: str | None = None
    line: int | None = None
    field: str | None = None
    link: str | None = None
    origin: str | None = None

    @property
    def column(self) -> str | None:
        """The column as code compares it: "G (Phần mềm diệt virus)", or the header (a roster field,
        a column the tab lacks) or the letter alone when only one is known. Without ``origin``:
        what a person reads is ``i18n.shown_column``."""
        if self.letter and self.header is not None:
            return f"{self.letter} ({self.header})"
        return self.header if self.header is not None else self.letter


NOWHERE = Location()


@dataclass(frozen=True)
class Finding:
    """One piece of evidence behind a result: what is wrong and exactly where a person can see it."""

    message: Msg
    location: Location = NOWHERE


@dataclass(frozen=True)
class RuleResult:
    rule_id: str
    section: str
    status: Status
    points_earned: float
    points_possible: float
    measured: Msg | None = None
    findings: tuple[Finding, ...] = ()
    findings_total: int = 0
    """How many findings there were before the list was capped for readability."""
    note: Msg | None = None
    bonus: bool = False
    unwaived: tuple[Status, float, float] | None = None
    """For a waived rule: (status, earned, possible) had it not been waived (the score before waivers)."""
    assumed: tuple[str, ...] = ()
    """For a pass: the ``sheet.column`` values it read that were all assumed from names, none read."""
    waiver_expires: dt.date | None = None
    """The expiry of the waiver that waives this rule, or of the one that expired (its ``note`` says
    which): reports warn about waivers that end soon and show expired ones."""


@dataclass(frozen=True)
class SectionScore:
    section: str
    earned: float
    possible: float

    @property
    def ratio(self) -> float | None:
        return self.earned / self.possible if self.possible else None


@dataclass(frozen=True)
class ComponentScore:
    """A part of the model that must pass on its own (``rubric.model.Component``)."""

    component: str
    earned: float
    possible: float
    pass_mark: float

    @property
    def ratio(self) -> float | None:
        return self.earned / self.possible if self.possible else None

    @property
    def passed(self) -> bool:
        """Nothing that applies is nothing to fail."""
        ratio = self.ratio
        return ratio is None or ratio + 1e-9 >= self.pass_mark


Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True)
class DataProblem:
    """A problem with the input itself (unreadable value, missing column, unrecognised tab): what a
    person should fix and where. Sources produce them (``Workbook.problems``) and the
    engine hands them to the reports as they are."""

    severity: Severity
    code: str
    params: dict[str, Any]
    location: Location = NOWHERE

    @property
    def message(self) -> Msg:
        return Msg(self.code, self.params)


@dataclass(frozen=True)
class SchoolResult:
    school_id: str
    school_name: str
    level: str
    profile: str
    pilot: bool
    clc: bool
    as_of: dt.date
    rubric_id: str
    rubric_hash: str
    results: tuple[RuleResult, ...]
    sections: tuple[SectionScore, ...]
    earned: float
    possible: float
    bonus: float
    pass_mark: float
    problems: tuple[DataProblem, ...] = ()
    source: str = ""
    error: Msg | None = None
    """Set when the school could not be audited at all (its folder could not be read)."""
    components: tuple[ComponentScore, ...] = ()

    @property
    def score(self) -> float | None:
        """Share of applicable points earned, bonus excluded: bonus is shown beside it, never
        decides pass or fail (encouraged software cannot lift a school over the pass mark)."""
        if self.error is not None or not self.possible:
            return None
        return self.earned / self.possible

    @property
    def score_with_bonus(self) -> float | None:
        """The score with bonus points added (capped at 1): information, not the verdict."""
        if self.error is not None or not self.possible:
            return None
        return min(1.0, (self.earned + self.bonus) / self.possible)

    @property
    def score_before_waivers(self) -> float | None:
        """The score had no rule been waived: waived rules counted as their checks found them."""
        if self.error is not None:
            return None
        earned = possible = 0.0
        for r in self.results:
            if r.bonus:
                continue
            e, p = (
                (r.unwaived[1], r.unwaived[2])
                if r.status == "waived" and r.unwaived
                else (r.points_earned, r.points_possible)
            )
            earned += e
            possible += p
        return earned / possible if possible else None

    @property
    def waived(self) -> int:
        return sum(1 for r in self.results if r.status == "waived")

    @property
    def components_failed(self) -> list[ComponentScore]:
        return [c for c in self.components if not c.passed]

    @property
    def meets_standard(self) -> bool:
        """'Đạt chuẩn': the score (bonus excluded) reaches the pass mark and every component passes."""
        score = self.score
        return score is not None and score + 1e-9 >= self.pass_mark and not self.components_failed

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {s: 0 for s in STATUSES}
        for r in self.results:
            out[r.status] += 1
        return out


@dataclass(frozen=True)
class DistrictResult:
    district: str
    as_of: dt.date
    rubric_id: str
    rubric_hash: str
    schools: tuple[SchoolResult, ...]

    @property
    def audited(self) -> list[SchoolResult]:
        return [s for s in self.schools if s.error is None]

    @property
    def failed_to_audit(self) -> list[SchoolResult]:
        return [s for s in self.schools if s.error is not None]
