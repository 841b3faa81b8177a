"""The notify tests send through a real SMTP server started on a free local port."""

from __future__ import annotations

import pytest
from django.test import override_settings

from tests.notify.smtp import SmtpServer


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    with override_settings(**server.settings(), SITE_URL="https://e.demokommun.se"):
        yield server.mailbox
    server.stop()
