"""Evaluate one school against a rubric: pure (no I/O, no printing), so it is easy to test and reuse.

Scoring (docs/rubric.md, "The scoring model"): a rule that applies earns its points when it passes
and none when it fails or cannot be checked (``error``: missing records never pass silently).
Waived and not-applicable rules leave the possible points (a waived rule is still checked, so the
report can show the score before waivers); bonus points are counted and shown beside the score but
never enter it; informational rules are shown and not scored. The school meets the standard ("đạt
chuẩn") when earned ÷ possible reaches the rubric's pass mark and every component the rubric marks
as must-pass (the partial model's parts) reaches its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from functools import partial

import pandas as pd

from elschool_audit.errors import ConfigError
from elschool_audit.i18n import each_language, label, shown_date
from elschool_audit.results import (
    ComponentScore,
    DataProblem,
    Finding,
    Msg,
    RuleResult,
    SchoolResult,
    SectionScore,
)
from elschool_audit.roster import Profile, School
from elschool_audit.rubric.calendar import parse_month_day
from elschool_audit.rubric.checks import Check, Context, Outcome, Reads, run_check
from elschool_audit.rubric.model import Rubric, Rule, Waiver
from elschool_audit.sheets.kinds import catalogue
from elschool_audit.workbook import ROW, SRC, Table, Workbook


def applicability(rule: Rule, school: School, profile: Profile, as_of: dt.date, rubric: Rubric) -> Msg | None:
    """Why the rule does not apply to this school (None when it does)."""
    if school.level not in rule.levels:
        return Msg("na_level", {"level": school.level})
    if profile not in rule.profiles:
        words = each_language("profile", partial(label, f"profile_word_{profile}"))
        return Msg("na_profile", {"profile": profile, **words})
    if profile == "partial" and rule.partial_levels is not None and school.level not in rule.partial_levels:
        return Msg("na_partial_level", {"level": school.level})
    if rule.pilot_only and not school.pilot:
        return Msg("na_pilot", {})
    if rule.clc_only and not school.clc:
        return Msg("na_clc", {})
    if rule.due is not None:
        due = rubric.calendar.date_in_year(rule.due, as_of)
        if as_of <= due:  # the school has until the day's end: the audit date's day is still pending
            return Msg("na_due", {"due": shown_date(due)})
    return None


def _active_waiver(
    rule: Rule, school: School, waivers: Iterable[Waiver], as_of: dt.date
) -> tuple[Waiver | None, Waiver | None]:
    """(active waiver, expired waiver) for this school and rule."""
    active = expired = None
    for w in waivers:
        if w.school != school.id or w.rule.upper() != rule.id:
            continue
        if w.expires is None or w.expires >= as_of:
            active = w
        else:
            expired = w
    return active, expired


def require_school_year(rubric: Rubric, as_of: dt.date) -> None:
    """Refuse an audit date outside the rubric's school year: its dated rules (Appendix 2 months,
    deadlines, breaks) would judge the wrong year, so there is no verdict to give."""
    bounds = rubric.calendar.year_bounds()
    if bounds is None or bounds[0] <= as_of <= bounds[1]:
        return
    params = {
        "as_of": shown_date(as_of),
        "first": shown_date(bounds[0]),
        "last": shown_date(bounds[1]),
    }
    raise ConfigError(Msg("as_of_outside_year", params))


def evaluate(
    rubric: Rubric,
    school: School,
    workbook: Workbook,
    as_of: dt.date,
    *,
    profile: Profile | None = None,
    waivers: Iterable[Waiver] = (),
    rubric_hash: str = "",
    source: str = "",
) -> SchoolResult:
    require_school_year(rubric, as_of)
    profile = profile or school.profile
    waivers = list(waivers)
    ctx = Context(
        school=school,
        workbook=as_of_view(workbook, as_of),
        as_of=as_of,
        calendar=rubric.calendar,
        limit=rubric.findings_limit,
        level_rooms=rubric.level_rooms(school.level, school.clc),
    )
    results: list[RuleResult] = []
    for section, rule in rubric.rules():
        results.append(_evaluate_rule(rubric, section.id, rule, school, profile, as_of, waivers, ctx))

    sections: list[SectionScore] = []
    for section in rubric.sections:
        mine = [r for r in results if r.section == section.id]
        sections.append(
            SectionScore(
                section.id,
                earned=sum(r.points_earned for r in mine if not r.bonus),
                possible=sum(r.points_possible for r in mine),
            )
        )
    problems = (*workbook.problems, *_rooms_not_for_level(school, workbook, rubric))
    return SchoolResult(
        school_id=school.id,
        school_name=school.name,
        level=school.level,
        profile=profile,
        pilot=school.pilot,
        clc=school.clc,
        as_of=as_of,
        rubric_id=rubric.id,
        rubric_hash=rubric_hash,
        results=tuple(results),
        sections=tuple(sections),
        earned=sum(s.earned for s in sections),
        possible=sum(s.possible for s in sections),
        bonus=sum(r.points_earned for r in results if r.bonus),
        pass_mark=rubric.pass_mark,
        problems=problems,
        source=source,
        components=_components(rubric, school, profile, results),
    )


def as_of_view(workbook: Workbook, as_of: dt.date) -> Workbook:
    """The records as they stood on the audit date: a log row (usage, post, session, training…)
    dated after it never counts, for or against the school. Rows are logs when their sheet kind
    requires a date; inventories (devices, software checklist) are kept whole."""
    cat = catalogue()
    tables: dict[str, Table] = {}
    limit = pd.Timestamp(as_of)
    for name, table in workbook.tables.items():
        kind = cat.kinds.get(name)
        dates = [
            c.name
            for c in (kind.columns.values() if kind else [])
            if c.required and c.type in ("date", "month") and c.name in table.frame.columns
        ]
        if not dates:
            tables[name] = table
            continue
        col = table.frame[dates[0]]
        later = pd.to_datetime(col, errors="coerce") > limit
        tables[name] = Table(table.kind, table.frame[~later.fillna(False).astype(bool)], table.sources)
    return Workbook(tables=tables, files=workbook.files, problems=workbook.problems)


def _components(
    rubric: Rubric, school: School, profile: Profile, results: list[RuleResult]
) -> tuple[ComponentScore, ...]:
    """The must-pass parts that apply to this school's level and model, each scored on its own rules."""
    out = []
    for comp in rubric.components:
        if school.level not in comp.levels or profile not in comp.profiles:
            continue
        mine = [r for r in results if comp.covers(r.section, r.rule_id) and not r.bonus]
        out.append(
            ComponentScore(
                comp.id,
                earned=sum(r.points_earned for r in mine),
                possible=sum(r.points_possible for r in mine),
                pass_mark=comp.pass_mark if comp.pass_mark is not None else rubric.pass_mark,
            )
        )
    return tuple(out)


