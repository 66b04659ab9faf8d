"""The one records layer every report format is fed from.

Results become plain, ordered dictionaries here (the documented JSON shape,
docs/report-schema.json), rendered in one language. Formats only lay these records out; none of
them re-computes a score or re-words a message.
"""

from __future__ import annotations

from typing import Final, Literal

from elschool_audit import __version__
from elschool_audit.i18n import Lang, label, render, shown_column, shown_date
from elschool_audit.reports.cells import level_name
from elschool_audit.reports.shapes import (
    ComponentRecord,
    Counts,
    DistrictReport,
    DistrictSummary,
    Envelope,
    FindingRecord,
    LevelStats,
    ProblemRecord,
    RankedSchool,
    RuleRecord,
    SchoolRecord,
    SchoolReport,
    SharingRecord,
    WaiverNotice,
)
from elschool_audit.results import DataProblem, DistrictResult, Finding, RuleResult, SchoolResult
from elschool_audit.rubric.model import Rubric
from elschool_audit.sheets.kinds import catalogue

SCHEMA: Final = "elschool-audit/report"
SCHEMA_VERSION: Final = 1


def counts(s: SchoolResult) -> Counts:
    """Rules by status, in the report's fixed order."""
    c = s.counts()
    return {
        "pass": c["pass"],
        "fail": c["fail"],
        "error": c["error"],
        "waived": c["waived"],
        "not_applicable": c["not_applicable"],
        "info": c["info"],
    }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)


def finding_record(f: Finding, lang: Lang) -> FindingRecord:
    where = f.location
    return {
        "message": render(f.message, lang),
        "file": where.file,
        "tab": where.tab,
        "row": where.row,
        "column": shown_column(where, lang),
        "value": where.value,
        "link": where.link,
    }


def problem_record(p: DataProblem, lang: Lang) -> ProblemRecord:
    where = p.location
    record: ProblemRecord = {
        "severity": p.severity,
        "code": p.code,
        "message": render(p.message, lang),
        "file": where.file,
        "tab": where.tab,
        "row": where.row,
        "column": shown_column(where, lang),
        "value": where.value,
    }
    if where.link:
        record["link"] = where.link  # a Drive file: local reports keep their shape
    return record


def assumed_columns(r: RuleResult, lang: Lang) -> list[str]:
    """The assumed columns a pass rests on, named as the school's books name them ("Phòng")."""
    kinds = catalogue().kinds
    out = []
    for ref in r.assumed:
        sheet, _, column = ref.partition(".")
        col = kinds[sheet].columns.get(column) if sheet in kinds else None
        out.append((col.vi if lang == "vi" else col.en) if col is not None else column)
    return out


def rule_record(r: RuleResult, rubric: Rubric, lang: Lang) -> RuleRecord:
    found = rubric.rule(r.rule_id)
    rule = found[1] if found else None
    assumed = assumed_columns(r, lang) if r.status == "pass" else []
    status_label = label(r.status, lang)
    if assumed:
        status_label = label("pass_assumed", lang, columns=", ".join(assumed))
    record: RuleRecord = {
        "id": r.rule_id,
        "section": r.section,
        "clause": rule.clause if rule else None,
        "title": rule.title.get(lang) if rule else r.rule_id,
        "check": rule.check.type if rule else None,
        "explain": rule.explain.get(lang) if rule and rule.explain else None,
        "points": rule.points if rule else r.points_possible,
        "status": r.status,
        "status_label": status_label,
        "points_earned": r.points_earned,
        "points_possible": r.points_possible,
        "bonus": r.bonus,
        "measured": render(r.measured, lang) if r.measured else None,
        "note": render(r.note, lang) if r.note else None,
        "findings_total": r.findings_total,
        "findings": [finding_record(f, lang) for f in r.findings],
    }
    if assumed:
        record["assumed"] = assumed  # only when a pass rests on guesses: older reports keep their shape
    return record


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{x * 100:.1f}%"


def component_records(s: SchoolResult, rubric: Rubric, lang: Lang) -> list[ComponentRecord]:
    titles = {c.id: c.title.get(lang) for c in rubric.components}
    return [
        {
            "id": c.component,
            "title": titles.get(c.component, c.component),
            "earned": c.earned,
            "possible": c.possible,
            "score": _round(c.ratio),
            "pass_mark": c.pass_mark,
            "passed": c.passed,
        }
        for c in s.components
    ]


