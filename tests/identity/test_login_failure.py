"""A login that fails at the OpenID Connect token exchange (the provider refuses the code,
does not answer, or the state is unknown) shows the login-failure page, never a 500."""

from __future__ import annotations

import pytest
import requests

pytestmark = pytest.mark.django_db

PROVIDER = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example.se/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example.se/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example.se/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.example.se/jwks",
}


def with_state(client) -> None:
    session = client.session
    session["oidc_states"] = {"s1": {"nonce": "n1", "code_verifier": "v" * 50, "added_on": 0}}
    session.save()


def refused() -> requests.Response:
    """What a provider answers to a code it does not accept (RFC 6749, 5.2)."""
    response = requests.Response()
    response.status_code, response.reason = 400, "Bad Request"
    response._content = b'{"error": "invalid_grant"}'
    response.url = PROVIDER["OIDC_OP_TOKEN_ENDPOINT"]
    return response


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(requests.ConnectionError("connection refused"), id="provider-down"),
        pytest.param(refused(), id="code-refused"),
    ],
)
def test_a_failed_token_exchange_shows_the_login_failure_page(
    client, settings, monkeypatch, answer
):
    for name, value in PROVIDER.items():
        setattr(settings, name, value)

    def post(*args, **kwargs):
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr("mozilla_django_oidc.auth.requests.post", post)
    with_state(client)
    response = client.get("/oidc/callback/", {"code": "c1", "state": "s1"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/login/")
    assert "Inloggningen lyckades inte" in response.content.decode()


def test_an_unknown_state_shows_the_login_failure_page(client):
    with_state(client)
    response = client.get("/oidc/callback/", {"code": "c1", "state": "other"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith("/login/")