def _evaluate_rule(
    rubric: Rubric,
    section: str,
    rule: Rule,
    school: School,
    profile: Profile,
    as_of: dt.date,
    waivers: list[Waiver],
    ctx: Context,
) -> RuleResult:
    reason = applicability(rule, school, profile, as_of, rubric)
    if reason is not None:
        return RuleResult(rule.id, section, "not_applicable", 0.0, 0.0, note=reason, bonus=rule.bonus)
    active, expired = _active_waiver(rule, school, waivers, as_of)
    result = _checked(section, rule, ctx, expired, profile)
    if active is None and expired is not None:
        return replace(result, waiver_expires=expired.expires)
    if active is not None:
        waived = (
            Msg("waived", {"reason": active.reason, "expires": shown_date(active.expires)})
            if active.expires
            else Msg("waived_open", {"reason": active.reason})
        )
        unwaived = (result.status, result.points_earned, result.points_possible)
        return RuleResult(
            rule.id,
            section,
            "waived",
            0.0,
            0.0,
            note=waived,
            bonus=rule.bonus,
            unwaived=unwaived,
            waiver_expires=active.expires,
        )
    return result


def _checked(section: str, rule: Rule, ctx: Context, expired: Waiver | None, profile: Profile) -> RuleResult:
    """Run the rule's check (its partial-model scope for a partial school) and score it (what it
    earns when not waived)."""
    try:
        outcome = run_check(rule.check_for(profile), ctx)
    except Exception as exc:  # a bug in a check must not lose the other rules or schools
        outcome = Outcome("error", Msg("internal_error", {"error": f"{type(exc).__name__}: {exc}"}))
        outcome.add(Finding(outcome.measured or Msg("internal_error", {})), 1)
    note = None
    if expired is not None and expired.expires is not None:
        note = Msg(
            "waiver_expired",
            {"expires": shown_date(expired.expires), "reason": expired.reason},
        )
    status = outcome.status
    if rule.informational:
        earned = possible = 0.0
        if status in ("pass", "fail"):
            status = "info"
    elif status == "not_applicable":
        earned = possible = 0.0
    elif rule.bonus:
        # Encouraged, not required: missing a bonus is information for the school, never a failure.
        possible = 0.0
        earned = rule.points if status == "pass" else 0.0
        if status == "fail":
            status = "info"
    else:
        possible = rule.points
        earned = rule.points if status == "pass" else 0.0
    return RuleResult(
        rule.id,
        section,
        status,
        earned,
        possible,
        measured=outcome.measured,
        findings=tuple(outcome.findings),
        findings_total=outcome.total,
        note=note,
        bonus=rule.bonus,
        assumed=_assumed_reads(rule.check, ctx.workbook) if status == "pass" else (),
    )


