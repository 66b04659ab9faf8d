"""XLSX reports: the workbook a district officer filters, sorts and forwards.

Sheets: a summary (one row per school), the findings (one row per piece of evidence, with a link
to the Drive file where there is one), the rules (what each rule asks, how it went), the data
problems, and an "about" sheet saying which audit this is. Every sheet has a frozen header, a
filter and sensible widths; every text cell passes the formula guard (``cells.neutralise``):
openpyxl would otherwise store a school's "=..." value as a live formula.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from elschool_audit.i18n import Lang, label
from elschool_audit.reports.cells import (
    BAND_RGB,
    STATUS_BAND,
    Band,
    band,
    cell_value,
    day,
    is_district,
    is_drive_link,
    level_name,
    points,
    ranked_rows,
    school_rows,
)
from elschool_audit.reports.formats import csv as csv_report
from elschool_audit.reports.formats import plan as plan_report
from elschool_audit.reports.formats.interface import ReportFormat

if TYPE_CHECKING:  # openpyxl is imported when a workbook is written: the CLI starts without it
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.worksheet import Worksheet

    from elschool_audit.reports.shapes import Report, RuleRecord, SchoolRecord

FORMAT = ReportFormat(name="xlsx", extensions=(".xlsx",), binary=True, order=30)

NO_BAND: Band = "none"
MIN_WIDTH, MAX_WIDTH = 6, 60
WRAPPED = {"message", "rule_title", "measured", "how_to_fix", "school", "section"}
"""Columns whose long text wraps instead of widening the sheet past a screen."""


@dataclass(frozen=True)
class _Style:
    header_fill: PatternFill
    header_font: Font
    link_font: Font
    bold: Font
    wrap: Alignment
    top: Alignment


@functools.cache
def _style() -> _Style:
    from openpyxl.styles import Alignment, Font, PatternFill

    return _Style(
        header_fill=PatternFill("solid", fgColor="1F4E78"),
        header_font=Font(bold=True, color="FFFFFF"),
        link_font=Font(color="0563C1", underline="single"),
        bold=Font(bold=True),
        wrap=Alignment(wrap_text=True, vertical="top"),
        top=Alignment(vertical="top"),
    )


def _fill(b: Band) -> PatternFill:
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor=BAND_RGB[b])


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)


def _sheet(ws: Worksheet, keys: Sequence[str], headers: Sequence[str], rows: list[list[Any]]) -> list[list[Any]]:
    """Header, rows, frozen header, filter and widths; returns the written cells for styling."""
    ws.append([cell_value(h) for h in headers])
    for cell in ws[1]:
        style = _style()
        cell.fill, cell.font, cell.alignment = style.header_fill, style.header_font, style.wrap
    written: list[list[Any]] = []
    for row in rows:
        ws.append([cell_value(v) for v in row])
        written.append(list(ws[ws.max_row]))
    ws.freeze_panes = "A2"
    if ws.max_column and ws.max_row:
        ws.auto_filter.ref = f"A1:{_letter(len(headers))}{max(ws.max_row, 1)}"
    for i, key in enumerate(keys, start=1):
        longest = max([len(str(headers[i - 1]))] + [len(str(r[i - 1])) for r in rows if r[i - 1] is not None])
        width = min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))
        ws.column_dimensions[_letter(i)].width = width
        align = _style().wrap if key in WRAPPED else _style().top
        for cells in written:
            cells[i - 1].alignment = align
    return written


def _summary(ws: Worksheet, report: Report, lang: Lang) -> None:
    from elschool_audit.reports.records import score_notes

    ranked = _ranked(report)
    schools = [rec for _, rec in ranked]
    sections = _section_titles(schools)
    keys = [
        "rank",
        "school_id",
        "school",
        "level",
        "profile",
        "score",
        "score_before_waivers",
        "earned_possible",
        "bonus",
        *(f"section:{sid}" for sid, _ in sections),
        "meets",
        "pass",
        "fail",
        "error",
        "problems_short",
        "scoring_header",
    ]
    titles = dict(sections)
    headers = [titles[k.removeprefix("section:")] if k.startswith("section:") else label(k, lang) for k in keys]
    rows: list[list[Any]] = []
    for rank, rec in ranked:
        school = rec["school"]
        by_id = {s["id"]: s for s in rec.get("sections", [])}
        counts = rec.get("counts", {})
        rows.append(
            [
                rank,
                school["id"],
                school["name"],
                level_name(school["level"], lang),
                label(school["profile"], lang),
                rec["score"],
                rec["scoring"]["score_before_waivers"],
                None if rec["error"] else f"{rec['earned']:g}/{rec['possible']:g}",
                None if rec["error"] else rec["bonus"],
                *(by_id[sid]["score"] if sid in by_id else None for sid, _ in sections),
                rec["verdict"],
                counts.get("pass"),
                counts.get("fail"),
                counts.get("error"),
                len(rec.get("problems", [])),
                None if rec["error"] else "\n".join(score_notes(rec, lang)),
            ]
        )
    written = _sheet(ws, keys, headers, rows)
    score_cols = [i for i, k in enumerate(keys) if k in ("score", "score_before_waivers") or k.startswith("section:")]
    verdict_col = keys.index("meets")
    for rec, cells in zip(schools, written, strict=True):
        for i in score_cols:
            cell = cells[i]
            cell.number_format = "0.0%"
            cell.fill = _fill(band(cell.value if isinstance(cell.value, float | int) else None, rec["pass_mark"]))
        verdict: Band = "none" if rec["error"] else ("good" if rec["meets_standard"] else "bad")
        cells[verdict_col].fill = _fill(verdict)
    for i in score_cols:
        ws.column_dimensions[_letter(i + 1)].width = max(9, min(ws.column_dimensions[_letter(i + 1)].width, 18))


def _ranked(report: Report) -> list[tuple[int | None, SchoolRecord]]:
    """The schools in ``school_rows`` order with their rank: a district's records carry one, a
    school report's record has none."""
    if is_district(report):
        return [(rec["rank"], rec) for rec in ranked_rows(report)]
    return [(None, report)]


