"""Writing files safely (reports, templates, mails): atomically (temp file + rename) and with portable names."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from elschool_audit import atomic
from elschool_audit.errors import Location, ReportError

_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write a report so readers never see half of it and a failed run leaves the old one; an
    existing report keeps its permissions, and a symlink or device at ``path`` is refused."""
    try:
        atomic.write_atomic(path, data)
    except atomic.NotRegularFile as exc:
        raise ReportError(
            "report_not_regular_file",
            Location(file=str(path)),
        ) from exc
    except OSError as exc:
        raise ReportError(
            "report_unwritable",
            Location(file=str(path)),
            reason=str(exc.strerror or exc),
        ) from exc


def safe_filename(name: str, max_len: int = 80) -> str:
    """A file name derived from a school name that is valid on Windows and Linux."""
    text = unicodedata.normalize("NFC", name)
    text = re.sub(r'[<>:"/\\|?*\x00-\x1f]', "_", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    if not text:
        text = "_"
    if text.split(".")[0].upper() in _WINDOWS_RESERVED:
        text = "_" + text
    return text[:max_len].rstrip(" .") or "_"
