"""Monthly e-mails: build the messages, then send them over SMTP or write them as .eml files.

Building and sending are separate so `--dry-run` shows exactly what would be sent. Every header
value that can carry school-provided text (the school's name in the subject, its address) is
stripped of CR/LF before it reaches the message, so a name can never inject a header; the stdlib's
``EmailMessage`` would refuse such a value anyway, and we would rather degrade than fail a school.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import smtplib
import socket
import ssl
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path
from typing import Any, Literal

from elschool_audit.errors import ConfigError, Location, SendError
from elschool_audit.output import safe_filename, write_atomic

log = logging.getLogger(__name__)

Security = Literal["starttls", "ssl", "none"]
_EMAIL_RE = re.compile(r"^[^@\s<>(),;:\"\[\]]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")

XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def header_safe(text: str) -> str:
    """School-provided text made safe for a header: no CR/LF or other control characters."""
    return re.sub(r"[\x00-\x1f\x7f]+", " ", text).strip()


def check_address(address: str, where: str) -> str:
    address = address.strip()
    if not _EMAIL_RE.match(address):
        raise ConfigError(f"địa chỉ e-mail không hợp lệ / invalid e-mail address {address!r}", Location(field=where))
    return address


class _Subject(str):
    """A Subject header folded by the ``email.header.Header`` encoder.

    Python's default policy (3.11-3.13) folds a long non-ASCII subject into encoded-words split at
    the spaces, and the spaces are lost on decoding ("điện tử" arrives as "điệntử" in every mail
    client). The older encoder keeps each space inside an encoded-word. The policy hands any value
    that has a ``name`` to its ``fold`` method instead of refolding it.
    """

    name = "Subject"
    defects: tuple[()] = ()

    def fold(self, *, policy: Any) -> str:
        encoded = Header(str(self), "utf-8", header_name=self.name).encode(linesep=policy.linesep)
        return f"{self.name}: {encoded}{policy.linesep}"


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    user: str | None
    password: str | None
    sender: str
    security: Security = "starttls"
    timeout: float = 30.0
    retry_delay: float = 2.0
    """Seconds before the first retry of a failed send (doubled each time)."""

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> SmtpSettings:
        """ELSCHOOL_AUDIT_SMTP_HOST, _PORT, _USER, _PASSWORD, _FROM, _SECURITY (starttls|ssl|none)."""
        env = dict(os.environ) if env is None else env

        def get(name: str) -> str | None:
            value = env.get(f"ELSCHOOL_AUDIT_SMTP_{name}")
            return value.strip() if value and value.strip() else None

        host, sender = get("HOST"), get("FROM")
        if host is None or sender is None:
            raise ConfigError(
                "thiếu cấu hình SMTP: đặt ELSCHOOL_AUDIT_SMTP_HOST và ELSCHOOL_AUDIT_SMTP_FROM / "
                "SMTP is not configured: set ELSCHOOL_AUDIT_SMTP_HOST and ELSCHOOL_AUDIT_SMTP_FROM"
            )
        security = (get("SECURITY") or "starttls").lower()
        if security not in ("starttls", "ssl", "none"):
            raise ConfigError(
                f"ELSCHOOL_AUDIT_SMTP_SECURITY phải là starttls, ssl hoặc none / must be starttls, ssl or none "
                f"(got {security!r})"
            )
        port_text = get("PORT") or ("465" if security == "ssl" else "587" if security == "starttls" else "25")
        try:
            port = int(port_text)
        except ValueError as exc:
            raise ConfigError(f"ELSCHOOL_AUDIT_SMTP_PORT không phải số / is not a number: {port_text!r}") from exc
        delay_text = get("RETRY_DELAY") or "2"
        try:
            delay = float(delay_text)
        except ValueError as exc:
            raise ConfigError(
                f"ELSCHOOL_AUDIT_SMTP_RETRY_DELAY không phải số / is not a number: {delay_text!r}"
            ) from exc
        return cls(
            host=host,
            port=port,
            user=get("USER"),
            password=get("PASSWORD"),
            sender=check_address(sender, "ELSCHOOL_AUDIT_SMTP_FROM"),
            security=security,  # type: ignore[arg-type]
            retry_delay=delay,
        )


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    maintype: str
    subtype: str


@dataclass(frozen=True)
class Outgoing:
    """One message to send, with what it is for (the send log and the 'already e-mailed' check)."""

    kind: Literal["school", "district"]
    key: str
    """School id, or 'district'."""
    recipients: tuple[str, ...]
    message: EmailMessage


def build_message(
    sender: str,
    recipients: Iterable[str],
    subject: str,
    html: str,
    text: str,
    attachments: Iterable[Attachment] = (),
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    msg["Subject"] = _Subject(header_safe(subject))
    msg["Date"] = format_datetime(dt.datetime.now(dt.UTC))
    msg["Message-ID"] = make_msgid(domain=Address(addr_spec=sender).domain or "elschool-audit.local")
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(text, subtype="plain", charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    for a in attachments:
        msg.add_attachment(a.data, maintype=a.maintype, subtype=a.subtype, filename=header_safe(a.filename))
    return msg


@dataclass
class SendReport:
    sent: list[Outgoing] = field(default_factory=list)
    skipped: list[Outgoing] = field(default_factory=list)
    failed: list[tuple[Outgoing, str]] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


class SmtpSender:
    """Sends over one SMTP connection per message batch, reconnecting when a send fails."""

    def __init__(self, settings: SmtpSettings, attempts: int = 3) -> None:
        self.settings = settings
        self.attempts = max(1, attempts)
        self._conn: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        conn: smtplib.SMTP
        # HELO with the plain host name: smtplib's default, socket.getfqdn(), does a DNS lookup that
        # can hang for a long time on a school server with broken DNS.
        helo = socket.gethostname() or "localhost"
        if s.security == "ssl":
            conn = smtplib.SMTP_SSL(
                s.host, s.port, local_hostname=helo, timeout=s.timeout, context=ssl.create_default_context()
            )
        else:
            conn = smtplib.SMTP(s.host, s.port, local_hostname=helo, timeout=s.timeout)
            if s.security == "starttls":
                conn.starttls(context=ssl.create_default_context())
        if s.user:
            conn.login(s.user, s.password or "")
        return conn

    def _close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self._conn.quit()
            self._conn = None

    def send(self, message: EmailMessage, recipients: tuple[str, ...]) -> None:
        last: Exception | None = None
        for attempt in range(1, self.attempts + 1):
            try:
                if self._conn is None:
                    self._conn = self._connect()
                self._conn.send_message(message, from_addr=self.settings.sender, to_addrs=list(recipients))
                return
            except smtplib.SMTPRecipientsRefused as exc:
                codes = [code for code, _ in exc.recipients.values()]
                if not all(400 <= code < 500 for code in codes):  # 5xx is permanent: retrying changes nothing
                    raise SendError(f"máy chủ từ chối người nhận / recipients refused: {exc.recipients}") from exc
                last = exc
                self._close()
                log.warning("người nhận tạm thời bị từ chối (%s), thử lại %d/%d", codes, attempt, self.attempts)
                if attempt < self.attempts:
                    time.sleep(self.settings.retry_delay * 2 ** (attempt - 1))
                continue
            except (TimeoutError, smtplib.SMTPException, OSError) as exc:
                last = exc
                self._close()
                log.warning("gửi lỗi lần %d/%d: %s", attempt, self.attempts, exc)
                if attempt < self.attempts:
                    time.sleep(self.settings.retry_delay * 2 ** (attempt - 1))
        raise SendError(f"không gửi được sau {self.attempts} lần / failed after {self.attempts} attempts: {last}")

    def close(self) -> None:
        self._close()


def deliver(
    outgoing: Iterable[Outgoing],
    *,
    sender: SmtpSender | None,
    outbox: Path | None,
    already_sent: Callable[[Outgoing], bool],
    mark_sent: Callable[[Outgoing], None],
) -> SendReport:
    """Send (or, with ``outbox``, write as .eml) every message; one failure never stops the others."""
    report = SendReport()
    try:
        for out in outgoing:
            if already_sent(out):
                report.skipped.append(out)
                continue
            if outbox is not None:
                path = outbox / f"{safe_filename(out.kind + '-' + out.key)}.eml"
                write_atomic(path, out.message.as_bytes())
                report.written.append(path)
                continue
            assert sender is not None
            try:
                sender.send(out.message, out.recipients)
            except SendError as exc:
                report.failed.append((out, exc.message))
                continue
            mark_sent(out)
            report.sent.append(out)
    finally:
        if sender is not None:
            sender.close()
    return report
