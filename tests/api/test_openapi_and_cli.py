"""The OpenAPI 3.1 description validates (openapi-spec-validator), the docs page lists every
operation and scope, and `digikommun api client create` prints the id and secret once."""

from __future__ import annotations

import pytest
from django.test import Client
from openapi_spec_validator import validate

from digikommun.api import cli as api_cli
from digikommun.api.models import ApiClient

pytestmark = pytest.mark.django_db


def test_the_openapi_description_validates():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.1")
    validate(schema)
    problem = schema["paths"]["/api/v1/cases"]["post"]["responses"]["422"]["content"]
    assert list(problem) == ["application/problem+json"]


def test_the_docs_page_lists_the_operations_and_scopes():
    page = Client().get("/api/v1/docs/").content.decode()
    for text in ("/api/v1/cases/{case_id}/decisions", "decisions:write", "openapi.json"):
        assert text in page


def test_the_cli_makes_a_client_and_shows_its_secret_once(capsys):
    assert (
        api_cli.main(
            [
                "client",
                "create",
                "kassan",
                "--scope",
                "cases:read:boendeparkering",
                "--scope",
                "services:read",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    secret = next(
        line.split(": ")[1] for line in out.splitlines() if line.startswith("client_secret")
    )
    client = ApiClient.objects.get(name="kassan")
    assert client.scopes == ["cases:read:boendeparkering", "services:read"]
    assert secret not in client.application.client_secret  # only its hash is kept
    assert api_cli.main(["client", "create", "kassan", "--scope", "cases:read"]) == 1
    assert api_cli.main(["client", "create", "x", "--scope", "cases:delete"]) == 2
    api_cli.main(["client", "list"])
    assert "kassan" in capsys.readouterr().out
