"""`elschool-audit sheets template | lint | kinds`: blank templates and structural self-checks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from elschool_audit.cli.options import Fmt, Lang, LangOpt, LevelChoice, RubricOpt, h
from elschool_audit.errors import ConfigError, Location, SourceError

# The library is imported by each command when it runs: `--help` must stay fast (issue 17).
if TYPE_CHECKING:
    from elschool_audit.i18n import Lang as LangCode
    from elschool_audit.lint import LintReport

app = typer.Typer(
    rich_markup_mode=None,
    help=h("sheets"),
    no_args_is_help=True,
)


SEVERITY_STYLE = {"error": "red", "warning": "yellow", "note": "blue"}


@app.command("template", help=h("sheets_template"))
def template_cmd(
    level: Annotated[LevelChoice, typer.Option("--level", help=h("opt_tpl_level"))],
    output: Annotated[Path | None, typer.Option("--output", "-o", help=h("opt_tpl_output"))] = None,
    out: Annotated[Path | None, typer.Option("--out", hidden=True, help=h("opt_deprecated_out"))] = None,
    school: Annotated[str, typer.Option("--school-name", "--name", help=h("opt_tpl_name"))] = "",
    school_id: Annotated[str | None, typer.Option("--id", help=h("opt_tpl_id"))] = None,
    email: Annotated[str | None, typer.Option("--email", help=h("opt_tpl_email"))] = None,
    pilot: Annotated[bool, typer.Option("--pilot", help=h("opt_tpl_pilot"))] = False,
    clc: Annotated[bool, typer.Option("--clc", help=h("opt_tpl_clc"))] = False,
    force: Annotated[bool, typer.Option("--force", help=h("opt_tpl_force"))] = False,
    rubric: RubricOpt = None,
    lang: LangOpt = Lang.vi,
) -> None:
    """Blank .xlsx templates for every sheet kind the rubric reads at this level, and truong.yaml."""
    from rich.console import Console

    from elschool_audit.cli import err_console
    from elschool_audit.i18n import label, render
    from elschool_audit.lint import needed_kinds
    from elschool_audit.results import Msg
    from elschool_audit.rubric.loader import load_rubric
    from elschool_audit.selfcheck import IDENTITY_FILE, identity_yaml, template_identity
    from elschool_audit.sheets.templates import build_templates, existing, write_templates

    lang_v: LangCode = lang.value
    if out is not None:
        err_console().print(render(Msg("option_deprecated", {"old": "--out", "new": "-o/--output"}), lang_v))
    folder = output or out or Path("mau-ho-so")
    loaded = load_rubric(rubric)
    kinds = needed_kinds(loaded.rubric, level, "full", pilot=True, clc=level == "TH")
    line = label("template_school_line", lang.value, school=school) if school else ""
    templates = build_templates(kinds, line, lang_v)
    who = template_identity(level, school or folder.resolve().name, school_id, email, pilot, clc)
    extra = {IDENTITY_FILE: identity_yaml(who)}
    clash = existing(folder, templates, extra)
    if clash and not force:
        names = ", ".join(p.name for p in clash)
        raise ConfigError(render(Msg("template_would_overwrite", {"files": names}), lang_v), Location(file=str(folder)))
    paths = write_templates(folder, templates, extra)
    console = Console(highlight=False)
    for path in paths[:-1]:
        console.print(f"→ {path}")
    console.print(render(Msg("identity_written", {"path": paths[-1]}), lang_v))
    console.print(render(Msg("template_written", {"n": len(templates), "level": level}), lang_v), style="bold")


@app.command("kinds", help=h("sheets_kinds"))
def kinds_cmd(lang: LangOpt = Lang.vi) -> None:
    """Every sheet kind and its columns (the Vietnamese header, accepted spellings, type)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    from elschool_audit.sheets.kinds import catalogue

    console = Console(highlight=False)
    for kind in catalogue().kinds.values():
        table = Table(title=f"{kind.name} — {kind.title(lang.value)}", box=box.SIMPLE_HEAD, title_justify="left")
        table.add_column("column", no_wrap=True)
        table.add_column("header")
        table.add_column("type", no_wrap=True)
        table.add_column("aliases")
        for col in kind.columns.values():
            table.add_row(
                col.name, col.header(lang.value) + (" ★" if col.required else ""), col.type, ", ".join(col.aliases)
            )
        console.print(table)


@app.command("map", help=h("sheets_map"))
def map_cmd(
    path: Annotated[Path, typer.Argument(help=h("arg_map_path"))],
    out: Annotated[Path | None, typer.Option("--out", help=h("opt_map_out"))] = None,
    force: Annotated[bool, typer.Option("--force", help=h("opt_map_force"))] = False,
) -> None:
    """Propose a mapping file for a school's own books, with a comment on every guess."""
    from elschool_audit.cli import status_line
    from elschool_audit.i18n import current_language
    from elschool_audit.output import write_atomic
    from elschool_audit.sheets.mapping import MAPPING_FILE
    from elschool_audit.sheets.propose import propose_mapping
    from elschool_audit.sources.local import seen_tabs

    if not path.exists():
        raise SourceError("path_missing", Location(file=str(path)))
    target = out or (path if path.is_dir() else path.parent) / MAPPING_FILE
    if target.exists() and not force:
        raise ConfigError("file_exists_use_force", Location(file=str(target)))
    write_atomic(target, propose_mapping(seen_tabs(path), str(path), lang=current_language()))
    status_line(f"→ {target}")


