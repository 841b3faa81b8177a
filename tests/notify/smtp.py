"""A real SMTP server (aiosmtpd) on 127.0.0.1 for the notify tests, and Django pointed at it."""

from __future__ import annotations

import email
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.policy import default as default_policy

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Mailbox:
    """The server's behaviour and what it received. `refuse` replies are used up in order."""

    received: list[EmailMessage] = field(default_factory=list)
    refuse: list[str] = field(default_factory=list)  # e.g. ["451 4.3.0 try again later"]
    refuse_recipient: str = ""  # e.g. "550 5.1.1 no such mailbox"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.refuse_recipient:
            return self.refuse_recipient
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.refuse:
            return self.refuse.pop(0)
        message = email.message_from_bytes(envelope.original_content, policy=default_policy)
        self.received.append(message)
        return "250 Message accepted"


class SmtpServer:
    def __init__(self) -> None:
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpServer:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def restart(self) -> None:
        """After `stop`: the server comes back on the same port, with the same mailbox."""
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def settings(self) -> dict[str, object]:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
        }


def body(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def subject(message: EmailMessage) -> str:
    # Django folds a long encoded subject onto a continuation line; unfolded, it starts with
    # whitespace that mail programs drop.
    return str(message["Subject"]).strip()
