"""The command line: parse options, call the library, render, exit with a meaningful code.

This package is the only place that imports typer or prints. Every ``AuditError`` becomes a
one-line message on stderr (plus a traceback with ``--debug``, which never changes the exit
code) and its exit code. Messages are printed as plain text: a path or a value holding
``[bold]`` or an escape sequence is shown, never interpreted.
"""

from __future__ import annotations

import os
import sys
import traceback
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from elschool_audit import __version__
from elschool_audit.errors import AuditError
from elschool_audit.i18n import Lang, current_language, label, set_language
from elschool_audit.sanitize import one_line

app = typer.Typer(
    name="elschool-audit",
    help="Kiểm tra hồ sơ mô hình trường học điện tử / Audit schools against the e-school guideline.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
)

state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"elschool-audit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    state["debug"] = debug or bool(os.environ.get("ELSCHOOL_AUDIT_DEBUG"))


def err_console() -> Console:
    return Console(stderr=True, highlight=False)


def _register() -> None:
    from elschool_audit.cli import audit as audit_cmd
    from elschool_audit.cli import auth as auth_cmd
    from elschool_audit.cli import cache as cache_cmd
    from elschool_audit.cli import history as history_cmds
    from elschool_audit.cli import rubric as rubric_cmd
    from elschool_audit.cli import sheets as sheets_cmd

    app.add_typer(audit_cmd.app, name="audit")
    app.add_typer(rubric_cmd.app, name="rubric")
    app.command("history")(history_cmds.history_cmd)
    app.command("diff")(history_cmds.diff_cmd)
    app.add_typer(auth_cmd.app, name="auth")
    app.add_typer(cache_cmd.app, name="cache")
    app.add_typer(sheets_cmd.app, name="sheets")


_register()


def _early_language(argv: list[str]) -> Lang:
    """The language for errors raised before a command parses --lang (a bad option, a missing
    file named on the command line): the same choice, read ahead from argv and the environment."""
    chosen = os.environ.get("ELSCHOOL_AUDIT_LANG", "vi")
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            chosen = argv[i + 1]
        elif arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
    return "en" if chosen == "en" else "vi"


def main() -> None:
    """Console-script entry point."""
    set_language(_early_language(sys.argv[1:]))
    try:
        rc = app(standalone_mode=False)
        sys.exit(rc if isinstance(rc, int) else 0)
    except AuditError as exc:
        if state["debug"]:
            traceback.print_exc()  # the exit code stays the documented one
        lang = current_language()
        err_console().print(
            Text.assemble((f"{label('error_prefix', lang)}: ", "bold red"), one_line(exc.text(lang))), soft_wrap=True
        )
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err_console().print(label("aborted", current_language()))
        sys.exit(130)
    except Exception as exc:
        # Usage errors (unknown option, bad value) arrive here in non-standalone mode. typer vendors
        # its own click, so recognise them by shape rather than by an import of a private module.
        show, code = getattr(exc, "show", None), getattr(exc, "exit_code", None)
        if callable(show) and isinstance(code, int):
            show()
            sys.exit(code)
        if state["debug"]:
            traceback.print_exc()
        lang = current_language()
        err_console().print(
            Text.assemble(
                (f"{label('internal_error', lang)}: ", "bold red"),
                one_line(f"{type(exc).__name__}: {exc}"),
                f"\n{label('internal_error_hint', lang)}",
            )
        )
        sys.exit(3)
