"""A real SMTP server on 127.0.0.1 for tests (aiosmtpd), with scriptable refusals."""

from __future__ import annotations

import socket
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class Handler:
    messages: list[Received] = field(default_factory=list)
    refuse: dict[str, str] = field(default_factory=dict)
    """recipient → SMTP reply to give at RCPT (e.g. '451 4.3.0 try later', '550 5.1.1 no such user')."""
    rcpt_attempts: Counter[str] = field(default_factory=Counter)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any) -> str:
        self.rcpt_attempts[address.lower()] += 1
        reply = self.refuse.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        msg = message_from_bytes(envelope.original_content, policy=policy.default)
        assert isinstance(msg, EmailMessage)
        self.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), msg))
        return "250 Message accepted"

    def to(self, address: str) -> list[EmailMessage]:
        return [m.message for m in self.messages if address.lower() in (r.lower() for r in m.rcpt_tos)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class SmtpServer:
    host: str
    port: int
    handler: Handler

    def env(self) -> dict[str, str]:
        return {
            "ELSCHOOL_AUDIT_SMTP_HOST": self.host,
            "ELSCHOOL_AUDIT_SMTP_PORT": str(self.port),
            "ELSCHOOL_AUDIT_SMTP_SECURITY": "none",
            "ELSCHOOL_AUDIT_SMTP_FROM": "kiemtra@pgdlongbien.edu.vn",
            "ELSCHOOL_AUDIT_SMTP_RETRY_DELAY": "0.01",
        }


@pytest.fixture
def smtp_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    handler = Handler()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port, server_hostname="localhost")
    controller.start()
    server = SmtpServer("127.0.0.1", port, handler)
    for key, value in server.env().items():
        monkeypatch.setenv(key, value)
    try:
        yield server
    finally:
        controller.stop()