def scoring_text(s: SchoolResult, rubric: Rubric, lang: Lang) -> str:
    """The scoring model in one sentence, shown beside the score in every format."""
    parts = [c.title.get(lang) for c in rubric.components if c.id in {x.component for x in s.components}]
    components = label("scoring_components", lang, parts=", ".join(parts)) if parts else ""
    profile = label(f"scoring_profile_{s.profile}", lang) if s.profile in ("full", "partial") else s.profile
    return label("scoring_model", lang, profile=profile, pass_mark=_pct(s.pass_mark), components=components)


def waivers_text(s: SchoolResult, lang: Lang) -> str | None:
    """'Before waivers: 75.0% · after waivers: 81.0% (2 rules waived)', or None when nothing is waived."""
    if not s.waived:
        return None
    return label("score_waivers", lang, before=_pct(s.score_before_waivers), after=_pct(s.score), n=s.waived)


WAIVER_WARN_DAYS = 30
"""A waiver ending within this many days of the audit date is announced in the report, so the
school fixes the finding (or the district renews the waiver) before the rule counts again."""


def waiver_notices(s: SchoolResult, lang: Lang) -> list[WaiverNotice]:
    """Waivers that expired (the rule is scored again) or expire within ``WAIVER_WARN_DAYS``."""
    out: list[WaiverNotice] = []
    for r in s.results:
        if r.waiver_expires is None:
            continue
        days = (r.waiver_expires - s.as_of).days
        if r.status == "waived" and days > WAIVER_WARN_DAYS:
            continue
        kind: Literal["expiring", "expired"] = "expiring" if r.status == "waived" else "expired"
        date = shown_date(r.waiver_expires)
        out.append(
            {
                "rule": r.rule_id,
                "kind": kind,
                "expires": r.waiver_expires.isoformat(),
                "text": label(f"waiver_notice_{kind}", lang, rule=r.rule_id, date=date, days=days),
            }
        )
    return out


def score_notes(rec: SchoolRecord, lang: Lang) -> list[str]:
    """The lines every format prints under a school's score: the scoring model, the score before
    and after waivers (when any rule is waived), waivers expired or ending soon, and each
    must-pass part that is not met."""
    scoring = rec["scoring"]
    lines = [scoring["text"]]
    if scoring["waivers_text"]:
        lines.append(scoring["waivers_text"])
    lines.extend(n["text"] for n in scoring.get("waiver_notices", []))
    for c in scoring["components"]:
        if not c["passed"]:
            lines.append(
                label("component_failed", lang, title=c["title"], score=_pct(c["score"]), min=_pct(c["pass_mark"]))
            )
    return lines


def school_record(s: SchoolResult, rubric: Rubric, lang: Lang) -> SchoolRecord:
    titles = {sec.id: sec.title.get(lang) for sec in rubric.sections}
    return {
        "school": {
            "id": s.school_id,
            "name": s.school_name,
            "level": s.level,
            "pilot": s.pilot,
            "clc": s.clc,
            "profile": s.profile,
            "source": s.source,
        },
        "as_of": s.as_of.isoformat(),
        "error": render(s.error, lang) if s.error else None,
        "score": _round(s.score),
        "earned": s.earned,
        "possible": s.possible,
        "bonus": s.bonus,
        "pass_mark": s.pass_mark,
        "meets_standard": s.meets_standard,
        "scoring": {
            "model": "points",
            "profile": s.profile,
            "text": scoring_text(s, rubric, lang),
            "bonus_counts_toward_verdict": False,
            "score_before_waivers": _round(s.score_before_waivers),
            "score_after_waivers": _round(s.score),
            "score_with_bonus": _round(s.score_with_bonus),
            "waived": s.waived,
            "waivers_text": waivers_text(s, lang),
            "waiver_notices": waiver_notices(s, lang),
            "components": component_records(s, rubric, lang),
        },
        "verdict": label("unaudited" if s.error else ("meets" if s.meets_standard else "below"), lang),
        "counts": counts(s),
        "sections": [
            {
                "id": sec.section,
                "title": titles.get(sec.section, sec.section),
                "earned": sec.earned,
                "possible": sec.possible,
                "score": _round(sec.ratio),
            }
            for sec in s.sections
        ],
        "rules": [rule_record(r, rubric, lang) for r in s.results],
        "problems": [problem_record(p, lang) for p in s.problems],
    }


def _envelope(kind: Literal["school", "district"], rubric: Rubric, rubric_hash: str, lang: Lang) -> Envelope:
    return {
        "schema": SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "kind": kind,
        "tool": {"name": "elschool-audit", "version": __version__},
        "lang": lang,
        "rubric": {"id": rubric.id, "hash": rubric_hash, "title": rubric.title.get(lang)},
    }


def school_report(s: SchoolResult, rubric: Rubric, lang: Lang) -> SchoolReport:
    """The JSON shape ``SchoolReport``, typed from here to every format that lays it out."""
    return {**_envelope("school", rubric, s.rubric_hash, lang), **school_record(s, rubric, lang)}


