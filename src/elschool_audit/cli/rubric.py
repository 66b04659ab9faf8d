"""`elschool-audit rubric show | explain | check`: the rubric, readable without opening the YAML."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from elschool_audit.cli.options import Fmt, Lang, LangOpt, RubricOpt, h
from elschool_audit.errors import ConfigError

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
    vi = lang is Lang.vi
    table = Table(
        title=f"{record['title']} — {record['id']} ({record['hash']})",
        caption=(
            f"Ngưỡng đạt chuẩn {record['pass_mark'] * 100:g}% tổng điểm áp dụng; "
            f"tổng điểm tối đa {record['points_total']:g}. TP = toàn phần, MP = một phần (A.5)"
            if vi
            else f"Pass mark {record['pass_mark'] * 100:g}% of applicable points; "
            f"{record['points_total']:g} points in all"
        ),
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    # Rule ids whole and the points always visible, at 80 columns too: the other columns wrap.
    table.add_column("Tiêu chí" if vi else "Rule", no_wrap=True)
    table.add_column("Nội dung" if vi else "Title", ratio=1, min_width=16)
    table.add_column("Cấp" if vi else "Levels", overflow="fold", max_width=6)
    table.add_column("Mô hình" if vi else "Model", overflow="fold", max_width=8)
    table.add_column("Điểm" if vi else "Points", justify="right", no_wrap=True, min_width=4)
    for r in record["rules"]:
        model = "+".join("TP" if p == "full" else "MP" for p in r["profiles"]) if vi else "+".join(r["profiles"])
        if r["partial_levels"] is not None and "partial" in r["profiles"]:
            model += f" ({','.join(r['partial_levels'])})"
        flags = [f for f, on in (("thí điểm" if vi else "pilot", r["pilot_only"]), ("CLC", r["clc_only"])) if on]
        points = f"+{r['points']:g}" if r["bonus"] else ("—" if r["informational"] else f"{r['points']:g}")
        title = Text(r["title"][lang.value])
        if flags:
            title.append(f" [{', '.join(flags)}]", style="dim")
        title.append(f"\n{r['clause']} · {label('check_type_' + r['check_type'], lang.value)}", style="dim")
        table.add_row(r["id"], title, " ".join(r["levels"]), model, points)
    console.print(table)
    if record["not_evidenced"]:
        console.print(Text("Không kiểm chứng được bằng hồ sơ:" if vi else "Not evidenced by records:", style="bold"))
        for n in record["not_evidenced"]:
            console.print(f"  • {n['id']} ({n['clause']}): {n['reason'][lang.value]}")


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

    from elschool_audit.rubric.catalog import explain_record
    from elschool_audit.rubric.loader import load_rubric

    loaded = load_rubric(rubric)
    record = explain_record(loaded, rule_id, lang.value)
    if record is None:
        ids = [r.id for _, r in loaded.rubric.rules()]
        close = difflib.get_close_matches(rule_id.upper(), ids, n=3, cutoff=0.5)
        hint = f"; có phải / did you mean: {', '.join(close)}?" if close else "; xem / see `elschool-audit rubric show`"
        raise ConfigError(f"không có tiêu chí {rule_id} / no rule {rule_id} in the rubric{hint}")
    console = Console(highlight=False)
    if fmt is Fmt.json:
        console.file.write(json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        return
    vi = lang is Lang.vi
    console.print(Text(f"{record['id']} — {record['title'][lang.value]}", style="bold"))
    console.print(
        f"{'Mục' if vi else 'Clause'}: {record['clause']}  ·  {'Phần' if vi else 'Section'}: {record['section_title']}"
    )
    profiles = {"full": "toàn phần" if vi else "full", "partial": "một phần" if vi else "partial"}
    line = f"{'Áp dụng cho cấp' if vi else 'Levels'}: {', '.join(record['levels'])}  ·  "
    line += f"{'Mô hình' if vi else 'Model'}: {', '.join(profiles[p] for p in record['profiles'])}"
    if record["partial_levels"] is not None and "partial" in record["profiles"]:
        line += f" ({'một phần chỉ với cấp' if vi else 'partial only for'} {', '.join(record['partial_levels'])})"
    if record["pilot_only"]:
        line += f"  ·  {'chỉ trường thí điểm' if vi else 'pilot schools only'}"
    if record["clc_only"]:
        line += f"  ·  {'chỉ trường CLC' if vi else 'CLC schools only'}"
    console.print(line)
    points = (
        f"+{record['points']:g} ({'điểm thưởng' if vi else 'bonus'})" if record["bonus"] else f"{record['points']:g}"
    )
    console.print(f"{'Điểm' if vi else 'Points'}: {points}")
    console.print()
    console.print(Text.assemble(("Kiểm tra: " if vi else "Checks: ", "bold"), record["checks"]))
    if record.get("checks_partial"):
        label = "Mô hình một phần (A.5): " if vi else "Partial model (A.5): "
        console.print(Text.assemble((label, "bold"), record["checks_partial"]))
    for sheet in record["sheet_details"]:
        cols = ", ".join(f"«{c['header']}»" for c in sheet["columns"])
        console.print(f"  • {sheet['name']}" + (f": {cols}" if cols else ""))
    if record["how_to_pass"]:
        console.print()
        console.print(Text.assemble(("Cách đạt: " if vi else "How to pass: ", "bold"), record["how_to_pass"]))


@app.command("check", help=h("rubric_check"))
def check_cmd(
    file: Annotated[Path, typer.Argument(help=h("arg_rubric_file"))],
    lang: LangOpt = Lang.vi,
) -> None:
    """Validate a custom rubric: exit 0 and a summary when it is sound, exit 2 with the line when not."""
    from rich.console import Console

    from elschool_audit.rubric.catalog import rubric_record
    from elschool_audit.rubric.loader import load_rubric

    loaded = load_rubric(file)
    record = rubric_record(loaded, lang.value)
    vi = lang is Lang.vi
    Console(highlight=False).print(
        f"✓ {file}: {len(record['rules'])} {'tiêu chí' if vi else 'rules'}, "
        f"{len(record['not_evidenced'])} {'yêu cầu không kiểm chứng được' if vi else 'not evidenced'}, "
        f"{'tổng' if vi else 'total'} {record['points_total']:g} {'điểm' if vi else 'points'}, "
        f"{'ngưỡng' if vi else 'pass mark'} {record['pass_mark'] * 100:g}% (hash {record['hash']})"
    )


@app.command("new", help=h("rubric_new"))
def new_cmd(
    year: Annotated[str, typer.Option("--year", help=h("opt_new_year"))],
    out: Annotated[Path, typer.Option("-o", "--out", help=h("opt_new_out"))],
    source: Annotated[str | None, typer.Option("--from", help=h("opt_new_from"))] = None,
    force: Annotated[bool, typer.Option("--force", help=h("opt_new_force"))] = False,
    lang: LangOpt = Lang.vi,
) -> None:
    """Write next year's rubric bundle for the district to edit: years and dates moved, Tết marked."""
    from rich.console import Console

    from elschool_audit.i18n import label
    from elschool_audit.rubric.bundles import new_bundle
    from elschool_audit.rubric.loader import default_bundle

    path = new_bundle(source or default_bundle(), year, out, force=force)
    Console(highlight=False).print(label("rubric_new_written", lang.value, path=str(path)))
