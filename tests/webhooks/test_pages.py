"""The administrators' webhook pages: make a subscription (its secret shown once, the form's
errors clear and translated, nothing typed lost), turn it off and on, read the delivery log
filtered by subscription and status, and replay a delivery. Others get 403 (the full table
is in tests/conf/test_authorisation.py)."""

from __future__ import annotations

from django.test import Client
from django.utils import translation

from digikommun.audit.models import Entry
from digikommun.identity.models import User
from digikommun.webhooks.models import Delivery, EventType, Subscription
from digikommun.webhooks.services import event_publish, subscription_create


def test_a_subscription_is_made_and_its_secret_shown_once(admin):
    answer = admin.post(
        "/workbench/webhooks/new/",
        {
            "name": "Ärendesystemet",
            "url": "https://arende.example.org/hooks",
            "event_types": ["case.decided", "letter.created", "nonsense"],
            "service_id": "ekonomiskt-bistand",
        },
    )
    assert answer.status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.event_types == ["case.decided", "letter.created"]
    assert subscription.service_id == "ekonomiskt-bistand"
    assert subscription.secret in answer.content.decode()
    assert "no-store" in answer["Cache-Control"]
    listing = admin.get("/workbench/webhooks/").content.decode()
    assert "Ärendesystemet" in listing and subscription.secret not in listing
    assert Entry.objects.filter(action="webhooks.subscription_create").exists()


def test_bad_input_gives_clear_errors_and_keeps_what_was_typed(admin):
    answer = admin.post(
        "/workbench/webhooks/new/",
        {"name": "Kassan", "url": "ftp:/nej", "service_id": "no-such-service"},
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "Write a whole web address, starting with https://." in page
    assert "Choose at least one event." in page
    assert "Choose a service from the list." in page
    assert 'value="Kassan"' in page and 'value="ftp:/nej"' in page
    assert not Subscription.objects.exists()


def test_the_errors_are_in_swedish_too(admin):
    admin.cookies["django_language"] = "sv"
    page = admin.post("/workbench/webhooks/new/", {"name": ""}, HTTP_ACCEPT_LANGUAGE="sv")
    assert "Ge prenumerationen ett namn." in page.content.decode()
    translation.activate("en")


def test_production_requires_https(admin, settings):
    settings.WEBHOOKS_REQUIRE_HTTPS = True
    answer = admin.post(
        "/workbench/webhooks/new/",
        {"name": "K", "url": "http://arende.example.org/", "event_types": ["case.decided"]},
    )
    assert answer.status_code == 400
    assert "The address must start with https://." in answer.content.decode()


def test_a_subscription_is_turned_off_and_on(admin):
    subscription = subscription_create(
        name="K", url="https://k.example.org/", event_types=["case.decided"], user=None
    )
    admin.post(f"/workbench/webhooks/{subscription.pk}/active/", {"active": "0"})
    subscription.refresh_from_db()
    assert not subscription.active
    assert not event_publish(
        event_type=EventType.CASE_DECIDED, key="x", case_id=None, service_id="s", data={}
    )
    admin.post(f"/workbench/webhooks/{subscription.pk}/active/", {"active": "1"})
    subscription.refresh_from_db()
    assert subscription.active


def test_the_log_filters_and_a_delivery_is_replayed(admin):
    first = subscription_create(
        name="Första", url="https://a.example.org/", event_types=["case.decided"], user=None
    )
    second = subscription_create(
        name="Andra", url="https://b.example.org/", event_types=["case.decided"], user=None
    )
    event_publish(event_type=EventType.CASE_DECIDED, key="1", case_id=None, service_id="s", data={})
    Delivery.objects.filter(subscription=first).update(status="failed", last_error="HTTP 500")
    failed = Delivery.objects.get(subscription=first)

    page = admin.get(f"/workbench/webhooks/deliveries/?subscription={first.pk}").content.decode()
    assert "<td>Första</td>" in page and "<td>Andra</td>" not in page
    page = admin.get("/workbench/webhooks/deliveries/?status=pending").content.decode()
    assert "<td>Andra</td>" in page and "HTTP 500" not in page
    assert admin.get("/workbench/webhooks/deliveries/?status=bad&subscription=x").status_code == 200

    detail = admin.get(f"/workbench/webhooks/deliveries/{failed.pk}/").content.decode()
    assert failed.message_id in detail and "Replay" in detail
    answer = admin.post(f"/workbench/webhooks/deliveries/{failed.pk}/replay/")
    assert answer.status_code == 302
    failed.refresh_from_db()
    assert (failed.status, failed.replays) == ("pending", 1)
    # A delivery already on its way is not replayed; the page says so.
    again = admin.post(f"/workbench/webhooks/deliveries/{failed.pk}/replay/", follow=True)
    assert "still being sent" in again.content.decode()
    assert second.deliveries.count() == 1


def test_a_caseworker_may_not_see_the_pages(demo):
    caseworker = User.objects.get(personnummer="198103129816")
    client = Client()
    client.force_login(caseworker, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/workbench/webhooks/").status_code == 403
    assert client.get("/workbench/webhooks/deliveries/").status_code == 403
