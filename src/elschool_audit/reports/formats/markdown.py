"""Markdown reports: short enough to paste into an e-mail or a written report, readable unrendered.

School-provided text is backslash-escaped, so a school named ``<b>x</b>`` or ``*A*`` shows as
typed in a Markdown viewer instead of becoming markup; pipes are escaped inside tables.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from elschool_audit.i18n import Lang, label
from elschool_audit.reports.cells import (
    day,
    is_district,
    is_drive_link,
    level_name,
    percent,
    points,
    ranked_rows,
    short_name,
    where,
)
from elschool_audit.reports.formats.interface import ReportFormat

if TYPE_CHECKING:
    from elschool_audit.reports.shapes import DistrictReport, Report, SchoolRecord, SchoolReport

FORMAT = ReportFormat(name="md", extensions=(".md",), order=60)

MAX_FINDINGS = 5
"""Findings shown per failing rule: an e-mail is for the gist; the XLSX/CSV have every row."""

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def esc(text: Any) -> str:
    """Text safe inside Markdown (also inside a table cell): markup characters escaped, one line."""
    if text is None:
        return ""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def code(text: Any) -> str:
    """A cell value as a code span: shown exactly as the school typed it, never as markup."""
    body = " ".join(str(text).split()).replace("`", "ˋ")
    return f"`{body}`"


def _url(link: str) -> str:
    """A link target that cannot end the Markdown link early."""
    return link.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _table(headers: list[str], rows: list[list[str]], right: set[int] | None = None) -> list[str]:
    right = right or set()
    lines = ["| " + " | ".join(headers) + " |"]
    lines.append("|" + "|".join("---:" if i in right else "---" for i in range(len(headers))) + "|")
    lines.extend("| " + " | ".join(row) + " |" for row in rows)
    return lines


def _score_line(rec: SchoolRecord, lang: Lang) -> str:
    from elschool_audit.reports.records import score_notes

    if rec["error"]:
        return f"**{esc(rec['verdict'])}**: {esc(rec['error'])}"
    bonus = f" + {label('bonus', lang)} {rec['bonus']:g}" if rec["bonus"] else ""
    notes = "".join(f"  \n{esc(n)}" for n in score_notes(rec, lang))
    return (
        f"**{label('score', lang)}: {percent(rec['score'])}** ({rec['earned']:g}/{rec['possible']:g}{bonus}; "
        f"{label('pass_mark', lang)} {rec['pass_mark'] * 100:.0f}%) — **{esc(rec['verdict'])}**{notes}"
    )


def _on_assumed(rec: SchoolRecord, lang: Lang, heading: str) -> list[str]:
    """Passes that rest on values assumed from names: listed, since only failures are otherwise."""
    rules = [r for r in rec.get("rules", []) if r.get("assumed")]
    if not rules:
        return []
    lines = [f"{heading} {label('assumed_passes', lang)} ({len(rules)})", ""]
    for r in rules:
        lines.append(f"- **{esc(r['id'])}**: {esc(r['title'])} — {esc(r['status_label'])}")
    return [*lines, ""]


def _failing(rec: SchoolRecord, lang: Lang, heading: str) -> list[str]:
    failing = [r for r in rec.get("rules", []) if r["status"] in ("fail", "error")]
    lines = [f"{heading} {label('failing_rules', lang)} ({len(failing)})", ""]
    if not failing:
        return [*lines, label("no_failing_rules", lang), ""]
    for r in failing:
        pts = points(r["points_earned"], r["points_possible"])
        lines.append(f"- **{esc(r['id'])}** ({label('clause', lang)} {esc(r['clause'])}, {pts}): {esc(r['title'])}")
        lines.append(f"  {esc(r['status_label'])} — {esc(r['measured'] or r['note'])}")
        for f in r["findings"][:MAX_FINDINGS]:
            loc = where(f, lang)
            value = f" {code(f['value'])}" if f.get("value") else ""
            link = f" — [{label('open_file', lang)}]({_url(f['link'])})" if is_drive_link(f["link"]) else ""
            lines.append(f"  - {esc(f['message'])}{value}" + (f" — {esc(loc)}" if loc else "") + link)
            if f.get("plan"):
                note = "; ".join(str(v) for v in f["plan"].values())
                lines.append(f"    *{label('plan_note', lang)}:* {esc(note)}")
        extra = r["findings_total"] - min(len(r["findings"]), MAX_FINDINGS)
        if extra > 0:
            lines.append(f"  - {esc(label('more_findings', lang, n=extra))}")
        if r.get("explain"):
            lines.append(f"  *{label('how_to_fix', lang)}:* {esc(r['explain'])}")
    return [*lines, ""]


def school(rec: SchoolReport, lang: Lang) -> str:
    s = rec["school"]
    lines = [
        f"# {esc(s['name'])}",
        "",
        f"{label('level', lang)} {esc(level_name(s['level'], lang))} · {label('profile', lang)}: "
        f"{label(s['profile'], lang)} · {label('as_of', lang)} {day(rec['as_of'])} · {esc(rec['rubric']['title'])}",
        "",
        _score_line(rec, lang),
        "",
    ]
    if rec["error"]:
        return "\n".join(lines)
    rows = [
        [esc(sec["title"]), f"{sec['earned']:g}/{sec['possible']:g}", percent(sec["score"])]
        for sec in rec["sections"]
        if sec["possible"] or sec["earned"]
    ]
    lines += _table([label("section", lang), label("points", lang), label("score", lang)], rows, {1, 2})
    lines.append("")
    lines += _failing(rec, lang, "##")
    lines += _on_assumed(rec, lang, "##")
    if rec["problems"]:
        lines += [f"## {label('problems', lang)} ({len(rec['problems'])})", ""]
        for p in rec["problems"][: MAX_FINDINGS * 2]:
            loc = where(p, lang)
            value = f" {code(p['value'])}" if p.get("value") else ""
            link = f" — [{label('open_file', lang)}]({_url(p['link'])})" if is_drive_link(p.get("link")) else ""
            lines.append(
                f"- {label(p['severity'], lang)}: {esc(p['message'])}{value}" + (f" — {esc(loc)}" if loc else "") + link
            )
        extra = len(rec["problems"]) - MAX_FINDINGS * 2
        if extra > 0:
            lines.append(f"- {esc(label('more_problems', lang, n=extra))}")
        lines.append("")
    return "\n".join(lines)


def _sharing(report: DistrictReport, lang: Lang) -> list[str]:
    """``--sharing``: who can open each school's files, personal data first."""
    rows = report.get("sharing") or []
    if not rows:
        return []
    lines = [f"## {label('sharing_section', lang)} ({len(rows)})", ""]
    for r in rows:
        lines.append(f"- {esc(r['school_name'])} — {label(r['severity'], lang)}: {esc(r['message'])}")
    return [*lines, ""]


