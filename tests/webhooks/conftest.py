"""A webhook receiver on a free local port, stopped after the test."""

from __future__ import annotations

import pytest

from tests.webhooks.receiver import Receiver


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.fixture
def admin(demo):
    """An administrator's browser session, in English."""
    from django.test import Client

    from digikommun.identity.models import Role, RoleGrant, User

    user = User.objects.create(username="drift", first_name="Dana", last_name="Drift")
    RoleGrant.objects.create(user=user, role=Role.ADMINISTRATOR)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    client.cookies["django_language"] = "en"
    return client