def _section_titles(schools: Sequence[SchoolRecord]) -> list[tuple[str, str]]:
    """Sections in rubric order, taken from the first audited school (all share one rubric)."""
    for rec in schools:
        if rec.get("sections"):
            return [(s["id"], s["title"]) for s in rec["sections"]]
    return []


def _findings(ws: Worksheet, report: Report, lang: Lang) -> None:
    keys = list(csv_report.COLUMNS)
    rows = csv_report.rows(report, lang)
    written = _sheet(ws, keys, [label(k, lang) for k in keys], rows)
    status_col, file_col, link_col = keys.index("status"), keys.index("file"), keys.index("link")
    status_band = _status_bands(lang)
    for row, cells in zip(rows, written, strict=True):
        cells[status_col].fill = _fill(status_band.get(str(row[status_col]), NO_BAND))
        link = row[link_col]
        if is_drive_link(link):
            target = cells[file_col] if row[file_col] else cells[link_col]
            target.hyperlink = str(link)
            target.font = _style().link_font
    ws.column_dimensions[_letter(link_col + 1)].width = 20


def _status_bands(lang: Lang) -> dict[str, Band]:
    """Status label → fill: the findings rows carry the label, already in the report's language."""
    return {label(status, lang): b for status, b in STATUS_BAND.items()}


def _rules(ws: Worksheet, report: Report, lang: Lang) -> None:
    if is_district(report):
        _rules_matrix(ws, [r for r in ranked_rows(report) if r.get("rules")], lang)
        return
    keys = ["rule", "section", "clause", "rule_title", "status", "points", "measured", "how_to_fix"]
    titles = {s["id"]: s["title"] for s in report.get("sections", [])}
    rules = report.get("rules", [])
    rows = [
        [
            r["id"],
            titles.get(r["section"], r["section"]),
            r["clause"],
            r["title"],
            r["status_label"],
            points(r["points_earned"], r["points_possible"]),
            r["measured"] or r["note"],
            r.get("explain"),
        ]
        for r in rules
    ]
    written = _sheet(ws, keys, [label(k, lang) for k in keys], rows)
    for r, cells in zip(rules, written, strict=True):
        cells[keys.index("status")].fill = _fill(STATUS_BAND.get(r["status"], "none"))


