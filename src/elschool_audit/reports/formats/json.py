"""JSON reports: the records layer as stable, indented UTF-8 (keys in a fixed order)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from elschool_audit.i18n import Lang
from elschool_audit.reports.formats.interface import ReportFormat

if TYPE_CHECKING:
    from elschool_audit.reports.shapes import Report

FORMAT = ReportFormat(name="json", extensions=(".json",), order=20)


def dumps(record: Report, lang: Lang | None = None) -> str:
    """``lang`` is accepted like every format's; the record's texts are already in its language."""
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
