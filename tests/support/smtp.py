"""A real SMTP server on loopback (aiosmtpd) that keeps what it receives, for mail tests.

`smtp_server` starts one per test on 127.0.0.1 and a free port; tests read its
`messages` (parsed `EmailMessage`s with their envelope recipients) and may `stop()` it
to see how the app reports a server that cannot be reached.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest


@dataclass
class Received:
    """One message as the server received it."""

    recipients: list[str]
    message: EmailMessage

    def part(self, subtype: str) -> str:
        """The text of the body part of this subtype ("plain" or "html")."""
        return self.message.get_body(preferencelist=(subtype,)).get_content()


@dataclass
class _Keeper:
    """The aiosmtpd handler: keeps every message it is given."""

    messages: list[Received] = field(default_factory=list)
    #: Recipients the server refuses (550), as a real server refuses an unknown mailbox.
    refused: set[str] = field(default_factory=set)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        """Refuse the addresses in `refused`, accept the others."""
        if address in self.refused:
            return "550 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        """Keep the message and accept it."""
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        self.messages.append(Received(list(envelope.rcpt_tos), parsed))
        return "250 Message accepted for delivery"


class SmtpServer:
    """A running loopback SMTP server and the messages it has received."""

    def __init__(self) -> None:
        """Start on a free port of 127.0.0.1 (aiosmtpd is imported here, so only mail tests need it)."""
        from aiosmtpd.controller import Controller

        self.keeper = _Keeper()
        self.port = _free_port()
        self.controller = Controller(self.keeper, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        self.running = True

    @property
    def messages(self) -> list[Received]:
        """What it has received so far, oldest first."""
        return self.keeper.messages

    def refuse(self, address: str) -> None:
        """Refuse mail for this address from now on."""
        self.keeper.refused.add(address)

    def config(self) -> dict:
        """The app's MAIL_* keys that send to this server."""
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": self.port, "MAIL_SENDER": "workshops@example.com"}

    def stop(self) -> None:
        """Stop listening, so sending fails with a refused connection."""
        if self.running:
            self.controller.stop()
            self.running = False
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline and _accepts(self.port):
                time.sleep(0.05)


def _free_port() -> int:
    """A port of 127.0.0.1 nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _accepts(port: int) -> bool:
    """Whether something listens on the port."""
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture
def smtp_server():
    """A loopback SMTP server for one test, stopped afterwards."""
    server = SmtpServer()
    yield server
    server.stop()
