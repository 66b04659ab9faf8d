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
import threading
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
from elschool_audit.i18n import current_language, label
from elschool_audit.output import safe_filename, write_atomic
from elschool_audit.retry import Backoff, RetryPolicy

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
        raise ConfigError("email_invalid", Location(field=where), address=repr(address))
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
    """Seconds any one network operation (connect, a command's reply) may take."""
    retry_delay: float = 2.0
    """Seconds before the first retry of a failed send (doubled each time, with jitter)."""
    message_deadline: float = 120.0
    """Seconds one message may take, every attempt included: a server that answers a byte at a
    time never trips ``timeout``, so the connection is cut when this passes."""
    run_deadline: float = 900.0
    """Seconds all the sending of one run may take; messages after it are reported not sent."""

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> SmtpSettings:
        """ELSCHOOL_AUDIT_SMTP_HOST, _PORT, _USER, _PASSWORD, _FROM, _SECURITY (starttls|ssl|none)."""
        env = dict(os.environ) if env is None else env

        def get(name: str) -> str | None:
            value = env.get(f"ELSCHOOL_AUDIT_SMTP_{name}")
            return value.strip() if value and value.strip() else None

        host, sender = get("HOST"), get("FROM")
        if host is None or sender is None:
            raise ConfigError("smtp_not_configured")
        security = (get("SECURITY") or "starttls").lower()
        if security not in ("starttls", "ssl", "none"):
            raise ConfigError("smtp_security_bad", value=repr(security))
        port_text = get("PORT") or ("465" if security == "ssl" else "587" if security == "starttls" else "25")
        try:
            port = int(port_text)
        except ValueError as exc:
            raise ConfigError("env_not_a_number", name="ELSCHOOL_AUDIT_SMTP_PORT", value=repr(port_text)) from exc

        def seconds(name: str, default: float) -> float:
            text = get(name)
            if text is None:
                return default
            try:
                value = float(text)
            except ValueError as exc:
                raise ConfigError("env_not_a_number", name=f"ELSCHOOL_AUDIT_SMTP_{name}", value=repr(text)) from exc
            if not value >= 0:
                raise ConfigError("env_negative", name=f"ELSCHOOL_AUDIT_SMTP_{name}", value=repr(text))
            return value

        return cls(
            host=host,
            port=port,
            user=get("USER"),
            password=get("PASSWORD"),
            sender=check_address(sender, "ELSCHOOL_AUDIT_SMTP_FROM"),
            security=security,  # type: ignore[arg-type]
            timeout=seconds("TIMEOUT", 30.0) or 30.0,
            retry_delay=seconds("RETRY_DELAY", 2.0),
            message_deadline=seconds("MESSAGE_DEADLINE", 120.0) or 120.0,
            run_deadline=seconds("RUN_DEADLINE", 900.0) or 900.0,
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


class _Watchdog:
    """Cuts a connection when its deadline passes, whatever it is waiting for (the greeting, a
    reply, the DATA acknowledgement): shutting the socket down wakes the blocked read, which
    then fails like any dropped connection."""

    def __init__(self, seconds: float, conn: smtplib.SMTP) -> None:
        self.fired = False
        self._conn = conn
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def _fire(self) -> None:
        self.fired = True
        sock = getattr(self._conn, "sock", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


_LOOPBACK = {"localhost", "127.0.0.1", "::1"}


class SmtpSender:
    """Sends over one SMTP connection per message batch, reconnecting when a send fails.

    Every message has a deadline (all its attempts) and the run has one (all its messages): a
    server that never answers, or answers a byte every 20 s, costs at most those, the message is
    reported not sent and the run goes on (releasing its lock when it ends).
    """

    def __init__(self, settings: SmtpSettings, attempts: int = 3, clock: Callable[[], float] = time.monotonic) -> None:
        self.settings = settings
        self.attempts = max(1, attempts)
        self._conn: smtplib.SMTP | None = None
        self._clock = clock
        self._run_ends: float | None = None
        self._backoff = Backoff(
            RetryPolicy(
                max_attempts=self.attempts,
                base_delay=settings.retry_delay,
                max_delay=max(settings.retry_delay * 8, 0.0),
                total_backoff_budget=settings.run_deadline,
            )
        )
        if settings.user and settings.security == "none" and settings.host.lower() not in _LOOPBACK:
            log.warning("%s", label("log_smtp_plaintext_password", current_language()))

    def _connect(self, seconds: float) -> smtplib.SMTP:
        s = self.settings
        conn: smtplib.SMTP
        # HELO with the plain host name: smtplib's default, socket.getfqdn(), does a DNS lookup that
        # can hang for a long time on a school server with broken DNS.
        helo = socket.gethostname() or "localhost"
        timeout = min(s.timeout, max(seconds, 0.001))
        if s.security == "ssl":
            conn = smtplib.SMTP_SSL(local_hostname=helo, timeout=timeout, context=ssl.create_default_context())
        else:
            conn = smtplib.SMTP(local_hostname=helo, timeout=timeout)
        with _Watchdog(seconds, conn):
            conn.connect(s.host, s.port)
            if s.security == "starttls":
                conn.starttls(context=ssl.create_default_context())
            if s.user:
                conn.login(s.user, s.password or "")
        return conn

    def _close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                if self._conn.sock is not None:  # a polite QUIT, but not another long wait
                    self._conn.sock.settimeout(min(self.settings.timeout, 5.0))
                self._conn.quit()
            with contextlib.suppress(OSError):
                self._conn.close()
            self._conn = None

    def _remaining(self, message_ends: float) -> float:
        now = self._clock()
        if self._run_ends is None:
            self._run_ends = now + self.settings.run_deadline
        return min(message_ends, self._run_ends) - now

    def send(self, message: EmailMessage, recipients: tuple[str, ...]) -> None:
        message_ends = self._clock() + self.settings.message_deadline
        last: Exception | None = None
        for attempt in range(1, self.attempts + 1):
            remaining = self._remaining(message_ends)
            if remaining <= 0:
                self._close()
                raise SendError(
                    "smtp_deadline",
                    per_message=f"{self.settings.message_deadline:.0f}",
                    run=f"{self.settings.run_deadline:.0f}",
                    last=str(last),
                )
            try:
                if self._conn is None:
                    self._conn = self._connect(remaining)
                    remaining = self._remaining(message_ends)
                with _Watchdog(remaining, self._conn):
                    self._conn.send_message(message, from_addr=self.settings.sender, to_addrs=list(recipients))
                return
            except smtplib.SMTPRecipientsRefused as exc:
                codes = [code for code, _ in exc.recipients.values()]
                if not all(400 <= code < 500 for code in codes):  # 5xx is permanent: retrying changes nothing
                    raise SendError("smtp_recipients_refused", recipients=str(exc.recipients)) from exc
                last = exc
                self._close()
                log.warning(
                    "%s",
                    label("log_smtp_recipients_later", current_language(), codes=codes, n=attempt, of=self.attempts),
                )
            except (TimeoutError, smtplib.SMTPException, OSError) as exc:
                last = exc
                self._close()
                log.warning(
                    "%s", label("log_smtp_failed_try", current_language(), n=attempt, of=self.attempts, why=exc)
                )
            wait = self._backoff.delay(attempt)
            if wait is None:
                break
            time.sleep(min(wait, max(self._remaining(message_ends), 0.0)))
        raise SendError("smtp_failed", attempts=self.attempts, last=str(last))

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
