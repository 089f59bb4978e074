"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message

import pytest


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, list[Message]]]:
    """A local aiosmtpd server on 127.0.0.1 collecting what it receives."""
    from aiosmtpd.controller import Controller

    received: list[Message] = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN202, N802
            received.append(message_from_bytes(envelope.original_content or envelope.content))
            return "250 OK"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, received
    finally:
        controller.stop()


