"""Options several commands share, defined once so they are spelled and documented alike."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal

import typer

from elschool_audit.i18n import Lang as LangCode
from elschool_audit.i18n import help_text


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


def early_language(argv: list[str] | None = None) -> LangCode:
    """The language asked for (``--lang en``, ``--lang=en`` or ELSCHOOL_AUDIT_LANG), read from argv
    before typer parses anything: help texts are fixed when the commands are declared, and an error
    in parsing itself is reported in it too."""
    args = sys.argv[1:] if argv is None else argv
    chosen = os.environ.get("ELSCHOOL_AUDIT_LANG", "vi")
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            chosen = args[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
    return "en" if chosen == "en" else "vi"


HELP_LANG = early_language()


def h(key: str, **params: object) -> str:
    """A help text from the catalogue (``i18n.HELP``) in the language of this invocation."""
    return help_text(key, HELP_LANG, **params)


def _chosen(ctx: typer.Context, value: Lang) -> Lang:
    """Errors and log lines follow the report's language: set it as soon as --lang is parsed.

    A command's own ``--lang`` left at its default must not undo ``elschool-audit --lang en …``
    given before the command: then the language already chosen stands."""
    from elschool_audit.i18n import current_language, set_language

    source = ctx.get_parameter_source("lang")  # typer vendors click: compare the enum by name
    if getattr(source, "name", None) == "DEFAULT":
        return Lang(current_language())
    set_language("en" if value == Lang.en else "vi")
    return value


LangOpt = Annotated[Lang, typer.Option("--lang", envvar="ELSCHOOL_AUDIT_LANG", help=h("opt_lang"), callback=_chosen)]
FmtOpt = Annotated[Fmt, typer.Option("--format", help=h("opt_fmt"))]
RubricOpt = Annotated[
    Path | None,
    typer.Option(
        "--rubric",
        help=h("opt_rubric"),
    ),
]
HistoryOpt = Annotated[
    Path | None,
    typer.Option("--history", help=h("opt_history")),
]
