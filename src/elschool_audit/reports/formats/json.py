"""JSON reports: the records layer as stable, indented UTF-8 (keys in a fixed order)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from elschool_audit.i18n import Lang
from elschool_audit.reports.formats.interface import ReportFormat

FORMAT = ReportFormat(name="json", extensions=(".json",), order=20)


def dumps(record: Mapping[str, Any], lang: Lang | None = None) -> str:
    """``lang`` is accepted like every format's; the record's texts are already in its language."""
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"
