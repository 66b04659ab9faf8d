"""Run audits: one school, or every school of a roster, isolating each school's failures.

A school whose folder cannot be read becomes a result with ``error`` set; the others are still
audited. The exit code the CLI derives from these results says what happened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from elschool_audit.engine import evaluate
from elschool_audit.errors import SourceError
from elschool_audit.results import DistrictResult, Msg, SchoolResult
from elschool_audit.roster import Profile, Roster, School
from elschool_audit.rubric.loader import LoadedRubric
from elschool_audit.rubric.model import Waiver
from elschool_audit.sources.interface import Source

EXIT_OK = 0
EXIT_BELOW_STANDARD = 1
EXIT_INCOMPLETE = 2


def audit_school(
    loaded: LoadedRubric,
    school: School,
    source: Source,
    as_of: dt.date,
    *,
    profile: Profile | None = None,
    waivers: Iterable[Waiver] = (),
) -> SchoolResult:
    where = source.describe(school)
    try:
        workbook = source.collect(school)
    except SourceError as exc:
        return SchoolResult(
            school_id=school.id,
            school_name=school.name,
            level=school.level,
            profile=profile or school.profile,
            pilot=school.pilot,
            clc=school.clc,
            as_of=as_of,
            rubric_id=loaded.rubric.id,
            rubric_hash=loaded.hash,
            results=(),
            sections=(),
            earned=0.0,
            possible=0.0,
            bonus=0.0,
            pass_mark=loaded.rubric.pass_mark,
            source=where,
            error=Msg("school_unreadable", {"reason": str(exc)}),
        )
    return evaluate(
        loaded.rubric,
        school,
        workbook,
        as_of,
        profile=profile,
        waivers=waivers,
        rubric_hash=loaded.hash,
        source=where,
    )


def audit_district(
    loaded: LoadedRubric,
    roster: Roster,
    source: Source,
    as_of: dt.date,
    *,
    schools: Iterable[School] | None = None,
    waivers: Iterable[Waiver] = (),
    progress: Callable[[School], None] | None = None,
    profile: Profile | None = None,
) -> DistrictResult:
    """Audit schools one at a time (bounded memory), in roster order.

    The source's ``prepare(schools)`` is handed the whole list first, so a remote source (Drive)
    can list every school's folder in a few shared calls instead of one per school.
    """
    waivers = list(waivers)
    results = []
    todo = list(schools if schools is not None else roster.schools)
    source.prepare(todo)
    for school in todo:
        if progress is not None:
            progress(school)
        results.append(audit_school(loaded, school, source, as_of, waivers=waivers, profile=profile))
    return DistrictResult(roster.district, as_of, loaded.rubric.id, loaded.hash, tuple(results))


def under(results: Iterable[SchoolResult], fail_under: float) -> list[SchoolResult]:
    """Schools scoring under ``fail_under`` percent (an unscored school counts as under it)."""
    return [r for r in results if r.error is None and (r.score or 0.0) * 100 + 1e-9 < fail_under]


def exit_code(results: Iterable[SchoolResult], fail_under: float | None = None) -> int:
    """0: every school meets the standard; 1: some do not; 2: some could not be (fully) audited — a
    school unreadable, a file unreadable, or a rule that could not be checked (a missing sheet or
    column): a verdict built on missing evidence must not look like an ordinary pass or fail.

    With ``fail_under`` the district's own threshold replaces the rubric's pass mark for the exit
    code, looser or stricter: exit 1 exactly when some school scores under it."""
    results = list(results)
    incomplete = any(
        r.error is not None
        or any(p.message.key == "file_unreadable" for p in r.problems)
        or any(x.status == "error" for x in r.results)  # a rule that could not be checked
        for r in results
    )
    if incomplete:
        return EXIT_INCOMPLETE
    if fail_under is not None:
        return EXIT_BELOW_STANDARD if under(results, fail_under) else EXIT_OK
    return EXIT_OK if all(r.meets_standard for r in results) else EXIT_BELOW_STANDARD
