"""CSV reports: every finding of every school, one row each, for filtering in Excel.

UTF-8 with a byte-order mark, because Excel on Windows otherwise opens the file as the local
code page and turns "Đạt chuẩn" into mojibake. Every text cell passes the formula guard.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING, Any

from elschool_audit.i18n import Lang, label
from elschool_audit.reports.cells import cell_value, finding_rows, points, school_rows
from elschool_audit.reports.formats.interface import ReportFormat

if TYPE_CHECKING:
    from elschool_audit.reports.shapes import Report

FORMAT = ReportFormat(name="csv", extensions=(".csv",), order=50)

BOM = "\ufeff"

COLUMNS = (
    "school_id",
    "school",
    "rule",
    "clause",
    "rule_title",
    "status",
    "points",
    "message",
    "file",
    "tab",
    "row",
    "column",
    "value",
    "link",
)


def rows(report: Report, lang: Lang) -> list[list[Any]]:
    """The findings table without its header: shared shape with the XLSX findings sheet. A waiver
    that expired or ends soon is a row of its own, so a filtered list still shows it."""
    out: list[list[Any]] = []
    for rec in school_rows(report):
        school = rec["school"]
        if rec.get("error"):
            out.append([school["id"], school["name"], "", "", "", rec["verdict"], "", rec["error"]] + [""] * 6)
            continue
        for rule, f in finding_rows(rec):
            out.append(
                [
                    school["id"],
                    school["name"],
                    rule["id"],
                    rule["clause"],
                    rule["title"],
                    rule["status_label"],
                    points(rule["points_earned"], rule["points_possible"]),
                    f.get("message"),
                    f.get("file"),
                    f.get("tab"),
                    f.get("row"),
                    f.get("column"),
                    f.get("value"),
                    f.get("link"),
                ]
            )
        for n in rec.get("scoring", {}).get("waiver_notices", []):
            notice = [school["id"], school["name"], n["rule"], "", "", label("waiver_notice", lang), "", n["text"]]
            out.append(notice + [""] * 6)
    return out


def dumps(report: Report, lang: Lang) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([label(c, lang) for c in COLUMNS])
    for row in rows(report, lang):
        writer.writerow(["" if v is None else cell_value(v) for v in row])
    return BOM + buf.getvalue()