def ranked(results: list[SchoolResult]) -> list[tuple[int | None, SchoolResult]]:
    """Schools by score, best first (ties share a rank); unaudited schools last, unranked."""
    audited = sorted(
        (s for s in results if s.score is not None),
        key=lambda s: (-(s.score or 0), s.school_id),
    )
    out: list[tuple[int | None, SchoolResult]] = []
    prev: float | None = None
    rank = 0
    for i, s in enumerate(audited, start=1):
        if s.score != prev:
            rank, prev = i, s.score
        out.append((rank, s))
    out.extend((None, s) for s in results if s.score is None)
    return out


def district_summary(d: DistrictResult) -> DistrictSummary:
    audited = d.audited
    return {
        "total": len(d.schools),
        "audited": len(audited),
        "meets_standard": sum(1 for s in audited if s.meets_standard),
        "below_standard": sum(1 for s in audited if not s.meets_standard),
        "could_not_audit": len(d.failed_to_audit),
    }


def district_report(d: DistrictResult, rubric: Rubric, lang: Lang) -> DistrictReport:
    """The JSON shape ``DistrictReport``, typed from here to every format that lays it out; the CLI
    adds ``trend`` when the run is recorded."""
    ranks = {s.school_id: r for r, s in ranked(list(d.schools))}
    schools: list[RankedSchool] = [
        {"rank": ranks.get(s.school_id), **school_record(s, rubric, lang)} for s in d.schools
    ]
    env = _envelope("district", rubric, d.rubric_hash, lang)
    report: DistrictReport = {  # the envelope's keys one by one: mypy allows no ** where keys are optional
        "schema": env["schema"],
        "schema_version": env["schema_version"],
        "kind": env["kind"],
        "tool": env["tool"],
        "lang": env["lang"],
        "rubric": env["rubric"],
        "district": d.district,
        "as_of": d.as_of.isoformat(),
        "summary": district_summary(d),
        "scoring_text": label("scoring_model_district", lang, pass_mark=_pct(rubric.pass_mark)),
        "schools": schools,
    }
    shared = sharing_records(d, lang)
    if shared:
        report["sharing"] = shared  # only with --sharing: other reports keep their shape
    return report


SHARING_CODES = ("drive_shared", "drive_sharing_failed", "drive_sharing_limited")


def sharing_records(d: DistrictResult, lang: Lang) -> list[SharingRecord]:
    """Who can open each school's files (``--sharing``), gathered from the schools' problems into
    the district's own section: personal data first, then the rest, then what was not seen."""
    out: list[SharingRecord] = []
    for s in d.schools:
        for p in s.problems:
            if p.message.key in SHARING_CODES:
                out.append(
                    {
                        "school": s.school_id,
                        "school_name": s.school_name,
                        "severity": p.severity,
                        "file": p.location.file,
                        "message": render(p.message, lang),
                        "link": p.message.params.get("link"),
                    }
                )
    rank = {"warning": 0, "note": 1}
    return sorted(out, key=lambda r: (r["file"] is None, rank.get(r["severity"], 2)))


LEVEL_ORDER = {"MN": 0, "TH": 1, "THCS": 2}


def level_stats(schools: list[SchoolRecord], lang: Lang) -> list[LevelStats]:
    """Per level: how many schools, how many meet the standard and the spread of their scores, in
    the order levels appear (MN, TH, THCS). Computed here, once, from the school records, so the
    web page's level chart and any other view agree with the report."""
    levels = sorted({s["school"]["level"] for s in schools}, key=lambda lv: (LEVEL_ORDER.get(lv, 9), lv))
    out: list[LevelStats] = []
    for lv in levels:
        mine = [s for s in schools if s["school"]["level"] == lv]
        scores = [s["score"] for s in mine if s["score"] is not None]
        out.append(
            {
                "code": lv,
                "name": level_name(lv, lang),
                "count": len(mine),
                "meets": sum(1 for s in mine if s["meets_standard"]),
                "scores": scores,
                "mean": sum(scores) / len(scores) if scores else None,
                "low": min(scores) if scores else None,
                "high": max(scores) if scores else None,
            }
        )
    return out


def summary_line(report: DistrictReport, lang: Lang) -> str:
    """'6/6 schools audited; 3 meet the standard, …': the line every district view ends or starts with."""
    s = report["summary"]
    return label(
        "summary_line",
        lang,
        audited=s["audited"],
        total=s["total"],
        meets=s["meets_standard"],
        below=s["below_standard"],
        errors=s["could_not_audit"],
    )
