"""The monthly messages: each school its own report, the district officer the summary and changes.

Everything here is composed from the report records (``reports.records``) and the format
renderers, so an e-mailed report is byte-for-byte the report `--output` would write.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, select_autoescape

from elschool_audit.history import DiffRecord, HistoryStore
from elschool_audit.i18n import Lang, label
from elschool_audit.notify.email import (
    XLSX_TYPE,
    Attachment,
    Outgoing,
    SendReport,
    SmtpSender,
    SmtpSettings,
    build_message,
    check_address,
    deliver,
)
from elschool_audit.output import safe_filename
from elschool_audit.reports import records
from elschool_audit.reports.cells import day, ranked_rows
from elschool_audit.reports.render import render
from elschool_audit.results import DistrictResult
from elschool_audit.roster import Roster
from elschool_audit.rubric.loader import LoadedRubric

if TYPE_CHECKING:
    from elschool_audit.reports.shapes import DistrictReport, SchoolRecord, SchoolReport

log = logging.getLogger(__name__)

_env = Environment(
    loader=PackageLoader("elschool_audit.notify", "templates"),
    autoescape=select_autoescape(["html.j2"]),  # the .txt.j2 plain-text part must not be HTML-escaped
    trim_blocks=True,
    lstrip_blocks=True,
)


def _month_label(month: str) -> str:
    year, mon = month.split("-")
    return f"{mon}/{year}"


def _verdict(rec: SchoolRecord, lang: Lang) -> str:
    if rec.get("error"):
        return label("mail_not_audited", lang)
    score = rec.get("score")
    pct = f" ({score * 100:.1f}%)" if score is not None else ""
    if rec["meets_standard"]:
        return label("mail_meets", lang) + pct
    return label("mail_below", lang) + pct


def school_message(sender: str, report: SchoolReport, email: str, month: str, district: str, lang: Lang) -> Outgoing:
    """One school's report: HTML body, Markdown as the plain-text part, XLSX attached."""
    name = report["school"]["name"]
    subject = label("mail_school_subject", lang, district=district, month=_month_label(month), name=name)
    subject += _verdict(report, lang)
    html = render(report, "school", "html", lang)
    text = render(report, "school", "md", lang)
    xlsx = render(report, "school", "xlsx", lang)
    assert isinstance(html, str) and isinstance(text, str) and isinstance(xlsx, bytes)
    stem = safe_filename(f"{report['school']['id']}-{month}")
    recipient = check_address(email, f"roster: {report['school']['id']}.email")
    message = build_message(sender, [recipient], subject, html, text, [Attachment(f"{stem}.xlsx", xlsx, *XLSX_TYPE)])
    return Outgoing("school", report["school"]["id"], (recipient,), message)


def district_message(
    sender: str,
    recipients: list[str],
    report: DistrictReport,
    changes: DiffRecord | None,
    month: str,
    lang: Lang,
) -> Outgoing:
    """The district summary: changes since last month first, then the ranking; XLSX, CSV and the
    full HTML report attached."""
    checked = tuple(check_address(r, "--email-to") for r in recipients)
    summary = report["summary"]
    subject = label(
        "mail_district_subject",
        lang,
        district=report["district"],
        month=_month_label(month),
        ok=summary["meets_standard"],
        total=summary["total"],
    )
    ranked = ranked_rows(report)
    context = {
        "report": report,
        "changes": changes,
        "month": _month_label(month),
        "lang": lang,
        "ranked": ranked,
        "t": lambda key, **params: label(key, lang, **params),
        "day": day,
    }
    body = _env.get_template("district_email.html.j2").render(**context)
    text = _env.get_template("district_email.txt.j2").render(**context)
    xlsx = render(report, "district", "xlsx", lang)
    csv = render(report, "district", "csv", lang)
    html_report = render(report, "district", "html", lang)
    assert isinstance(xlsx, bytes) and isinstance(csv, str) and isinstance(html_report, str)
    stem = f"district-{month}"
    message = build_message(
        sender,
        checked,
        subject,
        body,
        text,
        [
            Attachment(f"{stem}.xlsx", xlsx, *XLSX_TYPE),
            Attachment(f"{stem}-findings.csv", csv.encode("utf-8"), "text", "csv"),  # dumps() adds the BOM
            Attachment(f"{stem}.html", html_report.encode("utf-8"), "text", "html"),
        ],
    )
    return Outgoing("district", "district", checked, message)


