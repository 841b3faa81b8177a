"""API clients and their tokens, made as an administrator and a partner system would:
the client through the service the CLI calls, the token from the real token endpoint."""

from __future__ import annotations

import pytest
from django.test import Client

from digikommun.api.services import api_client_create

BASE = "/api/v1"


def token_for(scopes: list[str], *, name: str | None = None, ask: str | None = None) -> str:
    """A bearer token of a new client with these scopes (asking for `ask` when given)."""
    name = name or "client-" + "-".join(s.replace(":", ".") for s in scopes)[:80]
    _client, client_id, secret = api_client_create(name=name, scopes=scopes)
    data = {"grant_type": "client_credentials"}
    if ask is not None:
        data["scope"] = ask
    response = Client().post(
        "/api/oauth/token/", data, HTTP_AUTHORIZATION=_basic(client_id, secret)
    )
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


def _basic(client_id: str, secret: str) -> str:
    import base64
    from urllib.parse import quote

    raw = f"{quote(client_id, safe='')}:{quote(secret, safe='')}".encode()
    return "Basic " + base64.b64encode(raw).decode()


class Api:
    """A Django test client that sends a bearer token and JSON."""

    def __init__(self, token: str | None):
        self.client = Client()
        self.headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}

    def get(self, path: str, **params):
        return self.client.get(BASE + path, params, **self.headers)

    def post(self, path: str, body):
        return self.client.post(BASE + path, body, content_type="application/json", **self.headers)


@pytest.fixture
def api_for(db):
    def make(*scopes: str, name: str | None = None) -> Api:
        return Api(token_for(list(scopes), name=name))

    return make


def assert_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= set(body)
    assert body["status"] == status and body["instance"].startswith(BASE)
    return body
