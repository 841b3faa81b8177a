"""A worker killed (kill -9) during a webhook attempt loses nothing: the delivery row is the
source of truth. Worker A claims the delivery and is stopped just before the POST (the fault
hook holds it), then killed with SIGKILL; the clock of the worker after it finds the lapsed
claim, records the lost attempt and queues the next, which delivers the message, signed,
once."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from standardwebhooks.webhooks import Webhook

from digikommun.process import recovery
from digikommun.webhooks.models import Attempt, Delivery, EventType
from digikommun.webhooks.services import event_publish, subscription_create
from tests.conftest import run_pending_tasks
from tests.process.harness import Worker, wait_for
from tests.webhooks.receiver import free_port


@pytest.mark.django_db(transaction=True)
def test_a_delivery_survives_its_worker_being_killed(receiver, tmp_path):
    subscription = subscription_create(
        name="Ärendesystemet", url=receiver.url, event_types=[EventType.CASE_DECIDED], user=None
    )
    [delivery] = event_publish(
        event_type=EventType.CASE_DECIDED,
        key="decision:1",
        case_id=None,
        service_id="ekonomiskt-bistand",
        data={"case": {"id": 1}},
    )
    a = Worker(smtp_port=free_port(), fault_dir=tmp_path, DIGIKOMMUN_FAULT_AT="webhooks.send")
    try:
        wait_for(
            lambda: (tmp_path / "reached-webhooks.send").exists(),
            timeout=60,
            what="worker A to claim the delivery",
            worker=a,
        )
        a.kill()
    finally:
        a.stop()
    claimed = Delivery.objects.get(pk=delivery.pk)
    assert (claimed.status, claimed.attempts, receiver.received) == ("pending", 1, [])
    assert claimed.claimed_until is not None

    # The next worker's clock, once the claim has lapsed (its time is given, not waited for).
    recovery.sweep(now=claimed.claimed_until + datetime.timedelta(seconds=1))
    with transaction.atomic():  # the task runner locks rows (PostgreSQL wants a transaction)
        assert run_pending_tasks() == 1
    assert Delivery.objects.get(pk=delivery.pk).status == "succeeded"
    attempts = list(Attempt.objects.filter(delivery=delivery).order_by("number"))
    assert [(a.error, a.status_code) for a in attempts] == [
        ("the worker stopped during the attempt", None),
        ("", 200),
    ]
    [(headers, body)] = receiver.received
    assert headers["webhook-id"] == delivery.message_id
    assert Webhook(subscription.secret).verify(body, headers)["type"] == "case.decided"
