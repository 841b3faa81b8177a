"""A receiver that is down for a while still gets the event; a delivery survives its worker.

Each failed attempt (a refused connection, a 500) is recorded with its error and the
delivery waits for the next (short waits here, 5 s to 1 h in production) until the receiver
answers 2xx. A person's replay sends the same message again with the same `webhook-id`. A
worker killed during an attempt leaves the delivery's claim to lapse, and a task lost before
it ran leaves the delivery due: the process clock's sweep queues both again (the delivery row is
the source of truth, not the task).
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from standardwebhooks.webhooks import Webhook

from digikommun.audit.models import Entry
from digikommun.process import recovery
from digikommun.webhooks.models import Attempt, Delivery, EventType
from digikommun.webhooks.services import delivery_replay, event_publish, subscription_create
from tests.conftest import WorkerThread, run_pending_tasks
from tests.webhooks.receiver import Receiver, wait_for


def publish(key: str = "case:7") -> Delivery:
    [delivery] = event_publish(
        event_type=EventType.CASE_DECIDED,
        key=key,
        case_id=None,
        service_id="ekonomiskt-bistand",
        data={"case": {"id": 7, "number": "SN 2026/00007", "status": "decided"}},
    )
    return delivery


def subscribe(url: str):
    return subscription_create(
        name="Ekonomisystemet", url=url, event_types=[EventType.CASE_DECIDED], user=None
    )


def test_a_receiver_down_then_failing_then_up_gets_the_event_on_a_later_retry(
    transactional_db, settings
):
    settings.WEBHOOKS_RETRY_AFTER_SECONDS = [0.3] * 10
    receiver = Receiver()  # its port is chosen, nothing listens yet: connections are refused
    subscription = subscribe(receiver.url)
    delivery = publish()
    worker = WorkerThread().start()
    try:
        wait_for(
            lambda: Attempt.objects.filter(delivery=delivery).exists(),
            what="a first attempt against the closed port",
        )
        receiver.answers = [500]
        receiver.start()
        wait_for(
            lambda: Delivery.objects.filter(pk=delivery.pk, status="succeeded").exists(),
            what="the delivery to succeed once the receiver is up",
        )
    finally:
        worker.stop()
        receiver.stop()

    attempts = list(Attempt.objects.filter(delivery=delivery).order_by("number"))
    assert len(attempts) >= 3
    assert attempts[0].status_code is None and "refused" in attempts[0].error.lower()
    assert [a.status_code for a in attempts[-2:]] == [500, 200]
    assert attempts[-1].succeeded and not any(a.succeeded for a in attempts[:-1])
    assert "500" in attempts[-2].error
    # What arrived verifies, and every attempt carried the same webhook-id.
    ids = {headers["webhook-id"] for headers, _body in receiver.received}
    assert ids == {delivery.message_id}
    headers, body = receiver.received[-1]
    assert Webhook(subscription.secret).verify(body, headers)["type"] == "case.decided"


def test_after_the_last_retry_the_delivery_has_failed(db, settings):
    settings.WEBHOOKS_RETRY_AFTER_SECONDS = [0, 0]
    receiver = Receiver().start()
    receiver.answers = [503, 503, 503]
    try:
        subscribe(receiver.url)
        delivery = publish()
        while run_pending_tasks():
            pass
    finally:
        receiver.stop()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 3)
    assert "503" in delivery.last_error


def test_a_replay_sends_the_same_message_with_the_same_webhook_id(db, receiver):
    subscription = subscribe(receiver.url)
    delivery = publish()
    run_pending_tasks()
    assert delivery_replay(delivery_id=delivery.pk, user=None)
    assert not delivery_replay(delivery_id=delivery.pk, user=None)  # already on its way
    run_pending_tasks()

    assert len(receiver.received) == 2
    (first, first_body), (second, second_body) = receiver.received
    assert first["webhook-id"] == second["webhook-id"] == delivery.message_id
    assert first_body == second_body
    for headers, body in receiver.received:
        Webhook(subscription.secret).verify(body, headers)
    attempts = list(Attempt.objects.filter(delivery=delivery).order_by("number"))
    assert [(a.number, a.round, a.succeeded) for a in attempts] == [(1, 0, True), (2, 1, True)]
    assert Entry.objects.filter(action="webhooks.replay").count() == 1


def test_a_delivery_whose_worker_died_or_whose_task_was_lost_is_sent_by_the_sweep(
    db, receiver, settings
):
    subscribe(receiver.url)
    killed, lost = publish("case:1"), publish("case:2")
    DBTaskResult.objects.all().delete()  # neither task will run
    now = timezone.now()
    # A worker claimed the first and was killed during the attempt: its claim has lapsed.
    Delivery.objects.filter(pk=killed.pk).update(
        attempts=1, claimed_until=now - datetime.timedelta(seconds=1)
    )
    # The second's task was lost before it ran: it is due since longer than a lease.
    stale = now - datetime.timedelta(seconds=settings.PROCESS_STEP_LEASE_SECONDS + 1)
    Delivery.objects.filter(pk=lost.pk).update(next_attempt_at=stale)

    recovery.sweep(now=now)
    assert receiver.received == []  # the clock only queues; a worker sends
    assert DBTaskResult.objects.count() == 2
    run_pending_tasks()

    assert sorted(h["webhook-id"] for h, _b in receiver.received) == sorted(
        [killed.message_id, lost.message_id]
    )
    assert set(Delivery.objects.values_list("status", flat=True)) == {"succeeded"}
    errors = list(
        Attempt.objects.filter(delivery=killed).order_by("number").values_list("error", flat=True)
    )
    assert errors == ["the worker stopped during the attempt", ""]
