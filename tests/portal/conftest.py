"""Fixtures of the portal's tests: the test service with every field type, a logged-in client."""

from __future__ import annotations

from pathlib import Path

import pytest

SHOWCASE = Path(__file__).resolve().parents[1] / "fixtures" / "services" / "falttyper"


@pytest.fixture
def showcase(demo):
    from digikommun.catalog.definition import load_definition
    from digikommun.catalog.services import service_publish

    return service_publish(definition=load_definition(SHOWCASE)).version


@pytest.fixture
def anna(demo):
    from digikommun.identity.models import User

    return User.objects.get(personnummer="198507099805")


@pytest.fixture
def resident(client, anna):
    client.force_login(anna, backend="django.contrib.auth.backends.ModelBackend")
    return client
