"""A webhook receiver on a free local port, stopped after the test."""

from __future__ import annotations

import pytest

from tests.webhooks.receiver import Receiver


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()