def monthly_messages(
    sender: str,
    results: list[tuple[SchoolReport, str | None]],
    district_report: DistrictReport,
    district_to: list[str],
    changes: DiffRecord | None,
    month: str,
    lang: Lang,
) -> tuple[list[Outgoing], list[tuple[str, str]]]:
    """Every school with an address gets its report; returns the messages and (school, why not) for
    schools that cannot be mailed (no address, or the school could not be audited)."""
    outgoing: list[Outgoing] = []
    unsendable: list[tuple[str, str]] = []
    for report, email in results:
        school_id = report["school"]["id"]
        if report.get("error"):
            unsendable.append((school_id, label("mail_not_audited", lang)))
            continue
        if not email:
            unsendable.append((school_id, label("mail_no_address", lang)))
            continue
        outgoing.append(school_message(sender, report, email, month, district_report["district"], lang))
    if district_to:
        outgoing.append(district_message(sender, district_to, district_report, changes, month, lang))
    return outgoing, unsendable


@dataclass
class MonthlySend:
    """What happened to the month's e-mails."""

    report: SendReport
    unsendable: list[tuple[str, str]]

    @property
    def failed(self) -> list[tuple[Outgoing, str]]:
        return self.report.failed


def send_monthly_email(
    store: HistoryStore,
    result: DistrictResult,
    loaded: LoadedRubric,
    roster: Roster,
    district_report: DistrictReport,
    changes: DiffRecord | None,
    month: str,
    lang: Lang,
    run_id: int | None,
    district_to: list[str],
    dry_run: bool,
    outbox: Path | None,
    force: bool,
    settings: SmtpSettings | None = None,
    attempts: int = 3,
) -> MonthlySend:
    """Compose and send (or write) the month's e-mails; a month already sent to a recipient is
    skipped unless ``force``; every failure is logged and reported, never fatal to the others."""
    settings = settings or (None if dry_run else SmtpSettings.from_env())
    sender_address = (
        settings.sender if settings else os.environ.get("ELSCHOOL_AUDIT_SMTP_FROM", "elschool-audit@localhost")
    )
    emails = {s.id: s.email for s in roster.schools}
    per_school = [(records.school_report(r, loaded.rubric, lang), emails.get(r.school_id)) for r in result.schools]
    outgoing, unsendable = monthly_messages(
        sender_address, per_school, district_report, district_to, changes, month, lang
    )
    for school_id, why in unsendable:
        log.warning("%s", label("log_mail_not_sent_to", lang, school=school_id, why=why))

    def already(o: Outgoing) -> bool:
        if force or dry_run:
            return False
        done = all(store.emailed(month, r, o.kind) for r in o.recipients)
        if done:
            log.info("%s", label("log_mail_skipped", lang, mail=o.key, month=month))
        return done

    def mark(o: Outgoing) -> None:
        for r in o.recipients:
            store.mark_emailed(month, r, o.kind, run_id)
        log.info("%s", label("log_mail_sent", lang, mail=o.key, to=", ".join(o.recipients)))

    sender = None if dry_run or settings is None else SmtpSender(settings, attempts=attempts)
    box = (outbox or Path(f"outbox-{month}")) if dry_run else None
    report = deliver(outgoing, sender=sender, outbox=box, already_sent=already, mark_sent=mark)
    for o, why in report.failed:
        log.error("%s", label("log_mail_failed", lang, mail=o.key, why=why))
    for path in report.written:
        log.info("%s", label("log_mail_written", lang, path=path))
    return MonthlySend(report, unsendable)
