"""Options several commands share, defined once so they are spelled and documented alike."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class Lang(StrEnum):
    vi = "vi"
    en = "en"


class Fmt(StrEnum):
    """For the commands whose output is either a table for people or JSON for programs."""

    table = "table"
    json = "json"


LangOpt = Annotated[Lang, typer.Option("--lang", envvar="ELSCHOOL_AUDIT_LANG", help="vi (default) or en.")]
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
