"""Events reach a subscriber's URL signed by the Standard Webhooks specification.

A real receiver on 127.0.0.1 gets each event, and the library's own `Webhook(secret).verify`
accepts it; the body names the case, its service and status, and links to the API, with no
personal data. A subscription for one service hears only of that service's cases. A
delivery is made once per subscription and event, however often the event is announced.
"""

from __future__ import annotations

import json

from standardwebhooks.webhooks import Webhook

from digikommun.identity.models import User
from digikommun.webhooks.models import Attempt, Delivery, EventType
from digikommun.webhooks.services import event_publish, subscription_create
from tests.conftest import run_pending_tasks
from tests.letters.factories import PARKING, submitted_case


def subscribe(url: str, events: list[str], service_id: str = ""):
    return subscription_create(
        name="Ärendesystemet", url=url, event_types=events, service_id=service_id, user=None
    )


def test_a_received_case_reaches_the_receiver_signed_and_verifiable(demo, receiver):
    subscription = subscribe(receiver.url, [EventType.CASE_RECEIVED])
    assert subscription.secret.startswith("whsec_")
    case = submitted_case()
    run_pending_tasks()

    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    payload = Webhook(subscription.secret).verify(body, headers)
    assert payload["type"] == "case.received"
    assert payload["timestamp"].endswith("Z")
    assert payload["data"]["case"] == {
        "id": case.pk,
        "number": case.diary_number,
        "service": "ekonomiskt-bistand",
        "status": "received",
    }
    assert payload["data"]["links"]["case"].endswith(f"/api/v1/cases/{case.pk}")
    delivery = Delivery.objects.get(subscription=subscription)
    assert headers["webhook-id"] == delivery.message_id
    assert headers["webhook-signature"].startswith("v1,")
    assert delivery.status == "succeeded"
    attempt = Attempt.objects.get(delivery=delivery)
    assert (attempt.status_code, attempt.succeeded, attempt.number) == (200, True, 1)
    assert attempt.duration_ms is not None
    # No personal data: not the applicant's name, number or answers.
    applicant = User.objects.get(pk=case.applicant_id)
    assert set(payload["data"]) == {"case", "links"}
    for personal in (applicant.personnummer, applicant.last_name, applicant.first_name):
        assert personal and personal not in body


def test_a_wrong_secret_does_not_verify(demo, receiver):
    subscribe(receiver.url, [EventType.CASE_RECEIVED])
    submitted_case()
    run_pending_tasks()
    headers, body = receiver.received[0]
    other = subscribe("https://example.invalid/", [EventType.CASE_DECIDED])
    try:
        Webhook(other.secret).verify(body, headers)
    except Exception as exc:
        assert "signature" in str(exc).lower()
    else:
        raise AssertionError("another secret verified the message")


def test_a_subscription_for_one_service_hears_only_of_that_service(demo, receiver):
    bistand = subscribe(receiver.url, [EventType.CASE_RECEIVED], "ekonomiskt-bistand")
    parking = subscribe(receiver.url, [EventType.CASE_RECEIVED], "boendeparkering")
    everything = subscribe(receiver.url, [EventType.CASE_RECEIVED])
    decided_only = subscribe(receiver.url, [EventType.CASE_DECIDED])
    submitted_case("boendeparkering", PARKING)

    assert not Delivery.objects.filter(subscription=bistand).exists()
    assert Delivery.objects.filter(subscription=parking).count() == 1
    assert Delivery.objects.filter(subscription=everything).count() == 1
    assert not Delivery.objects.filter(subscription=decided_only, event_type="case.received")
    run_pending_tasks()
    services = {json.loads(body)["data"]["case"]["service"] for _h, body in receiver.received}
    assert services == {"boendeparkering"}


def test_an_event_announced_twice_is_delivered_once(demo, receiver):
    subscribe(receiver.url, [EventType.COSIGNING_DONE])
    for _ in range(2):
        event_publish(
            event_type=EventType.COSIGNING_DONE,
            key="case:1",
            case_id=None,
            service_id="ekonomiskt-bistand",
            data={"case": {"id": 1}},
        )
    assert Delivery.objects.count() == 1


def test_a_receiver_answering_410_gone_turns_the_subscription_off(demo, receiver):
    subscription = subscribe(receiver.url, [EventType.CASE_RECEIVED])
    receiver.answers = [410]
    submitted_case()
    run_pending_tasks()
    subscription.refresh_from_db()
    assert not subscription.active
    assert Delivery.objects.get(subscription=subscription).status == "failed"
    submitted_case()  # nothing more is recorded for it
    assert Delivery.objects.filter(subscription=subscription).count() == 1