def district(report: DistrictReport, lang: Lang) -> str:
    from elschool_audit.reports.records import summary_line

    lines = [
        f"# {esc(report['district'])} — {esc(report['rubric']['title'])}",
        "",
        f"{label('as_of', lang)} {day(report['as_of'])}. " + summary_line(report, lang) + ".",
        "",
    ]
    rows = []
    for rec in ranked_rows(report):
        c = rec["counts"]
        rows.append(
            [
                str(rec["rank"] or "—"),
                esc(short_name(rec["school"]["name"])),
                esc(rec["school"]["level"]),
                percent(rec["score"]),
                esc(rec["verdict"]),
                f"{c['pass']}/{c['fail']}/{c['error']}",
            ]
        )
    headers = ["#", "school", "level", "score", "result", "rules_counts"]
    lines += _table(["#", *(label(h, lang) for h in headers[1:])], rows, {0, 3})
    lines += ["", esc(report["scoring_text"]), ""]
    lines += _sharing(report, lang)
    for rec in ranked_rows(report):
        lines += [f"## {esc(rec['school']['name'])}", "", _score_line(rec, lang), ""]
        if not rec["error"]:
            lines += _failing(rec, lang, "###") + _on_assumed(rec, lang, "###")
    return "\n".join(lines).rstrip("\n") + "\n"


def dumps(report: Report, lang: Lang) -> str:
    if is_district(report):
        return district(report, lang)
    return school(report, lang).rstrip("\n") + "\n"
