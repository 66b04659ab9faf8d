"""Options several commands share, defined once so they are spelled and documented alike."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

import typer


class Lang(StrEnum):
    vi = "vi"
    en = "en"


LevelChoice = Literal["MN", "TH", "THCS"]
"""``roster.Level`` spelled here, so that options do not import the roster's pydantic models (a test
keeps the two equal)."""


class Fmt(StrEnum):
    """For the commands whose output is either a table for people or JSON for programs."""

    table = "table"
    json = "json"


def _chosen(value: Lang) -> Lang:
    """Errors and log lines follow the report's language: set it as soon as --lang is parsed."""
    from elschool_audit.i18n import set_language

    set_language("en" if value == Lang.en else "vi")
    return value


LangOpt = Annotated[
    Lang, typer.Option("--lang", envvar="ELSCHOOL_AUDIT_LANG", help="vi (default) or en.", callback=_chosen)
]
FmtOpt = Annotated[Fmt, typer.Option("--format", help="table or json.")]
RubricOpt = Annotated[
    Path | None,
    typer.Option(
        "--rubric",
        help="Rubric YAML or bundle folder (default: the newest bundled guideline year; env ELSCHOOL_AUDIT_RUBRIC).",
    ),
]
HistoryOpt = Annotated[
    Path | None,
    typer.Option("--history", help="SQLite history file (default: user data dir; env ELSCHOOL_AUDIT_HISTORY)."),
]
