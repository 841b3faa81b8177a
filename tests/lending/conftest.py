"""Fixtures shared by the lending tests."""

import pytest
from django.test import Client

from digikommun.identity.models import Role, RoleGrant, User


@pytest.fixture
def staff():
    """A caseworker's browser session, in English."""
    user = User.objects.create(username="handlaggare", first_name="Hanna")
    RoleGrant.objects.create(user=user, role=Role.CASEWORKER, service_id="")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client
