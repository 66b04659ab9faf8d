"""SMTP servers that stall: one that never answers, one that drips a byte at a time.

Real loopback servers on raw sockets (aiosmtpd cannot be made to misbehave this way). Every
message has a deadline and the run has one, so a stalled server costs seconds, the school's mail
is reported not sent, the run goes on and the run lock is released.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from elschool_audit.locking import run_lock
from elschool_audit.notify.email import Outgoing, SmtpSender, SmtpSettings, build_message, deliver


class StallingServer:
    """Accepts connections and then ``behave(conn)``s until the test ends."""

    def __init__(self, behave: Callable[[socket.socket, threading.Event], None]) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.stop = threading.Event()
        self.connections = 0
        self._behave = behave
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        self.sock.settimeout(0.1)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn, contextlib.suppress(OSError):
            self._behave(conn, self.stop)

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


def silent(conn: socket.socket, stop: threading.Event) -> None:
    stop.wait(30)


def drip(conn: socket.socket, stop: threading.Event) -> None:
    """Greets correctly, then answers EHLO one byte every 0.2 s, forever (a line never ends)."""
    conn.sendall(b"220 slow.example ESMTP\r\n")
    conn.recv(1024)
    while not stop.is_set():
        conn.sendall(b"2")
        stop.wait(0.2)


@pytest.fixture(params=[silent, drip], ids=["never-answers", "drips-bytes"])
def stalling(request: pytest.FixtureRequest) -> Iterator[StallingServer]:
    server = StallingServer(request.param)
    yield server
    server.close()


def _settings(port: int, **kw: float) -> SmtpSettings:
    values = {"timeout": 1.0, "retry_delay": 0.01, "message_deadline": 1.5, "run_deadline": 4.0, **kw}
    return SmtpSettings(
        host="127.0.0.1", port=port, user=None, password=None, sender="kiemtra@pgdlongbien.edu.vn",
        security="none", **values,
    )  # fmt: skip


def _outgoing(n: int) -> list[Outgoing]:
    out = []
    for i in range(n):
        msg = build_message("kiemtra@pgdlongbien.edu.vn", [f"truong{i}@example.com"], "Báo cáo", "<p>x</p>", "x")
        out.append(Outgoing("school", f"s{i}", (f"truong{i}@example.com",), msg))
    return out


def test_a_stalled_server_costs_the_deadlines_and_every_mail_is_reported_not_sent(
    stalling: StallingServer, tmp_path: Path
) -> None:
    sender = SmtpSender(_settings(stalling.port))
    started = time.monotonic()
    with run_lock(tmp_path / "run.lock"):
        report = deliver(
            _outgoing(5), sender=sender, outbox=None, already_sent=lambda o: False, mark_sent=lambda o: None
        )
    elapsed = time.monotonic() - started
    assert [o.key for o, _ in report.failed] == ["s0", "s1", "s2", "s3", "s4"]
    assert report.sent == []
    assert elapsed < 4.0 + 3.0, elapsed  # the run deadline, plus one timeout's slack
    with run_lock(tmp_path / "run.lock"):  # released: the next run can take it
        pass


def test_each_message_has_its_own_deadline(stalling: StallingServer) -> None:
    sender = SmtpSender(_settings(stalling.port, run_deadline=60.0, message_deadline=1.0))
    started = time.monotonic()
    report = deliver(_outgoing(2), sender=sender, outbox=None, already_sent=lambda o: False, mark_sent=lambda o: None)
    elapsed = time.monotonic() - started
    assert len(report.failed) == 2
    assert elapsed < 2 * (1.0 + 1.0) + 1.0, elapsed


def test_district_email_to_a_stalled_server_writes_the_report_and_exits_2(
    stalling: StallingServer, run_cli: Callable[..., object], district: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    for key, value in {
        "ELSCHOOL_AUDIT_SMTP_HOST": "127.0.0.1",
        "ELSCHOOL_AUDIT_SMTP_PORT": str(stalling.port),
        "ELSCHOOL_AUDIT_SMTP_SECURITY": "none",
        "ELSCHOOL_AUDIT_SMTP_FROM": "kiemtra@pgdlongbien.edu.vn",
        "ELSCHOOL_AUDIT_SMTP_RETRY_DELAY": "0.01",
        "ELSCHOOL_AUDIT_SMTP_TIMEOUT": "1",
        "ELSCHOOL_AUDIT_SMTP_MESSAGE_DEADLINE": "1",
        "ELSCHOOL_AUDIT_SMTP_RUN_DEADLINE": "3",
    }.items():
        monkeypatch.setenv(key, value)
    report = tmp_path / "report.json"
    started = time.monotonic()
    args = ["audit", "district", "--source", str(district), "--month", "2017-01", "--email", "-o", str(report)]
    result = run_cli(*args, "--school", "mn-hoa-sua", "--school", "mn-phuc-dong")
    assert time.monotonic() - started < 120
    assert result.code == 2, result.err  # type: ignore[attr-defined]
    assert report.exists()


def test_a_password_without_tls_is_warned_about(caplog: pytest.LogCaptureFixture) -> None:
    settings = SmtpSettings(host="mail.example.com", port=25, user="u", password="p", sender="a@b.vn", security="none")
    with caplog.at_level(logging.WARNING):
        SmtpSender(settings)
    assert "không mã hoá" in caplog.text and "without TLS" not in caplog.text  # the run's language only
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        SmtpSender(SmtpSettings(host="mail.example.com", port=587, user="u", password="p", sender="a@b.vn"))
    assert "không mã hoá" not in caplog.text
