"""A real SMTP server on 127.0.0.1 (aiosmtpd), in a thread: the mail tests
send through Django's SMTP backend to it and read what arrived."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from aiosmtpd.controller import Controller


@dataclass
class Received:
    sender: str
    to: list[str]
    subject: str
    body: str
    headers: dict[str, str] | None = None


class MailServer:
    """Accepts every mail, except to addresses in ``refuse`` (550)."""

    def __init__(self) -> None:
        self.received: list[Received] = []
        self.refuse: set[str] = set()
        self._lock = threading.Lock()
        with socket.socket() as probe:  # a free port (aiosmtpd needs a number)
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_RCPT(self, server, session, envelope, address, options):
        if address in self.refuse:
            return "550 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(
            envelope.original_content or envelope.content, policy=email.policy.default
        )
        part = message.get_body(preferencelist=("plain",))
        body = "" if part is None else part.get_content().replace("\r\n", "\n")
        with self._lock:
            self.received.append(
                Received(
                    sender=envelope.mail_from,
                    to=list(envelope.rcpt_tos),
                    subject=str(message["subject"]).strip(),
                    body=body,
                    headers={name: str(value) for name, value in message.items()},
                )
            )
        return "250 OK"

    def to(self, address: str) -> list[Received]:
        with self._lock:
            return [mail for mail in self.received if address in mail.to]


@pytest.fixture
def mail_server(settings) -> Iterator[MailServer]:
    """Django's SMTP backend pointed at a fresh server on loopback."""
    server = MailServer()
    server.controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    yield server
    server.controller.stop()