def _assumed_reads(check: Check, workbook: Workbook) -> tuple[str, ...]:
    """The columns this check reads that no tab had and every contributing tab had assumed from
    names: a pass resting on them rests on guesses, and the report must say so at rule level."""
    reads = Reads()
    try:
        check.reads(reads)
    except NotImplementedError:
        return ()
    out: list[str] = []
    for sheet, columns in reads.sheets.items():
        table = workbook.table(sheet)
        if table is None:
            continue
        for column in columns:
            assumed = any(column in s.assumed for s in table.sources)
            if assumed and not any(s.columns.get(column) for s in table.sources):  # "" = no letter: not read
                out.append(f"{sheet}.{column}")
    return tuple(out)


def _rooms_not_for_level(school: School, workbook: Workbook, rubric: Rubric) -> list[DataProblem]:
    """Appendix 1 says which levels have which rooms: a preschool's "Phòng bộ môn Hóa" is most likely
    a misnamed room, and its rules would judge it by the wrong threshold. A note, per room."""
    table = workbook.table("devices")
    cat = catalogue()
    if table is None or "room_type" not in table.frame.columns or not rubric.room_types:
        return []
    out = []
    frame = table.frame.drop_duplicates("room")
    for _, row in frame.iterrows():
        code = row["room_type"]
        room = rubric.room_types.get(code) if isinstance(code, str) else None
        levels = room.levels if room else None
        if levels and school.level not in levels:
            out.append(
                DataProblem(
                    "note",
                    "room_not_for_level",
                    {"room": row["room"], "type": cat.enums["room_type"].label(code), "level": school.level},
                    table.sources[int(row[SRC])].location(row=int(row[ROW]), column="room", value=row["room"]),
                )
            )
    return out


def month_end(month: str) -> dt.date:
    """'2016-11' → 2016-11-30: the as-of date of a monthly audit."""
    year, mon = (int(x) for x in month.split("-"))
    if not 1 <= mon <= 12:
        raise ValueError(f"no month {mon}")
    nxt = dt.date(year + (mon == 12), mon % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


__all__ = ["applicability", "evaluate", "month_end", "parse_month_day", "require_school_year"]
