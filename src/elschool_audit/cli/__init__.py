"""The command line: parse options, call the library, render, exit with a meaningful code.

This package is the only place that imports typer or prints. Every ``AuditError`` becomes a
one-line message on stderr (plus a traceback with ``--debug``, which never changes the exit
code) and its exit code. Messages are printed as plain text: a path or a value holding
``[bold]`` or an escape sequence is shown, never interpreted.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from elschool_audit import __version__
from elschool_audit.cli.options import early_language, h
from elschool_audit.errors import AuditError
from elschool_audit.i18n import current_language, label, set_language
from elschool_audit.sanitize import one_line

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    rich_markup_mode=None,
    name="elschool-audit",
    help=h("app"),
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
    debug: Annotated[bool, typer.Option("--debug", help=h("debug"))] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help=h("version"))] = False,
    lang: Annotated[
        str | None, typer.Option("--lang", envvar="ELSCHOOL_AUDIT_LANG", help=h("root_lang"), show_envvar=False)
    ] = None,
) -> None:
    # --lang here only lets `elschool-audit --lang en --help` parse: the language itself is read
    # from argv before any command is declared (early_language), so help texts are already in it.
    state["debug"] = debug or bool(os.environ.get("ELSCHOOL_AUDIT_DEBUG"))
    if lang is not None:  # commands left at their default --lang keep this one (options._chosen)
        set_language("en" if lang == "en" else "vi")


def err_console() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False)


def status_line(text: str, *, stderr: bool = False, style: str | None = None) -> None:
    """Print a one-line status that carries a path: never wrapped at the terminal's width (a cron
    log is grepped by line, and a path broken in two cannot be pasted) and never read as markup (a
    folder may be called ``[2017]``)."""
    from rich.console import Console

    Console(stderr=stderr, highlight=False, markup=False).print(text, style=style, soft_wrap=True)


_PLAIN: tuple[object, ...] = (bool, str, str | None)
"""Annotations click already delivers as they are (a bool flag, a text option): no coercion."""


def _flags_without_pydantic() -> None:
    """Keep ``--help`` from importing pydantic (about 0.3 s; issue 17).

    typer builds a pydantic TypeAdapter for a parameter the first time it processes its value, even
    when the value is unset: ``audit district --help`` processes the parent's ``--help`` and
    completion flags (all None) and so paid for pydantic before printing anything. A bool flag
    or a text option needs no coercion (click already gives a bool, a str or None), so it gets
    typer's own pass-through coercion. Only typer's private hook is touched, and only if this typer has it.
    """
    core = sys.modules.get("typer.core")
    coercion = sys.modules.get("typer._coercion")
    param_cls = getattr(core, "_TyperParameter", None)
    passthrough = getattr(coercion, "PassThroughRuntimeParam", None)
    original = getattr(param_cls, "get_runtime_param", None)
    if param_cls is None or passthrough is None or original is None:
        return

    def get_runtime_param(self: Any) -> Any:
        desc = getattr(self, "type_descriptor", None)
        if getattr(self, "_runtime_param", None) is None and desc is not None and desc.annotation in _PLAIN:
            self._runtime_param = passthrough(annotation=desc.annotation, parameter_info=desc.parameter_info)
        return original(self)

    param_cls.get_runtime_param = get_runtime_param


def _register() -> None:
    from elschool_audit.cli import audit as audit_cmd
    from elschool_audit.cli import auth as auth_cmd
    from elschool_audit.cli import cache as cache_cmd
    from elschool_audit.cli import history as history_cmds
    from elschool_audit.cli import rubric as rubric_cmd
    from elschool_audit.cli import sheets as sheets_cmd

    app.add_typer(audit_cmd.app, name="audit")
    app.add_typer(rubric_cmd.app, name="rubric")
    app.command("history", help=h("history"))(history_cmds.history_cmd)
    app.command("diff", help=h("diff"))(history_cmds.diff_cmd)
    app.add_typer(auth_cmd.app, name="auth")
    app.add_typer(cache_cmd.app, name="cache")
    app.add_typer(sheets_cmd.app, name="sheets")


_COMPLETION_FLAGS = ("install_completion", "show_completion")


def _framework_words() -> None:
    """click's own words on a help page ("Usage:", "Options", "Commands", the help option) in the
    language of this invocation. typer vendors click and hard-codes them; only these few hooks are
    touched, and only if this typer has them."""
    core = sys.modules.get("typer.core")
    formatting = sys.modules.get("typer._click.formatting")
    click_core = sys.modules.get("typer._click.core")
    if core is not None and hasattr(core, "_"):
        core._ = lambda text: h(f"click_{text.lower()}") if text in ("Options", "Commands", "Arguments") else text  # type: ignore[attr-defined]
    formatter = getattr(formatting, "HelpFormatter", None)
    if formatter is not None and hasattr(formatter, "write_usage"):
        write_usage = formatter.write_usage

        def usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
            write_usage(self, prog, args, h("click_usage") if prefix is None else prefix)

        formatter.write_usage = usage
    command = getattr(click_core, "TyperCommand", None) or getattr(click_core, "Command", None)
    if command is not None and hasattr(command, "get_help_option"):
        get_help_option = command.get_help_option

        def help_option(self: Any, ctx: Any) -> Any:
            option = get_help_option(self, ctx)
            if option is not None:
                option.help = h("click_help")
            for param in getattr(self, "params", ()):  # typer's completion flags on the root
                if getattr(param, "name", None) in _COMPLETION_FLAGS:
                    param.help = h(f"click_{param.name}")
            return option

        command.get_help_option = help_option


_flags_without_pydantic()
_framework_words()
_register()


def _traceback() -> None:
    import traceback

    traceback.print_exc()


def main() -> None:
    """Console-script entry point."""
    set_language(early_language(sys.argv[1:]))
    try:
        rc = app(standalone_mode=False)
        sys.exit(rc if isinstance(rc, int) else 0)
    except AuditError as exc:
        from rich.text import Text

        if state["debug"]:
            _traceback()  # the exit code stays the documented one
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
        from rich.text import Text

        if state["debug"]:
            _traceback()
        lang = current_language()
        err_console().print(
            Text.assemble(
                (f"{label('internal_error', lang)}: ", "bold red"),
                one_line(f"{type(exc).__name__}: {exc}"),
                f"\n{label('internal_error_hint', lang)}",
            )
        )
        sys.exit(3)
