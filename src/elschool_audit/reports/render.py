"""The report formats' registry, and one entry point from a report record to any of them.

Every format module takes the same records (``reports.records``) and never recomputes results.
The formats are the modules of ``reports.formats``, found when this module is imported
(``formats.interface.discover``): the CLI's ``--format`` choices, its help text and the extensions
``-o`` understands all come from ``REGISTRY``, so adding a format is adding its module.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from elschool_audit.errors import Location, ReportError
from elschool_audit.i18n import Lang
from elschool_audit.reports import formats
from elschool_audit.reports.formats.interface import ReportFormat, discover

if TYPE_CHECKING:
    from elschool_audit.reports.shapes import Report

Scope = Literal["school", "district"]

REGISTRY: tuple[ReportFormat, ...] = discover(formats.__name__, formats.__path__)

Format = str
"""A name from ``FORMATS``."""
FORMATS: tuple[Format, ...] = tuple(f.name for f in REGISTRY)
EXTENSIONS: dict[str, Format] = {ext: f.name for f in REGISTRY for ext in f.extensions}

if TYPE_CHECKING:
    FormatChoice = str
else:
    FormatChoice = Literal[FORMATS]
    """The registry's names as a type typer turns into ``--format`` choices."""


def get_format(name: str) -> ReportFormat:
    for f in REGISTRY:
        if f.name == name:
            return f
    raise ReportError("format_unsupported", name=repr(name), known=", ".join(FORMATS))


def infer_format(fmt: str | None, output: Path | None) -> Format:
    """The explicit ``--format``, else the output file's extension, else the terminal table."""
    if fmt is not None:
        return get_format(fmt).name
    if output is None:
        return "table"
    found = EXTENSIONS.get(output.suffix.lower())
    if found is None:
        raise ReportError(
            "format_from_extension",
            Location(file=str(output)),
            known=", ".join(FORMATS),
        )
    return found


def render(report: Report, scope: Scope, fmt: Format, lang: Lang) -> str | bytes:
    """The report as text (table, json, csv, md, html) or bytes (xlsx)."""
    if report.get("kind", scope) != scope:
        raise ReportError("report_kind_mismatch", kind=repr(report.get("kind")), scope=scope)
    module = importlib.import_module(get_format(fmt).module)
    data: str | bytes = module.dumps(report, lang)
    return data
