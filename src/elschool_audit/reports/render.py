"""The report formats, in one registry, and one entry point from a report record to any of them.

Every format module takes the same records (``reports.records``) and never recomputes results.
Adding a format is its module (``dumps(report, lang) -> str | bytes``) and one line in
``REGISTRY``: the CLI's ``--format`` choices, its help text and the extensions ``-o`` understands
all come from here.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from elschool_audit.errors import Location, ReportError
from elschool_audit.i18n import Lang

Scope = Literal["school", "district"]


@dataclass(frozen=True)
class ReportFormat:
    name: str
    """What ``--format`` takes."""
    extensions: tuple[str, ...]
    """Output file extensions that imply this format (lower case, with the dot)."""
    module: str
    """The module under ``elschool_audit.reports`` with ``dumps(report, lang)``; imported only when used,
    so that openpyxl or matplotlib never slow down a command that does not need them."""
    binary: bool = False
    """Bytes, not text: needs ``--output``."""


REGISTRY: tuple[ReportFormat, ...] = (
    ReportFormat("table", (".txt",), "terminal"),
    ReportFormat("json", (".json",), "json"),
    ReportFormat("xlsx", (".xlsx",), "xlsx", binary=True),
    ReportFormat("html", (".html", ".htm"), "html"),
    ReportFormat("csv", (".csv",), "csv"),
    ReportFormat("md", (".md",), "markdown"),
    ReportFormat("plan", (), "plan"),
)

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


def render(report: Mapping[str, Any], scope: Scope, fmt: Format, lang: Lang) -> str | bytes:
    """The report as text (table, json, csv, md, html) or bytes (xlsx)."""
    if report.get("kind", scope) != scope:
        raise ReportError("report_kind_mismatch", kind=repr(report.get("kind")), scope=scope)
    module = importlib.import_module(f"elschool_audit.reports.{get_format(fmt).module}")
    data: str | bytes = module.dumps(report, lang)
    return data
