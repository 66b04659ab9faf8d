"""`elschool-audit rubric show | explain | check`: the rubric, readable without opening the YAML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from elschool_audit.cli.options import Fmt, Lang, LangOpt, RubricOpt, h
from elschool_audit.errors import ConfigError

if TYPE_CHECKING:
    from elschool_audit.i18n import Lang as LangCode

app = typer.Typer(
    rich_markup_mode=None,
    help=h("rubric"),
    no_args_is_help=True,
)


@app.command("show", help=h("rubric_show"))
def show_cmd(
    rubric: RubricOpt = None,
    fmt: Annotated[Fmt, typer.Option("--format", help=h("opt_fmt"))] = Fmt.table,
    lang: LangOpt = Lang.vi,
) -> None:
    """Every rule (id, clause, levels, model, points, check) and every requirement no record can show."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from elschool_audit.i18n import label
    from elschool_audit.rubric.catalog import rubric_record
    from elschool_audit.rubric.loader import load_rubric

    record = rubric_record(load_rubric(rubric), lang.value)
    console = Console(highlight=False)
    if fmt is Fmt.json:
        console.file.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    lg: LangCode = lang.value
    caption = label(
        "rubric_caption", lg, pass_mark=f"{record['pass_mark'] * 100:g}", total=f"{record['points_total']:g}"
    )
    table = Table(
        title=f"{record['title']} — {record['id']} ({record['hash']})",
        caption=caption,
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    # Rule ids whole and the points always visible, at 80 columns too: the other columns wrap.
    table.add_column(label("rule", lg), no_wrap=True)
    table.add_column(label("rubric_col_title", lg), ratio=1, min_width=16)
    table.add_column(label("rubric_col_levels", lg), overflow="fold", max_width=6)
    table.add_column(label("profile", lg), overflow="fold", max_width=8)
    table.add_column(label("rubric_col_points", lg), justify="right", no_wrap=True, min_width=4)
    for r in record["rules"]:
        model = "+".join(label(f"profile_short_{p}", lg) for p in r["profiles"])
        if r["partial_levels"] is not None and "partial" in r["profiles"]:
            model += f" ({','.join(r['partial_levels'])})"
        flags = [label(f, lg) for f, on in (("rubric_flag_pilot", r["pilot_only"]), ("clc", r["clc_only"])) if on]
        points = f"+{r['points']:g}" if r["bonus"] else ("—" if r["informational"] else f"{r['points']:g}")
        title = Text(r["title"][lg])
        if flags:
            title.append(f" [{', '.join(flags)}]", style="dim")
        title.append(f"\n{r['clause']} · {label('check_type_' + r['check_type'], lg)}", style="dim")
        table.add_row(r["id"], title, " ".join(r["levels"]), model, points)
    console.print(table)
    if record["not_evidenced"]:
        console.print(Text(label("rubric_not_evidenced", lg), style="bold"))
        for n in record["not_evidenced"]:
            console.print(f"  • {n['id']} ({n['clause']}): {n['reason'][lg]}")


@app.command("explain", help=h("rubric_explain"))
def explain_cmd(
    rule_id: Annotated[str, typer.Argument(help=h("arg_rule_id"))],
    rubric: RubricOpt = None,
    fmt: Annotated[Fmt, typer.Option("--format", help=h("opt_fmt_text"))] = Fmt.table,
    lang: LangOpt = Lang.vi,
) -> None:
    """What one rule checks, which sheets and columns it reads, and how to pass it."""
    import difflib

    from rich.console import Console
    from rich.text import Text

    from elschool_audit.i18n import label
    from elschool_audit.rubric.catalog import explain_record
    from elschool_audit.rubric.loader import load_rubric

    loaded = load_rubric(rubric)
    record = explain_record(loaded, rule_id, lang.value)
    if record is None:
        ids = [r.id for _, r in loaded.rubric.rules()]
        close = difflib.get_close_matches(rule_id.upper(), ids, n=3, cutoff=0.5)
        if close:
            raise ConfigError("rubric_no_rule_close", rule=rule_id, close=", ".join(close))
        raise ConfigError("rubric_no_rule", rule=rule_id)
    console = Console(highlight=False)
    if fmt is Fmt.json:
        console.file.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    lg: LangCode = lang.value
    console.print(Text(f"{record['id']} — {record['title'][lg]}", style="bold"))
    console.print(f"{label('clause', lg)}: {record['clause']}  ·  {label('section', lg)}: {record['section_title']}")
    profiles = ", ".join(label(f"profile_word_{p}", lg) for p in record["profiles"])
    line = f"{label('explain_levels', lg)}: {', '.join(record['levels'])}  ·  {label('profile', lg)}: {profiles}"
    if record["partial_levels"] is not None and "partial" in record["profiles"]:
        line += f" ({label('explain_partial_only', lg, levels=', '.join(record['partial_levels']))})"
    if record["pilot_only"]:
        line += f"  ·  {label('explain_pilot_only', lg)}"
    if record["clc_only"]:
        line += f"  ·  {label('explain_clc_only', lg)}"
    console.print(line)
    points = f"+{record['points']:g} ({label('explain_bonus', lg)})" if record["bonus"] else f"{record['points']:g}"
    console.print(f"{label('rubric_col_points', lg)}: {points}")
    console.print()
    console.print(Text.assemble((label("explain_checks", lg) + ": ", "bold"), record["checks"]))
    if record.get("checks_partial"):
        head = label("explain_checks_partial", lg) + ": "
        console.print(Text.assemble((head, "bold"), record["checks_partial"]))
    for sheet in record["sheet_details"]:
        cols = ", ".join(f"«{c['header']}»" for c in sheet["columns"])
        console.print(f"  • {sheet['name']}" + (f": {cols}" if cols else ""))
    if record["how_to_pass"]:
        console.print()
        console.print(Text.assemble((label("explain_how_to_pass", lg) + ": ", "bold"), record["how_to_pass"]))


@app.command("check", help=h("rubric_check"))
def check_cmd(
    file: Annotated[Path, typer.Argument(help=h("arg_rubric_file"))],
    lang: LangOpt = Lang.vi,
) -> None:
    """Validate a custom rubric: exit 0 and a summary when it is sound, exit 2 with the line when not."""
    from elschool_audit.cli import status_line
    from elschool_audit.i18n import label
    from elschool_audit.rubric.catalog import rubric_record
    from elschool_audit.rubric.loader import load_rubric

    loaded = load_rubric(file)
    record = rubric_record(loaded, lang.value)
    summary = label(
        "rubric_check_ok",
        lang.value,
        file=file,
        rules=len(record["rules"]),
        not_evidenced=len(record["not_evidenced"]),
        total=f"{record['points_total']:g}",
        pass_mark=f"{record['pass_mark'] * 100:g}",
        hash=record["hash"],
    )
    status_line(summary)


@app.command("new", help=h("rubric_new"))
def new_cmd(
    year: Annotated[str, typer.Option("--year", help=h("opt_new_year"))],
    out: Annotated[Path, typer.Option("-o", "--out", help=h("opt_new_out"))],
    source: Annotated[str | None, typer.Option("--from", help=h("opt_new_from"))] = None,
    force: Annotated[bool, typer.Option("--force", help=h("opt_new_force"))] = False,
    lang: LangOpt = Lang.vi,
) -> None:
    """Write next year's rubric bundle for the district to edit: years and dates moved, Tết marked."""
    from elschool_audit.cli import status_line
    from elschool_audit.i18n import label
    from elschool_audit.rubric.bundles import new_bundle
    from elschool_audit.rubric.loader import default_bundle

    path = new_bundle(source or default_bundle(), year, out, force=force)
    status_line(label("rubric_new_written", lang.value, path=str(path)))
