"""The person chooses on Mina sidor where notifications go, which events, and the language.

The page needs a login; it is accessible (labels tied to fields, an error summary whose
links lead to the fields, errors tied to fields with aria-describedby); a wrong address is
kept as typed with a translated error; no address means nothing is sent. The page has no
inline script or style, as the Content Security Policy forbids them.
"""

from __future__ import annotations

import re

from django.urls import reverse

from digikommun.notify.models import NotificationPreference, all_events
from tests.factories import ResidentFactory

URL = "/my-pages/notifications/"


def test_the_page_lives_under_my_pages_and_needs_a_login(db, client):
    assert reverse("notify:preferences") == URL
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("identity:login") in response["Location"]


def test_a_new_person_sees_that_nothing_is_sent_and_every_event_offered(db, client):
    person = ResidentFactory(email="anna@example.se")
    client.force_login(person)
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "<h1>Aviseringar via e-post</h1>" in html
    assert "Du har inte lämnat någon e-postadress ännu" in html
    assert '<label for="id_email">E-postadress' in html
    assert 'value="anna@example.se"' in html  # offered from the login; saved only on Save
    assert html.count('type="checkbox"') == len(all_events())
    assert html.count(" checked") == len(all_events()) + 1  # every event, and "my language"
    assert "<legend>Skicka ett mejl till mig när</legend>" in html
    assert 'for="id_events_1">mitt ärende har fått ett beslut</label>' in html
    assert not NotificationPreference.objects.exists()


def test_saving_keeps_the_choices(db, client):
    person = ResidentFactory()
    client.force_login(person)
    response = client.post(
        URL,
        {"email": " anna@example.se ", "events": ["decided", "message"], "language": "en"},
    )
    assert response.status_code == 302 and response["Location"] == URL
    saved = NotificationPreference.objects.get(user=person)
    assert (saved.email, saved.events, saved.language) == (
        "anna@example.se",
        ["decided", "message"],
        "en",
    )
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert "Dina val för aviseringar har sparats." in page
    assert 'value="decided" id="id_events_1" checked' in page
    assert 'value="received" id="id_events_0">' in page


def test_a_wrong_address_is_kept_with_an_error_linked_from_the_summary(db, client):
    client.force_login(ResidentFactory())
    response = client.post(
        URL, {"email": "anna.example.se", "events": ["decided"]}, HTTP_ACCEPT_LANGUAGE="sv"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Fel: Aviseringar via e-post" in html
    assert 'id="error-summary"' in html and 'tabindex="-1"' in html
    assert '<a href="#id_email">E-postadress: Skriv e-postadressen som namn@exempel.se.</a>' in html
    field = re.search(r'<input type="text"[^>]*id="id_email"[^>]*>', html).group(0)
    assert 'value="anna.example.se"' in field
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="id_email-hint id_email-error"' in field
    assert '<p class="field-error" id="id_email-error">' in html
    assert not NotificationPreference.objects.exists()


def test_events_without_an_address_ask_for_one(db, client):
    client.force_login(ResidentFactory())
    response = client.post(URL, {"email": "", "events": ["decided"]}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "Write an email address, or untick the emails you want." in response.content.decode()


def test_an_empty_address_and_no_events_turns_everything_off(db, client):
    person = ResidentFactory()
    client.force_login(person)
    assert client.post(URL, {"email": "", "language": ""}).status_code == 302
    saved = NotificationPreference.objects.get(user=person)
    assert (saved.email, saved.events, saved.wants("decided")) == ("", [], False)


def test_the_page_has_no_inline_script_or_style(db, client):
    client.force_login(ResidentFactory())
    html = client.get(URL).content.decode()
    assert " style=" not in html and "<style" not in html
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert re.search(r"<[^>]+\son[a-z]+=", html) is None  # no inline event handlers
