"""Small helpers every file format shares: the formula-injection guard, score bands, short texts.

School-provided strings (tab names, cell values, file names) end up in spreadsheet cells that a
district officer opens in Excel. A value such as ``=HYPERLINK("http://evil", "click")`` or
``+cmd|' /C calc'!A0`` would run as a formula there, so CSV and XLSX pass every text cell through
``neutralise`` — one implementation, so the two formats cannot drift apart.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from elschool_audit.i18n import Lang, label, shown_date
from elschool_audit.sanitize import printable

if TYPE_CHECKING:
    from typing import TypeGuard

    from typing_extensions import TypeIs

    from elschool_audit.reports.shapes import (
        DistrictReport,
        FindingRecord,
        ProblemRecord,
        RankedSchool,
        Report,
        RuleRecord,
        SchoolRecord,
    )

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

Band = Literal["good", "warn", "bad", "none"]

AMBER_MARGIN = 0.15
"""How far below the pass mark a score is still amber (close, worth a push) rather than red."""

BAND_RGB: dict[Band, str] = {"good": "C6EFCE", "warn": "FFEB9C", "bad": "FFC7CE", "none": "EDEDED"}
"""Excel's own good / neutral / bad fills, so the colours mean what spreadsheet users expect."""

STATUS_BAND: dict[str, Band] = {
    "pass": "good",
    "fail": "bad",
    "error": "warn",
    "waived": "none",
    "not_applicable": "none",
    "info": "none",
}
"""``error`` (records missing or unreadable) is amber: not proven failing, but not earning points."""


def neutralise(value: str) -> str:
    """A text that a spreadsheet shows as text, never evaluates.

    The leading apostrophe is the convention Excel and LibreOffice users know (and OWASP
    recommends); it is visible, which is intended: the cell really did start with ``=``. Control
    characters go first: openpyxl refuses a cell holding one, which would lose the whole report.
    """
    value = printable(value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def cell_value(value: Any) -> Any:
    """Any record value made safe for a spreadsheet cell (numbers and None pass through)."""
    if isinstance(value, str):
        return neutralise(value)
    return value


def band(score: float | None, pass_mark: float) -> Band:
    """Green at or above the pass mark, amber within ``AMBER_MARGIN`` of it, red below."""
    if score is None:
        return "none"
    if score + 1e-9 >= pass_mark:
        return "good"
    if score + 1e-9 >= pass_mark - AMBER_MARGIN:
        return "warn"
    return "bad"


def day(iso: str) -> str:
    """A report's date as people in Vietnam write it (31/01/2017), in both languages, like the dates
    inside messages; the JSON keeps ISO for programs. Anything not an ISO date is shown as it is."""
    try:
        return shown_date(dt.date.fromisoformat(iso))
    except (TypeError, ValueError):
        return str(iso)


def percent(score: float | None) -> str:
    return "—" if score is None else f"{score * 100:.1f}%"


def points(earned: float, possible: float) -> str:
    """'3/4'; '+1' for a bonus earned (it adds to nothing a school could miss, so never '1/0');
    '—' for a rule that is not scored (waived, not applicable, informational, bonus not earned)."""
    if not possible:
        return f"+{earned:g}" if earned else "—"
    return f"{earned:g}/{possible:g}"


def level_name(level: str, lang: Lang) -> str:
    return label(f"level_{level}", lang)


def short_name(name: str) -> str:
    """'Trường THCS Ái Mộ' → 'THCS Ái Mộ': in a list of schools every name starts with 'Trường'."""
    return name[len("Trường ") :] if name.lower().startswith("trường ") else name


def where(item: FindingRecord | ProblemRecord, lang: Lang) -> str:
    """'file › tab › row 12 › column B': where a person finds the evidence."""
    parts = [str(p) for p in (item.get("file"), item.get("tab")) if p]
    if item.get("row") is not None:
        parts.append(f"{label('row', lang).lower()} {item['row']}")
    if item.get("column"):
        parts.append(str(item["column"]))
    return " › ".join(parts)


def is_drive_link(link: str | None) -> TypeGuard[str]:
    """Only https links become clickable: a ``javascript:`` or ``file:`` link must never be one."""
    return bool(link) and str(link).startswith("https://")


def is_district(report: Report) -> TypeIs[DistrictReport]:
    """Which of the two report shapes this is (the envelope's ``kind``)."""
    return report.get("kind") == "district"


def school_rows(report: Report) -> list[SchoolRecord]:
    """The school records of a school or district report, district ones in rank order.

    Both shapes go through here so every format lists schools the same way.
    """
    if is_district(report):
        return list(ranked_rows(report))
    return [report]


def ranked_rows(report: DistrictReport) -> list[RankedSchool]:
    """A district's school records in rank order, unaudited schools last."""
    return sorted(report["schools"], key=lambda r: (r.get("rank") is None, r.get("rank") or 0, r["school"]["id"]))


def finding_rows(rec: SchoolRecord) -> list[tuple[RuleRecord, FindingRecord]]:
    """(rule, finding) pairs of one school, one per finding.

    A failing rule with no findings still gets one row carrying its measurement, so a filtered
    findings list never hides a failure; a pass resting on assumed values gets one too (its status
    label says so), so a findings-only format does not pass it off as read.
    """
    out: list[tuple[RuleRecord, FindingRecord]] = []
    for rule in rec.get("rules", []):
        if rule["findings"]:
            out.extend((rule, f) for f in rule["findings"])
        elif rule["status"] in ("fail", "error") or rule.get("assumed"):
            out.append((rule, measured_row(rule)))
    return out


def measured_row(rule: RuleRecord) -> FindingRecord:
    """A rule with nothing to point at, as a finding row: its measurement, and no place."""
    message = rule["measured"] or rule["note"] or rule["title"]
    return {"message": message, "file": None, "tab": None, "row": None, "column": None, "value": None, "link": None}
