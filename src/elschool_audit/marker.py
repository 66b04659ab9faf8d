"""How the tool recognises its own output files, so a report saved in a school's folder is never
read back as that school's records on the next run.

An XLSX report carries a marker in its document properties (invisible to the school, kept by Excel
when the file is re-saved); a CSV report or action plan cannot hide a marker, so it is recognised
by its header row, whose first three cells are the tool's own labels in either language.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MARK = "elschool-audit:report"
"""Written into an XLSX report's ``keywords`` property."""

CSV_HEADS = (("Mã trường", "Trường", "Tiêu chí"), ("School ID", "School", "Rule"))
"""The first three header cells of every CSV the tool writes (findings and action plan)."""


def is_own_output(path: Path) -> bool:
    """True for a report or action plan this tool wrote; never raises (an unreadable file is the
    reader's to report)."""
    suffix = path.suffix.lower()
    try:
        if suffix == ".xlsx":
            return _xlsx_marked(path)
        if suffix == ".csv":
            return _csv_marked(path)
    except (OSError, zipfile.BadZipFile, KeyError, UnicodeDecodeError):
        return False
    return False


def _xlsx_marked(path: Path) -> bool:
    with zipfile.ZipFile(path) as zf:
        return MARK.encode() in zf.read("docProps/core.xml")


def _csv_marked(path: Path) -> bool:
    with path.open("rb") as fh:
        head = fh.read(512).decode("utf-8-sig", errors="replace")
    first = head.splitlines()[0] if head else ""
    cells = tuple(c.strip().strip('"') for c in first.split(",")[:3])
    return cells in CSV_HEADS
