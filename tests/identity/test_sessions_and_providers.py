"""Identity: the OIDC client works with any standard provider by configuration alone; the
built-in test provider is off unless enabled; sessions time out after 30 minutes without
activity, with a warning before; logging out ends the session at the provider too."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

PROVIDER = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://eid.example.se/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://eid.example.se/token",
    "OIDC_OP_USER_ENDPOINT": "https://eid.example.se/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://eid.example.se/jwks",
    "OIDC_OP_LOGOUT_ENDPOINT": "https://eid.example.se/logout",
    "OIDC_RP_CLIENT_ID": "kommunens-portal",
}


@pytest.fixture
def anna(demo):
    from digikommun.identity.models import User

    return User.objects.get(personnummer="198507099805")


def test_login_goes_to_whatever_provider_is_configured(client, demo, settings):
    for name, value in PROVIDER.items():
        setattr(settings, name, value)
    settings.TEST_IDP_ENABLED = False
    response = client.get("/oidc/authenticate/", {"next": "/my-pages/"})
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert (
        f"{target.scheme}://{target.netloc}{target.path}"
        == PROVIDER["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    )
    query = parse_qs(target.query)
    assert query["client_id"] == ["kommunens-portal"]
    assert query["response_type"] == ["code"]
    assert "https://id.oidc.se/scope/naturalPersonNumber" in query["scope"][0].split()
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["redirect_uri"][0].endswith("/oidc/callback/")


def test_the_test_provider_answers_only_when_enabled(client, demo, settings):
    settings.TEST_IDP_ENABLED = False
    assert client.get("/idp/choose/").status_code == 404


def test_logging_out_ends_the_session_at_the_provider(client, anna, settings):
    for name, value in PROVIDER.items():
        setattr(settings, name, value)
    client.force_login(anna, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session["oidc_id_token"] = "header.payload.signature"
    session.save()
    response = client.post("/logout/")
    target = urlsplit(response["Location"])
    assert f"{target.scheme}://{target.netloc}{target.path}" == PROVIDER["OIDC_OP_LOGOUT_ENDPOINT"]
    query = parse_qs(target.query)
    assert query["id_token_hint"] == ["header.payload.signature"]
    assert query["post_logout_redirect_uri"][0].endswith("/logged-out/")
    assert client.get("/my-pages/").status_code == 302  # logged out here too


def test_pages_carry_the_session_length_and_its_warning(client, anna, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client.force_login(anna, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get("/my-pages/").content.decode()
    assert 'data-session-seconds="1800"' in page and 'data-session-warning="300"' in page
    assert "Fortsätt vara inloggad" in page
    client.logout()
    assert "data-session-seconds" not in client.get("/").content.decode()


def test_staying_logged_in_renews_the_session(client, anna):
    assert client.post("/session/keepalive/").status_code == 401
    client.force_login(anna, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post("/session/keepalive/")
    assert response.json() == {"active": True, "seconds": 1800}


def test_when_time_runs_out_the_session_ends_and_the_page_says_why(client, anna):
    client.force_login(anna, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get("/session/ended/", {"next": "/my-pages/"}, follow=True)
    page = response.content.decode()
    assert "Du har loggats ut" in page and "Logga in igen" in page
    assert client.get("/my-pages/").status_code == 302
    outside = client.get("/session/ended/", {"next": "https://evil.example/"}).content.decode()
    assert 'class="button primary" href="/login/"' in outside  # no way out to another site


@pytest.mark.parametrize("person", ["abc", "", "1e3", "-1", "99999999999999999999"])
def test_the_test_providers_login_page_refuses_a_mangled_choice_without_an_error(
    client, demo, person
):
    response = client.post("/idp/choose/", {"person": person})
    assert response.status_code == 200  # the page again, no one logged in
    assert "identity/choose_person.html" in [t.name for t in response.templates]
