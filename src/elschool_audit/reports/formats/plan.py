"""The action plan: one row per finding of a failed rule, with blank columns the school fills in.

The shape of ScubaGoggles' ActionPlan.csv: what failed and where (rule, cell, found, expected),
then the school's reason, the person responsible and the planned date. The school returns the
file; the next audit reads it back (``read_plan``) and shows each answer beside the finding it was
about, for as long as that finding is still open — an answered finding that is fixed simply drops
out. UTF-8 with a BOM and the formula guard, like the findings CSV.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypedDict, get_args

from elschool_audit.errors import Location, ReportError
from elschool_audit.i18n import LANGS, Lang, label
from elschool_audit.reports.cells import cell_value, measured_row, school_rows
from elschool_audit.reports.formats.csv import BOM
from elschool_audit.reports.formats.interface import ReportFormat

if TYPE_CHECKING:
    from elschool_audit.reports.shapes import FindingPlan, Report, SchoolRecord

FORMAT = ReportFormat(name="plan", extensions=(), order=70)

PlanColumn = Literal[
    "school_id",
    "school",
    "rule",
    "clause",
    "rule_title",
    "file",
    "tab",
    "row",
    "column",
    "plan_found",
    "plan_expected",
    "plan_reason",
    "plan_responsible",
    "plan_date",
]
COLUMNS: tuple[PlanColumn, ...] = get_args(PlanColumn)
"""The plan's columns in order; every one is a key of ``PlanRow`` (mypy checks each lookup)."""
ANSWERS = ("plan_reason", "plan_responsible", "plan_date")
"""The columns the school fills in; everything before them is the tool's."""
KEY = ("school_id", "rule", "file", "tab", "row", "column")


class PlanRow(TypedDict):
    """One row of the plan: what failed and where, then the school's answers (blank until returned)."""

    school_id: str
    school: str
    rule: str
    clause: str | None
    rule_title: str | None
    file: str | None
    tab: str | None
    row: int | None
    column: str | None
    plan_found: str | None
    plan_expected: str
    plan_reason: str | None
    plan_responsible: str | None
    plan_date: str | None


def _key(values: Mapping[str, object]) -> tuple[str, ...]:
    return tuple("" if values.get(k) is None else str(values[k]).strip().lstrip("'") for k in KEY)


def plan_rows(report: Report) -> list[PlanRow]:
    """Every finding of a failed (or uncheckable) rule as a row."""
    out: list[PlanRow] = []
    for rec in school_rows(report):
        school = rec["school"]
        for rule in rec.get("rules", []):
            if rule["status"] not in ("fail", "error"):
                continue
            for f in rule["findings"] or [measured_row(rule)]:
                answers: FindingPlan = f.get("plan") or {}
                out.append(
                    {
                        "school_id": school["id"],
                        "school": school["name"],
                        "rule": rule["id"],
                        "clause": rule["clause"],
                        "rule_title": rule["title"],
                        "file": f["file"],
                        "tab": f["tab"],
                        "row": f["row"],
                        "column": f["column"],
                        "plan_found": f["value"],
                        "plan_expected": f["message"],
                        "plan_reason": answers.get("plan_reason"),
                        "plan_responsible": answers.get("plan_responsible"),
                        "plan_date": answers.get("plan_date"),
                    }
                )
        out.extend(_waiver_rows(rec))
    return out


def _waiver_rows(rec: SchoolRecord) -> list[PlanRow]:
    """A waiver that expired or ends soon is something to plan for: the rule counts (again) once
    it ends. Its failing findings, if any, are rows already; this row says why they matter now."""
    titles = {r["id"]: (r["clause"], r["title"]) for r in rec.get("rules", [])}
    out: list[PlanRow] = []
    for n in rec["scoring"]["waiver_notices"]:
        clause, title = titles.get(n["rule"], (None, None))
        out.append(
            {
                "school_id": rec["school"]["id"],
                "school": rec["school"]["name"],
                "rule": n["rule"],
                "clause": clause,
                "rule_title": title,
                "file": None,
                "tab": None,
                "row": None,
                "column": None,
                "plan_found": None,
                "plan_expected": n["text"],
                "plan_reason": None,
                "plan_responsible": None,
                "plan_date": None,
            }
        )
    return out


def header(lang: Lang) -> list[str]:
    return [label(c, lang) for c in COLUMNS]


def dumps(report: Report, lang: Lang) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header(lang))
    for row in plan_rows(report):
        writer.writerow(["" if row[c] is None else cell_value(row[c]) for c in COLUMNS])
    return BOM + buf.getvalue()


def _columns_of(head: list[str], path: Path) -> dict[str, int]:
    """Header cells → column names, in whichever language the plan was written."""
    for lang in LANGS:
        names: dict[str, str] = {label(c, lang): c for c in COLUMNS}
        found = {names[h.strip()]: i for i, h in enumerate(head) if h.strip() in names}
        if all(k in found for k in (*KEY, *ANSWERS)):
            return found
    raise ReportError(
        "plan_not_ours",
        Location(file=str(path)),
    )


def _grid(path: Path) -> list[list[str]]:
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        sheets = [ws for ws in wb.worksheets if ws.title in {label("sheet_plan", x) for x in LANGS}]
        if not sheets:
            raise ReportError("plan_no_sheet", Location(file=str(path)))
        return [["" if v is None else str(v) for v in row] for row in sheets[0].iter_rows(values_only=True)]
    text = path.read_text(encoding="utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def _answers(values: Mapping[str, str]) -> FindingPlan:
    """The answer cells the school filled in, as a finding's ``plan``: a returned file is the
    school's, so only these three columns, as trimmed text, ever reach the report."""
    answers: FindingPlan = {}
    if reason := values.get("plan_reason", "").strip():
        answers["plan_reason"] = reason
    if responsible := values.get("plan_responsible", "").strip():
        answers["plan_responsible"] = responsible
    if date := values.get("plan_date", "").strip():
        answers["plan_date"] = date
    return answers


def read_plan(path: Path) -> dict[tuple[str, ...], FindingPlan]:
    """A returned plan: the school's answers by finding (school, rule, file, tab, row, column)."""
    try:
        grid = _grid(path)
    except (OSError, UnicodeDecodeError) as exc:
        raise ReportError("plan_unreadable", Location(file=str(path)), reason=str(exc)) from exc
    if not grid:
        return {}
    cols = _columns_of(grid[0], path)
    out: dict[tuple[str, ...], FindingPlan] = {}
    for row in grid[1:]:
        values = {name: (row[i] if i < len(row) else "") for name, i in cols.items()}
        answers = _answers(values)
        if answers:
            out[_key(values)] = answers
    return out


def apply_plan(report: Report, answers: Mapping[tuple[str, ...], FindingPlan]) -> int:
    """Put the school's answers beside each finding that is still open; returns how many matched."""
    matched = 0
    for rec in school_rows(report):
        for rule in rec.get("rules", []):
            if rule["status"] not in ("fail", "error"):
                continue
            for f in rule["findings"]:
                key = _key({"school_id": rec["school"]["id"], "rule": rule["id"], **f})
                if key in answers:
                    f["plan"] = answers[key]
                    matched += 1
    return matched
