"""One exception hierarchy for everything a user can cause.

Every error carries a message a district IT officer can act on and, where known, the place it
happened (a file, a tab, a row, a column, a rubric line). The message is a catalogue ``Msg``, so the
CLI prints it in the user's language (``error.text(lang)``); it shows a traceback only with
``--debug``. Anything that is *not* an ``AuditError`` is a bug in this tool.
"""

from __future__ import annotations

from typing import Any

from elschool_audit.i18n import MESSAGES, Lang, current_language, label, render, shown_column
from elschool_audit.results import Location as Location  # re-exported: errors are raised with one
from elschool_audit.results import Msg


def describe(loc: Location, lang: Lang | None = None) -> str:
    """A compact, human-readable 'where' (file › tab › row › column, or file:line)."""
    lg = lang or current_language()
    parts: list[str] = []
    if loc.file:
        parts.append(f"{loc.file}:{loc.line}" if loc.line else loc.file)
    elif loc.line:
        parts.append(label("where_line", lg, line=loc.line))
    for key, value in (("tab", loc.tab), ("row", loc.row), ("column", shown_column(loc, lg)), ("field", loc.field)):
        if value is not None and value != "":
            parts.append(label(f"where_{key}", lg, value=value))
    if loc.value is not None:
        parts.append(label("where_value", lg, value=repr(loc.value)))
    return ", ".join(parts)


class AuditError(Exception):
    """Base class: a problem the user can fix, with a message and where it is."""

    exit_code = 2

    def __init__(self, message: str | Msg, location: Location | None = None, **params: Any) -> None:
        """``message`` is a catalogue key (with ``params``) or a ready ``Msg``; plain text that is
        not a key (a library's own words) is shown as it is, in both languages."""
        if isinstance(message, Msg):
            self.msg = message
        elif params or _is_key(message):
            self.msg = Msg(message, params)
        else:
            self.msg = Msg("plain_text", {"text": message})
        self.location = location or Location()
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The message alone, in the current language (see ``i18n.set_language``)."""
        return render(self.msg, current_language())

    def text(self, lang: Lang | None = None) -> str:
        """Where and what, in ``lang`` (default: the current language)."""
        lg = lang or current_language()
        what = render(self.msg, lg)
        where = describe(self.location, lg)
        return f"{where}: {what}" if where else what

    def __str__(self) -> str:
        return self.text()


def _is_key(text: str) -> bool:
    return text in MESSAGES


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

    def __init__(self, value: object, expected: Msg, location: Location | None = None) -> None:
        self.raw_value = value
        self.expected = expected
        super().__init__("value_unreadable_as", location, value=repr(value), expected=expected)


class ReportError(AuditError):
    """A report could not be written."""


class SendError(AuditError):
    """An e-mail could not be sent."""
