"""HTML reports: one standalone page a principal opens from an e-mail, offline.

Everything is inside the file: CSS in a ``<style>`` block, charts as inline SVG (``charts``), no
scripts, fonts or images from anywhere. Templates autoescape, so every school-provided string
(names, tab names, cell values) is text, never markup; the only markup inserted unescaped is the
SVG the charts module produced. The only links are findings' and data problems' links to Drive
files, and only ``https://`` ones.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from elschool_audit.errors import ReportError
from elschool_audit.i18n import Lang, label
from elschool_audit.reports.cells import (
    STATUS_BAND,
    band,
    day,
    is_district,
    is_drive_link,
    level_name,
    percent,
    points,
    school_rows,
    short_name,
    where,
)
from elschool_audit.reports.formats.interface import ReportFormat

if TYPE_CHECKING:  # jinja2 and matplotlib (charts) are imported when a page is written, not at start-up
    from jinja2 import Environment

    from elschool_audit.reports.shapes import DistrictReport, Report, SchoolRecord, SchoolReport

FORMAT = ReportFormat(name="html", extensions=(".html", ".htm"), order=40)


@functools.cache
def _env() -> Environment:
    """One environment per process: templates are compiled once, however many schools are rendered."""
    from jinja2 import Environment, PackageLoader, StrictUndefined

    return Environment(
        loader=PackageLoader("elschool_audit.reports", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _globals(report: Report, lang: Lang, pass_mark: float) -> dict[str, Any]:
    from elschool_audit.reports.records import score_notes

    def t(key: str, **params: Any) -> str:
        return label(key, lang, **params)

    def verdict_band(rec: SchoolRecord) -> str:
        return "none" if rec["error"] else ("good" if rec["meets_standard"] else "bad")

    return {
        "report": report,
        "lang": lang,
        "t": t,
        "band": lambda score: band(score, pass_mark),
        "verdict_band": verdict_band,
        "status_band": lambda status: STATUS_BAND.get(status, "none"),
        "percent": percent,
        "day": day,
        "points": points,
        "where": lambda item: where(item, lang),
        "level_name": lambda level: level_name(level, lang),
        "is_drive_link": is_drive_link,
        "score_notes": lambda rec: score_notes(rec, lang),
    }


def _pass_mark(report: Report) -> float:
    for rec in school_rows(report):
        return float(rec["pass_mark"])
    return 1.0


def school(report: SchoolReport, lang: Lang) -> str:
    from markupsafe import Markup

    from elschool_audit.reports import charts

    pass_mark = _pass_mark(report)
    ctx = _globals(report, lang, pass_mark)
    ctx["gauge"] = None
    ctx["sections_chart"] = None
    if not report["error"]:
        ctx["gauge"] = Markup(charts.gauge(report["score"], pass_mark, percent(report["score"]), label("score", lang)))
        shown = [s for s in report["sections"] if s["possible"] or s["earned"]]
        ctx["sections_chart"] = Markup(
            charts.hbars([s["title"] for s in shown], [s["score"] for s in shown], pass_mark, label("section", lang))
        )
    return _env().get_template("school.html.j2").render(ctx)


def _period_label(period: str) -> str:
    """'2016-11' → '11/2016' (the way Vietnamese reports write a month); an as-of date stays as is."""
    parts = period.split("-")
    return f"{parts[1]}/{parts[0]}" if len(parts) == 2 else period


def district(report: DistrictReport, lang: Lang) -> str:
    from markupsafe import Markup

    from elschool_audit.reports import charts
    from elschool_audit.reports.records import level_stats

    pass_mark = _pass_mark(report)
    schools = school_rows(report)
    ctx = _globals(report, lang, pass_mark)
    ctx["schools"] = schools
    levels = level_stats(schools, lang)
    ctx["levels"] = levels
    audited = [s for s in schools if not s["error"]]
    ctx["ranking_chart"] = ctx["level_chart"] = ctx["heatmap_chart"] = None
    if audited:
        names = [short_name(s["school"]["name"]) for s in audited]
        ctx["ranking_chart"] = Markup(
            charts.hbars(names, [s["score"] for s in audited], pass_mark, label("ranking", lang))
        )
        ctx["level_chart"] = Markup(
            charts.by_level(
                [(lv["name"], lv["scores"]) for lv in levels if lv["scores"]],
                pass_mark,
                label("by_level", lang),
                label("average", lang),
            )
        )
        sections = [(s["id"], s["title"]) for s in audited[0]["sections"]]
        values = [[{x["id"]: x["score"] for x in s["sections"]}.get(sid) for sid, _ in sections] for s in audited]
        ctx["heatmap_chart"] = Markup(
            charts.heatmap(names, [title for _, title in sections], values, pass_mark, label("section_heatmap", lang))
        )
    ctx["trend_chart"] = None
    points = report.get("trend") or []
    if len(points) >= 2:
        ctx["trend_chart"] = Markup(
            charts.trend(
                [_period_label(p["period"]) for p in points],
                [p["mean_score"] for p in points],
                [p["meets_standard"] / p["schools"] if p["schools"] else None for p in points],
                pass_mark,
                label("trend", lang),
                label("trend_mean", lang),
                label("trend_meets", lang),
            )
        )
    return _env().get_template("district.html.j2").render(ctx)


def dumps(report: Report, lang: Lang) -> str:
    kind = report.get("kind")
    if is_district(report):
        return district(report, lang)
    if kind == "school":
        return school(report, lang)
    raise ReportError("report_kind_unknown", kind=repr(kind))
