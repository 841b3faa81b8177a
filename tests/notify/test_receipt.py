"""Receipts by default: the review page asks for an email address (prefilled from the last
one) and says what will be sent; on sending, a receipt with the case number and links to the
answers as sent and their PDF copy goes out at once, through a real SMTP server, with no case
content (OSL 26 kap.); later events notify by default and can be stopped; links use SITE_URL.
A co-signer gets the request to confirm by email when they have an address."""

from __future__ import annotations

from django.test import Client

from digikommun.cases.models import Case
from digikommun.cli import demo_site_url
from digikommun.identity.models import User
from digikommun.notify.models import NotificationPreference
from tests.cases.test_process import BISTAND
from tests.conftest import run_pending_tasks
from tests.notify.factories import PreferenceFactory
from tests.notify.smtp import body, subject
from tests.portal.test_submit import filled_draft

ANNA, ERIK = "198507099805", "199003159820"


def anna_reviews(answers=BISTAND):
    anna = User.objects.get(personnummer=ANNA)
    draft, _definition = filled_draft("ekonomiskt-bistand", answers, person=anna)
    client = Client()
    client.force_login(anna)
    return client, f"/applications/{draft.key}/review/"


def test_the_review_page_asks_for_an_address_and_says_what_is_sent(demo):
    client, url = anna_reviews()
    page = client.get(url).content.decode()
    assert 'name="email"' in page and 'autocomplete="email"' in page
    assert "inga uppgifter om ditt ärende skickas med e-post" in page


def test_the_last_address_is_prefilled(demo):
    PreferenceFactory(user=User.objects.get(personnummer=ANNA), email="anna@example.se")
    client, url = anna_reviews()
    assert 'value="anna@example.se"' in client.get(url).content.decode()


def test_a_receipt_goes_out_at_once_with_links_and_no_case_content(
    demo, smtp, django_capture_on_commit_callbacks
):
    client, url = anna_reviews()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "anna@example.se"})
    assert response.status_code == 302
    case = Case.objects.get(applicant__personnummer=ANNA)
    preference = NotificationPreference.objects.get(user__personnummer=ANNA)
    assert preference.email == "anna@example.se" and "decided" in preference.events
    run_pending_tasks()
    receipts = [m for m in smtp.received if "Vi har tagit emot" in subject(m)]
    [message] = receipts
    text = body(message)
    assert message["To"] == "anna@example.se"
    assert case.diary_number in subject(message) and case.diary_number in text
    assert f"https://e.demokommun.se/my-pages/cases/{case.pk}/" in text
    assert f"https://e.demokommun.se/my-pages/cases/{case.pk}/application.pdf" in text
    for secret in ("Anna", "Andersson", ANNA, "19850709-9805", "5 500", "5500", "2000"):
        assert secret not in text and secret not in subject(message)


def test_a_wrong_address_is_refused_with_what_was_typed_kept(demo, smtp):
    client, url = anna_reviews()
    response = client.post(url, {"email": "anna@"})
    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="anna@"' in page and "Skriv en e-postadress" in page
    assert not Case.objects.exists()


def test_no_address_sends_nothing_and_still_sends_the_application(demo, smtp):
    client, url = anna_reviews()
    assert client.post(url, {"email": ""}).status_code == 302
    run_pending_tasks()
    assert Case.objects.count() == 1 and smtp.received == []


def test_the_application_pdf_is_the_answers_as_sent(demo):
    client, url = anna_reviews()
    client.post(url, {"email": ""})
    case = Case.objects.get()
    response = client.get(f"/my-pages/cases/{case.pk}/application.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    other = Client()
    other.force_login(User.objects.get(personnummer=ERIK))
    assert other.get(f"/my-pages/cases/{case.pk}/application.pdf").status_code == 404


def test_a_co_signer_with_an_address_is_asked_by_email(
    demo, smtp, django_capture_on_commit_callbacks
):
    PreferenceFactory(user=User.objects.get(personnummer=ERIK), email="erik@example.se")
    client, url = anna_reviews({**BISTAND, "adults": "2", "partner_personnummer": "19900315-9820"})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": ""})
    run_pending_tasks()
    [message] = smtp.received
    assert message["To"] == "erik@example.se"
    assert subject(message).startswith("Bekräfta en ansökan")
    text = body(message)
    assert "https://e.demokommun.se/my-pages/" in text and "Anna" not in text


def test_serve_sets_the_site_address_to_where_the_demo_is_served():
    assert demo_site_url("127.0.0.1", 8123) == "http://127.0.0.1:8123"
    assert demo_site_url("0.0.0.0", 9000) == "http://127.0.0.1:9000"
    assert demo_site_url("::1", 9000) == "http://[::1]:9000"