def _rules_matrix(ws: Worksheet, schools: Sequence[SchoolRecord], lang: Lang) -> None:
    """District: one row per rule, one column per school, so a rule most schools fail stands out."""
    catalogue: dict[str, RuleRecord] = {}
    for rec in schools:
        for r in rec["rules"]:
            catalogue.setdefault(r["id"], r)
    keys = ["rule", "clause", "rule_title", "pass", "fail", "error"] + [f"school:{s['school']['id']}" for s in schools]
    headers = [label(k, lang) for k in keys[:6]] + [s["school"]["id"] for s in schools]
    statuses = [{r["id"]: r for r in rec["rules"]} for rec in schools]
    rows: list[list[Any]] = []
    for rid, meta in catalogue.items():
        got = [st.get(rid) for st in statuses]
        count = {k: sum(1 for g in got if g and g["status"] == k) for k in ("pass", "fail", "error")}
        rows.append(
            [rid, meta["clause"], meta["title"], count["pass"], count["fail"], count["error"]]
            + [g["status_label"] if g else None for g in got]
        )
    written = _sheet(ws, keys, headers, rows)
    for rid, cells in zip(catalogue, written, strict=True):
        for j, st in enumerate(statuses):
            g = st.get(rid)
            if g:
                cells[6 + j].fill = _fill(STATUS_BAND.get(g["status"], "none"))


def _plan(ws: Worksheet, report: Report, lang: Lang) -> None:
    """The action plan as a sheet: the same rows as ``--format plan``, answers left blank."""
    keys = list(plan_report.COLUMNS)
    rows = [[row[k] for k in keys] for row in plan_report.plan_rows(report)]
    _sheet(ws, keys, plan_report.header(lang), rows)


def _problems(ws: Worksheet, report: Report, lang: Lang) -> None:
    keys = ["school_id", "school", "severity", "message", "file", "tab", "row", "column", "value"]
    rows: list[list[Any]] = []
    links: list[str | None] = []
    for rec in school_rows(report):
        for p in rec.get("problems", []):
            links.append(p.get("link"))
            rows.append(
                [
                    rec["school"]["id"],
                    rec["school"]["name"],
                    label(p["severity"], lang),
                    p["message"],
                    p["file"],
                    p["tab"],
                    p["row"],
                    p["column"],
                    p["value"],
                ]
            )
    written = _sheet(ws, keys, [label(k, lang) for k in keys], rows)
    file_col = keys.index("file")
    for link, cells in zip(links, written, strict=True):
        if is_drive_link(link) and cells[file_col].value:
            cells[file_col].hyperlink = str(link)  # a Drive file: its name opens it, as on the findings sheet
            cells[file_col].font = _style().link_font


def _about(ws: Worksheet, report: Report, lang: Lang) -> None:
    kind = report.get("kind", "school")
    pairs: list[tuple[str, Any]] = [
        (label("report_kind", lang), label(f"kind_{kind}", lang)),
        (
            (label("district", lang), report.get("district"))
            if is_district(report)
            else (label("school", lang), report["school"]["name"])
        ),
        (label("as_of", lang), day(str(report.get("as_of")))),
        (label("rubric", lang), report["rubric"]["title"]),
        (label("rubric_hash", lang), f"{report['rubric']['id']} · {report['rubric']['hash']}"),
        (label("pass_mark", lang), _pass_mark(report)),
        ("", label("generated_by", lang, tool=report["tool"]["name"], version=report["tool"]["version"])),
    ]
    for key, value in pairs:
        ws.append([cell_value(key), cell_value(value)])
        ws.cell(ws.max_row, 1).font = _style().bold
    if is_district(report):
        s = report["summary"]
        counts = (
            ("schools_count", s["total"]),
            ("audited", s["audited"]),
            ("meets", s["meets_standard"]),
            ("below", s["below_standard"]),
            ("unaudited", s["could_not_audit"]),
        )
        for name, count in counts:
            ws.append([label(name, lang), count])
            ws.cell(ws.max_row, 1).font = _style().bold
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 70


def _pass_mark(report: Report) -> str | None:
    for rec in school_rows(report):
        return f"{rec['pass_mark'] * 100:.0f}%"
    return None


def dumps(report: Report, lang: Lang) -> bytes:
    """The workbook's bytes: written to a buffer so ``write_atomic`` can place it in one step."""
    from openpyxl import Workbook

    from elschool_audit.marker import MARK

    wb = Workbook()
    wb.properties.keywords = MARK  # never read back as school data (marker.py)
    wb.properties.creator = "elschool-audit"
    summary = wb.active
    assert summary is not None  # a new Workbook always has one sheet
    summary.title = label("sheet_summary", lang)
    _summary(summary, report, lang)
    _findings(wb.create_sheet(label("sheet_findings", lang)), report, lang)
    _rules(wb.create_sheet(label("sheet_rules", lang)), report, lang)
    _problems(wb.create_sheet(label("sheet_problems", lang)), report, lang)
    _plan(wb.create_sheet(label("sheet_plan", lang)), report, lang)
    _about(wb.create_sheet(label("sheet_about", lang)), report, lang)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
