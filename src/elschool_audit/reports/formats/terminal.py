"""Rich renderables for the terminal. The library builds them; only the CLI prints them."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from elschool_audit.i18n import Lang, label
from elschool_audit.reports.cells import day, is_district, points
from elschool_audit.reports.cells import where as where_of
from elschool_audit.reports.formats.interface import ReportFormat

if TYPE_CHECKING:  # rich is imported when a report is shown: --help does not need it
    from rich.console import RenderableType
    from rich.text import Text

    from elschool_audit.reports.shapes import DistrictReport, Report, SchoolRecord, SchoolReport

FORMAT = ReportFormat(name="table", extensions=(".txt",), order=10)

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


def _verdict(rec: SchoolRecord) -> Text:
    from rich.text import Text

    if rec["error"]:
        return Text(rec["verdict"], style="magenta")
    return Text(rec["verdict"], style="bold green" if rec["meets_standard"] else "bold red")


def _short_name(name: str) -> str:
    """'Trường THCS Ái Mộ' → 'THCS Ái Mộ': every row says 'Trường', the width is better spent."""
    return name[len("Trường ") :] if name.lower().startswith("trường ") else name


def district_table(report: DistrictReport, lang: Lang) -> RenderableType:
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from elschool_audit.reports.records import score_notes, summary_line

    table = Table(
        title=f"{report['district']} — {report['rubric']['title']}\n({label('as_of', lang)} {day(report['as_of'])})",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    rows = sorted(report["schools"], key=lambda r: (r["rank"] is None, r["rank"] or 0, r["school"]["id"]))
    # The id is what `audit school` takes: always whole (the column is at least as wide as the
    # longest id); names, levels and verdicts wrap instead, and the numbers never do.
    widest_id = max((len(r["school"]["id"]) for r in rows), default=8)
    table.add_column("#", justify="right", min_width=2)
    table.add_column(label("school", lang), overflow="fold", min_width=widest_id, ratio=1)
    table.add_column(label("level", lang), overflow="fold")
    table.add_column(label("score", lang), justify="right", no_wrap=True, min_width=6)
    table.add_column(label("result", lang), overflow="fold", max_width=9)
    table.add_column(label("rules_counts", lang), justify="center", no_wrap=True)
    table.add_column(label("problems_short", lang), justify="right", no_wrap=True)
    for rec in rows:
        c = rec["counts"]
        school = rec["school"]
        counts = Text.assemble(
            (str(c["pass"]), "green"),
            "/",
            (str(c["fail"]), "red"),
            "/",
            (str(c["error"]), "magenta"),
        )
        table.add_row(
            str(rec["rank"] or "—"),
            Text.assemble(_short_name(school["name"]), "\n", (school["id"], "dim")),
            Text.assemble(school["level"], "\n", (label(school["profile"], lang), "dim")),
            _score(rec["score"]),
            _verdict(rec),
            counts,
            str(len(rec["problems"])),
        )
    summary = summary_line(report, lang)
    unaudited = [
        Text(f"✗ {r['school']['name']}: {r['error']}", style="magenta") for r in report["schools"] if r["error"]
    ]
    notes = [
        Text(f"{r['school']['name']}: {'; '.join(score_notes(r, lang)[1:])}", style="dim")
        for r in report["schools"]
        if not r["error"] and len(score_notes(r, lang)) > 1
    ]
    assumed = [
        Text(f"{r['school']['name']} — {rule['id']}: {rule['status_label']}", style="dim")
        for r in report["schools"]
        for rule in r.get("rules", [])
        if rule.get("assumed")
    ]
    shared = [
        Text(f"{r['school_name']} — {label(r['severity'], lang)}: {r['message']}", style=STYLE.get(r["severity"], ""))
        for r in report.get("sharing") or []
    ]
    scoring = Text(report["scoring_text"], style="dim")
    legend = Text(label("district_legend", lang), style="dim")
    return Group(table, legend, *notes, *assumed, *unaudited, *shared, scoring, Text(summary, style="bold"))


def school_view(rec: SchoolReport, lang: Lang, max_findings: int = 10) -> RenderableType:
    from rich import box
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from elschool_audit.reports.records import score_notes

    school = rec["school"]
    head = Text.assemble(
        (school["name"], "bold"),
        f"  ·  {label('level', lang)} {school['level']}  ·  {label('profile', lang)}: {label(school['profile'], lang)}",
        f"  ·  {label('as_of', lang)} {day(rec['as_of'])}\n",
        (f"{label('score', lang)}: {_score(rec['score'])} ", "bold"),
        f"({rec['earned']:g}/{rec['possible']:g}"
        + (f" + {label('bonus', lang)} {rec['bonus']:g}" if rec["bonus"] else "")
        + f"; {label('pass_mark', lang)} {rec['pass_mark'] * 100:.0f}%)  ",
        _verdict(rec),
    )
    if not rec["error"]:
        head.append("\n" + "\n".join(score_notes(rec, lang)), style="dim")
    parts: list[RenderableType] = [Panel(head, expand=False)]
    if rec["error"]:
        parts.append(Text(rec["error"], style="magenta"))
        return Group(*parts)

    sections = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    sections.add_column(label("section", lang))
    sections.add_column(label("points", lang), justify="right", no_wrap=True)
    sections.add_column(label("score", lang), justify="right", no_wrap=True)
    for sec in rec["sections"]:
        if not sec["possible"] and not sec["earned"]:
            continue
        sections.add_row(sec["title"], f"{sec['earned']:g}/{sec['possible']:g}", _score(sec["score"]))
    parts.append(sections)

    rules = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    rules.add_column(label("status", lang), no_wrap=True)
    rules.add_column(label("rule", lang), no_wrap=True)
    rules.add_column(label("points", lang), justify="right", no_wrap=True)
    rules.add_column(label("message", lang), ratio=1)
    not_applicable: list[str] = []
    order = {"error": 0, "fail": 1, "info": 2, "waived": 3, "pass": 4}
    for r in sorted(rec["rules"], key=lambda r: order.get(r["status"], 5)):
        if r["status"] == "not_applicable":
            not_applicable.append(r["id"])
            continue
        pts = points(r["points_earned"], r["points_possible"])
        detail = r["note"] if r["status"] == "waived" else r["measured"]
        body = Text(r["title"])
        if detail:
            body.append(f"\n{detail}", style="dim")
        rules.add_row(Text(r["status_label"], style=STYLE.get(r["status"], "")), r["id"], pts, body)
    parts.append(rules)
    if not_applicable:
        parts.append(
            Text(
                f"{label('not_applicable', lang)} ({len(not_applicable)}): " + ", ".join(not_applicable) + "\n",
                style="dim",
            )
        )

    for r in rec["rules"]:
        if r["status"] not in ("fail", "error") or not r["findings"]:
            continue
        lines = Text()
        lines.append(f"{r['id']} — {r['title']}\n", style=f"bold {STYLE[r['status']]}")
        for f in r["findings"][:max_findings]:
            where = where_of(f, lang)
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
        for p in rec["problems"][: max_findings * 2]:
            where = where_of(p, lang)
            lines.append(f"  • [{label(p['severity'], lang)}] {p['message']}")
            if p.get("value"):
                lines.append(f"  [{p['value']}]", style="yellow")
            lines.append(f"\n    {where}\n", style="dim")
        extra = len(rec["problems"]) - max_findings * 2
        if extra > 0:
            lines.append("  " + label("more_problems", lang, n=extra) + "\n", style="dim")
        parts.append(lines)
    return Group(*parts)


def view(report: Report, lang: Lang) -> RenderableType:
    """The district table or the school view, whichever the report is."""
    return district_table(report, lang) if is_district(report) else school_view(report, lang)


def dumps(report: Report, lang: Lang) -> str:
    """The view as plain text at 120 columns, for ``-o report.txt`` or a pipe."""
    from rich.console import Console

    buf = io.StringIO()
    Console(file=buf, width=120, no_color=True, highlight=False).print(view(report, lang))
    return buf.getvalue()
