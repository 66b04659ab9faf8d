"""One exception hierarchy for everything a user can cause.

Every error carries a message a district IT officer can act on and, where known, the place it
happened (a file, a tab, a row, a column, a rubric line). The CLI prints ``str(error)``; it shows a
traceback only with ``--debug``. Anything that is *not* an ``AuditError`` is a bug in this tool.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Location:
    """Where a problem is: any subset of the fields may be known."""

    file: str | None = None
    tab: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    line: int | None = None
    field: str | None = None

    def describe(self) -> str:
        """A compact, human-readable 'where' (file › tab › row › column, or file:line)."""
        parts: list[str] = []
        if self.file:
            parts.append(f"{self.file}:{self.line}" if self.line else self.file)
        elif self.line:
            parts.append(f"line {self.line}")
        if self.tab:
            parts.append(f"tab '{self.tab}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        if self.field:
            parts.append(f"field '{self.field}'")
        if self.value is not None:
            parts.append(f"value {self.value!r}")
        return ", ".join(parts)


class AuditError(Exception):
    """Base class: a problem the user can fix, with a message and where it is."""

    exit_code = 2

    def __init__(self, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location or Location()

    def __str__(self) -> str:
        where = self.location.describe()
        return f"{where}: {self.message}" if where else self.message


class ConfigError(AuditError):
    """Bad command-line options, settings or roster."""


class RubricError(AuditError):
    """A rubric or waiver file that cannot be used: stops the run before any school is read."""


class SourceError(AuditError):
    """A school's records could not be read (missing folder, unreadable file, Google error)."""


class SheetError(AuditError):
    """A tab that could be read but not understood (no header row, missing required column)."""


class ValueParseError(SheetError):
    """One cell whose value does not parse as its column's type.

    Raised by the value parsers without a location; the sheet parser adds file, tab, row and
    column before it reports the problem.
    """

    def __init__(self, value: object, expected: str, location: Location | None = None) -> None:
        self.raw_value = value
        self.expected = expected
        super().__init__(f"cannot read {value!r} as {expected}", location)


class ReportError(AuditError):
    """A report could not be written."""


class SendError(AuditError):
    """An e-mail could not be sent."""