def _lint_path(path: Path, level: LevelChoice | None) -> LintReport:
    from elschool_audit.lint import lint_school, lint_workbook
    from elschool_audit.roster import School
    from elschool_audit.sheets.mapping import find_mapping
    from elschool_audit.sources.base import WorkbookBuilder
    from elschool_audit.sources.local import LocalSource
    from elschool_audit.sources.readers import SPREADSHEET_SUFFIXES, read_workbook

    school = School(id="self-check", name=path.name, level=level or "TH")
    if path.is_dir():
        return lint_school(LocalSource(path.parent, school_dir=path), school)
    if not path.is_file():
        raise SourceError("path_missing", Location(file=str(path)))
    if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
        raise ConfigError("not_a_spreadsheet", known=", ".join(sorted(SPREADSHEET_SUFFIXES)))
    builder = WorkbookBuilder(mapping=find_mapping(path.parent))
    builder.add_file(path.name, read_workbook(path, path.name))
    return lint_workbook(str(path), builder.build())


@app.command("lint", help=h("sheets_lint"))
def lint_cmd(
    path: Annotated[Path | None, typer.Argument(help=h("arg_lint_path"))] = None,
    school: Annotated[str | None, typer.Option("--school", help=h("opt_lint_school"))] = None,
    source: Annotated[str | None, typer.Option("--source", help=h("opt_lint_source"))] = None,
    roster: Annotated[Path | None, typer.Option("--roster", help=h("opt_lint_roster"))] = None,
    level: Annotated[LevelChoice | None, typer.Option("--level", help=h("opt_lint_level"))] = None,
    rubric: RubricOpt = None,
    fmt: Annotated[Fmt, typer.Option("--format", help=h("opt_fmt"))] = Fmt.table,
    lang: LangOpt = Lang.vi,
) -> None:
    """Structure only: tabs recognised, required columns found, values readable. Exit 0 clean, 1 problems."""
    from elschool_audit.lint import lint_school, needed_kinds
    from elschool_audit.roster import School, load_roster
    from elschool_audit.rubric.loader import load_rubric
    from elschool_audit.sources.local import LocalSource
    from elschool_audit.sources.select import open_source

    if (path is None) == (school is None):
        raise ConfigError("path_or_school_needed")
    expected: list[str] | None = None
    if school is not None:
        src, roster_path = open_source(source, roster)
        target = load_roster(roster_path).find(school)
        level = level or target.level
        expected = needed_kinds(load_rubric(rubric).rubric, target.level, target.profile, target.pilot, target.clc)
        report = lint_school(src, target, expected)
    else:
        assert path is not None
        report = _lint_path(path, level)
        if level is not None and path.is_dir():
            expected = needed_kinds(load_rubric(rubric).rubric, level, "full", pilot=True, clc=level == "TH")
            report = lint_school(
                LocalSource(path.parent, school_dir=path),
                School(id="self-check", name=path.name, level=level),
                expected,
            )
    _print_lint(report, fmt, lang)
    raise typer.Exit(0 if report.clean else 1)


def _print_lint(report: LintReport, fmt: Fmt, lang: Lang) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from elschool_audit.i18n import label
    from elschool_audit.sheets.kinds import catalogue

    console = Console(highlight=False)
    record = report.record(lang.value)
    if fmt is Fmt.json:
        console.file.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    lg: LangCode = lang.value
    read = ", ".join(f"{catalogue().kinds[k].title(lg)} ({n})" for k, n in report.tabs.items())
    console.print(Text(report.where, style="bold"))
    console.print(label("lint_files_read", lg, files=report.files, read=read or label("lint_none", lg)), style="dim")
    if not record["problems"]:
        console.print(Text(label("lint_clean", lg), style="bold green"))
        return
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("", no_wrap=True)
    table.add_column(label("where", lg), ratio=2)
    table.add_column(label("lint_problem", lg), ratio=3)
    table.add_column(label("lint_how_to_fix", lg), ratio=3)
    for p in record["problems"]:
        where = " › ".join(
            str(x)
            for x in (
                p["file"],
                p["tab"],
                label("lint_row", lg, row=p["row"]) if p["row"] is not None else None,
                p["column"],
            )
            if x
        )
        problem = Text(p["message"])
        if p["value"]:
            problem.append(f" [{p['value']}]", style="yellow")
        table.add_row(
            Text(label(f"severity_{p['severity']}", lg), style=SEVERITY_STYLE[p["severity"]]),
            where,
            problem,
            Text(p["hint"], style="dim"),
        )
    console.print(table)
    n = len(record["problems"])
    if report.clean:
        key = "lint_notes_only_one" if n == 1 else "lint_notes_only"
        console.print(Text(label(key, lg, n=n), style="bold green"))
        return
    console.print(Text(label("lint_problems_one" if n == 1 else "lint_problems", lg, n=n), style="bold red"))
