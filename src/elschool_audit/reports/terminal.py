"""Rich renderables for the terminal. The library builds them; only the CLI prints them."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from elschool_audit.i18n import Lang, label

STYLE = {
    "pass": "green",
    "fail": "red",
    "error": "magenta",
    "waived": "cyan",
    "not_applicable": "dim",
    "info": "blue",
}


def _score(score: float | None) -> str:
    return "—" if score is None else f"{score * 100:.1f}%"


def _verdict(rec: dict[str, Any]) -> Text:
    if rec["error"]:
        return Text(rec["verdict"], style="magenta")
    return Text(rec["verdict"], style="bold green" if rec["meets_standard"] else "bold red")


def _where(f: dict[str, Any]) -> str:
    parts = [p for p in (f.get("file"), f.get("tab")) if p]
    if f.get("row") is not None:
        parts.append(f"dòng {f['row']}" if f.get("_lang", "vi") == "vi" else f"row {f['row']}")
    if f.get("column"):
        parts.append(str(f["column"]))
    return " › ".join(parts)


def district_table(report: dict[str, Any], lang: Lang) -> RenderableType:
    s = report["summary"]
    table = Table(
        title=f"{report['district']} — {report['rubric']['title']} ({label('as_of', lang)} {report['as_of']})",
        show_lines=False,
    )
    table.add_column(label("rank", lang), justify="right")
    table.add_column(label("school", lang))
    table.add_column(label("level", lang))
    table.add_column(label("profile", lang))
    table.add_column(label("score", lang), justify="right")
    table.add_column(label("result", lang))
    table.add_column(label("pass", lang), justify="right", style="green")
    table.add_column(label("fail", lang), justify="right", style="red")
    table.add_column(label("error", lang), justify="right", style="magenta")
    table.add_column(label("problems", lang), justify="right")
    rows = sorted(report["schools"], key=lambda r: (r["rank"] is None, r["rank"] or 0, r["school"]["id"]))
    for rec in rows:
        c = rec["counts"]
        table.add_row(
            str(rec["rank"] or "—"),
            f"{rec['school']['name']}\n[dim]{rec['school']['id']}[/dim]",
            rec["school"]["level"],
            label(rec["school"]["profile"], lang),
            _score(rec["score"]),
            _verdict(rec),
            str(c["pass"]),
            str(c["fail"]),
            str(c["error"]),
            str(len(rec["problems"])),
        )
    summary = label(
        "summary_line",
        lang,
        audited=s["audited"],
        total=s["total"],
        meets=s["meets_standard"],
        below=s["below_standard"],
        errors=s["could_not_audit"],
    )
    unaudited = [
        Text(f"✗ {r['school']['name']}: {r['error']}", style="magenta") for r in report["schools"] if r["error"]
    ]
    return Group(table, *unaudited, Text(summary, style="bold"))


def school_view(rec: dict[str, Any], lang: Lang, max_findings: int = 10) -> RenderableType:
    school = rec["school"]
    head = Text.assemble(
        (school["name"], "bold"),
        f"  ·  {label('level', lang)} {school['level']}  ·  {label('profile', lang)}: {label(school['profile'], lang)}",
        f"  ·  {label('as_of', lang)} {rec['as_of']}\n",
        (f"{label('score', lang)}: {_score(rec['score'])} ", "bold"),
        f"({rec['earned']:g}/{rec['possible']:g}"
        + (f" + {label('bonus', lang)} {rec['bonus']:g}" if rec["bonus"] else "")
        + f"; {label('pass_mark', lang)} {rec['pass_mark'] * 100:.0f}%)  ",
        _verdict(rec),
    )
    parts: list[RenderableType] = [Panel(head, expand=False)]
    if rec["error"]:
        parts.append(Text(rec["error"], style="magenta"))
        return Group(*parts)

    sections = Table(title=label("section", lang), show_header=True)
    sections.add_column(label("section", lang))
    sections.add_column(label("points", lang), justify="right")
    sections.add_column(label("score", lang), justify="right")
    for sec in rec["sections"]:
        sections.add_row(sec["title"], f"{sec['earned']:g}/{sec['possible']:g}", _score(sec["score"]))
    parts.append(sections)

    rules = Table(title=label("rule", lang))
    rules.add_column(label("rule", lang))
    rules.add_column(label("clause", lang))
    rules.add_column(label("message", lang), max_width=48)
    rules.add_column(label("status", lang))
    rules.add_column(label("points", lang), justify="right")
    rules.add_column(label("measured", lang), max_width=40)
    for r in rec["rules"]:
        pts = f"{r['points_earned']:g}/{r['points_possible']:g}" if r["points_possible"] or r["points_earned"] else "—"
        rules.add_row(
            r["id"],
            r["clause"] or "",
            r["title"],
            Text(r["status_label"], style=STYLE.get(r["status"], "")),
            pts,
            r["note"] if r["status"] in ("not_applicable", "waived") else (r["measured"] or ""),
        )
    parts.append(rules)

    for r in rec["rules"]:
        if r["status"] not in ("fail", "error") or not r["findings"]:
            continue
        lines = Text()
        lines.append(f"{r['id']} — {r['title']}\n", style=f"bold {STYLE[r['status']]}")
        for f in r["findings"][:max_findings]:
            where = _where({**f, "_lang": lang})
            lines.append(f"  • {f['message']}")
            if f.get("value"):
                lines.append(f"  [{f['value']}]", style="yellow")
            if where:
                lines.append(f"\n    {where}", style="dim")
            lines.append("\n")
        extra = r["findings_total"] - min(len(r["findings"]), max_findings)
        if extra > 0:
            lines.append("  " + label("more_findings", lang, n=extra) + "\n", style="dim")
        parts.append(lines)

    if rec["problems"]:
        lines = Text()
        lines.append(label("problems", lang) + "\n", style="bold yellow")
        for p in rec["problems"][:max_findings * 2]:
            where = _where({**p, "_lang": lang})
            lines.append(f"  • [{label(p['severity'], lang)}] {p['message']}")
            if p.get("value"):
                lines.append(f"  [{p['value']}]", style="yellow")
            lines.append(f"\n    {where}\n", style="dim")
        extra = len(rec["problems"]) - max_findings * 2
        if extra > 0:
            lines.append("  " + label("more_problems", lang, n=extra) + "\n", style="dim")
        parts.append(lines)
    return Group(*parts)
