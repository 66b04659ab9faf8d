"""One entry point from a report record to the bytes of any format.

Every format module takes the same records (``reports.records``) and never recomputes results;
this module only picks the module and knows which file extension means which format.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, Literal

from rich.console import Console

from elschool_audit.errors import Location, ReportError
from elschool_audit.i18n import Lang
from elschool_audit.reports import csv as csv_report
from elschool_audit.reports import json as json_report
from elschool_audit.reports import markdown as markdown_report
from elschool_audit.reports import plan as plan_report
from elschool_audit.reports import terminal

Format = Literal["table", "json", "xlsx", "html", "csv", "md", "plan"]
Scope = Literal["school", "district"]
FORMATS: tuple[Format, ...] = ("table", "json", "xlsx", "html", "csv", "md", "plan")
EXTENSIONS: dict[str, Format] = {
    ".txt": "table",
    ".json": "json",
    ".xlsx": "xlsx",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".md": "md",
}


def infer_format(fmt: str | None, output: Path | None) -> Format:
    """The explicit ``--format``, else the output file's extension, else the terminal table."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise ReportError(f"định dạng không hỗ trợ / unsupported format {fmt!r} ({', '.join(FORMATS)})")
        return fmt
    if output is None:
        return "table"
    found = EXTENSIONS.get(output.suffix.lower())
    if found is None:
        raise ReportError(
            "không biết định dạng của tệp này; dùng --format / cannot tell the format from the extension; "
            f"use --format ({', '.join(FORMATS)})",
            Location(file=str(output)),
        )
    return found


def render(report: dict[str, Any], scope: Scope, fmt: Format, lang: Lang) -> str | bytes:
    """The report as text (table, json, csv, md, html) or bytes (xlsx)."""
    if report.get("kind", scope) != scope:
        raise ReportError(f"báo cáo loại {report.get('kind')!r} không phải {scope!r} / report is not a {scope} report")
    if fmt == "json":
        return json_report.dumps(report)
    # openpyxl and matplotlib are imported when a report needs them, not by every command at start-up
    if fmt == "xlsx":
        from elschool_audit.reports import xlsx as xlsx_report

        return xlsx_report.dumps(report, lang)
    if fmt == "html":
        from elschool_audit.reports import html as html_report

        return html_report.dumps(report, lang)
    if fmt == "csv":
        return csv_report.dumps(report, lang)
    if fmt == "md":
        return markdown_report.dumps(report, lang)
    if fmt == "plan":
        return plan_report.dumps(report, lang)
    if fmt == "table":
        view = terminal.school_view(report, lang) if scope == "school" else terminal.district_table(report, lang)
        buf = io.StringIO()
        Console(file=buf, width=120, no_color=True, highlight=False).print(view)
        return buf.getvalue()
    raise ReportError(f"định dạng không hỗ trợ / unsupported format {fmt!r} ({', '.join(FORMATS)})")
