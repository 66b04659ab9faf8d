"""School-provided text made safe for every output: terminal, XLSX, CSV, HTML, Markdown, e-mail.

A cell can hold anything a keyboard, a paste or a hostile file puts there: an ANSI/OSC escape that
clears the screen or plants a hyperlink, a NUL that openpyxl refuses (losing the whole XLSX
report), a carriage return that overwrites a terminal line. Such characters carry no meaning in
school records, so they are removed once, where report records are made and where errors are
shown, rather than escaped differently by each format.
"""

from __future__ import annotations

import re
from typing import Any

# Whole escape sequences first (so "ESC[2J" leaves nothing, not a visible "[2J"): CSI (7- and
# 8-bit), OSC/DCS/APC/PM/SOS strings up to their terminator, then two-character escapes.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -~]?"
)
# Every other C0 control but tab and newline, DEL, every C1 control; plus the bidi overrides that
# make text display in another order than it reads.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` without escape sequences or control characters (tabs and newlines kept)."""
    if text.isprintable():
        return text
    return _CONTROLS.sub("", _ESCAPES.sub("", text.replace("\r\n", "\n")))


def one_line(text: str) -> str:
    """``printable`` on one line: for headers, table cells and log lines."""
    return " ".join(printable(text).split())


def printable_record(value: Any) -> Any:
    """A report record (dicts, lists, strings, numbers) with every string made ``printable``."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        return {printable(k) if isinstance(k, str) else k: printable_record(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [printable_record(v) for v in value]
    return value
