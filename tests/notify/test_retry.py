"""An email the SMTP server cannot take now is retried later; a refusal is final.

A 4xx reply or a server that does not answer is retried after 30 s, 2 min, 8 min and 30 min,
each by a new task with run_after; after the last the delivery is failed. A 5xx reply fails
at once. The retry is a task that is not ready before its time.
"""

from __future__ import annotations

import datetime

from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from digikommun.notify.models import Delivery
from digikommun.notify.services import RETRY_AFTER, notify_case_event
from tests.conftest import run_pending_tasks
from tests.letters.factories import submitted_case
from tests.notify.factories import PreferenceFactory
from tests.notify.smtp import free_port


def make_due() -> int:
    """Move every waiting task's time to now, as if the wait had passed."""
    return DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def waiting_for(delivery: Delivery) -> datetime.timedelta:
    return delivery.next_attempt_at - timezone.now()


def test_a_temporary_refusal_is_retried_and_the_email_arrives_later(demo, smtp):
    smtp.refuse.append("451 4.3.0 try again later")
    case = submitted_case()
    run_pending_tasks()  # whatever the submission itself notified is settled first
    PreferenceFactory(user=case.applicant)
    notify_case_event(case_id=case.pk, event="message", ref="1")
    run_pending_tasks()

    waiting = Delivery.objects.get(case=case, event="message")
    assert (waiting.status, waiting.attempts) == ("queued", 1)
    assert "451" in waiting.last_error
    assert datetime.timedelta(seconds=25) < waiting_for(waiting) <= RETRY_AFTER[0]
    assert smtp.received == []
    assert run_pending_tasks() == 0  # the retry is not due yet

    assert make_due() == 1
    run_pending_tasks()
    sent = Delivery.objects.get(case=case, event="message")
    assert (sent.status, sent.attempts, sent.last_error) == ("sent", 2, "")
    assert len(smtp.received) == 1


def test_a_permanent_refusal_fails_at_once(demo, smtp):
    smtp.refuse_recipient = "550 5.1.1 no such mailbox"
    case = submitted_case()
    run_pending_tasks()  # whatever the submission itself notified is settled first
    PreferenceFactory(user=case.applicant)
    notify_case_event(case_id=case.pk, event="message", ref="1")
    run_pending_tasks()
    failed = Delivery.objects.get(case=case, event="message")
    assert (failed.status, failed.attempts) == ("failed", 1)
    assert "550" in failed.last_error
    assert make_due() == 0  # nothing left to retry


def test_a_server_that_never_answers_is_retried_with_growing_waits_then_failed(demo):
    case = submitted_case()
    run_pending_tasks()  # whatever the submission itself notified is settled first
    PreferenceFactory(user=case.applicant)
    closed_port = free_port()  # nothing listens there
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=closed_port,
    ):
        notify_case_event(case_id=case.pk, event="message", ref="1")
        run_pending_tasks()
        waits = []
        for _ in RETRY_AFTER:
            delivery = Delivery.objects.get(case=case, event="message")
            assert delivery.status == "queued"
            waits.append(waiting_for(delivery))
            make_due()
            run_pending_tasks()
    for waited, planned in zip(waits, RETRY_AFTER, strict=True):
        assert planned - datetime.timedelta(seconds=5) < waited <= planned
    failed = Delivery.objects.get(case=case, event="message")
    assert (failed.status, failed.attempts) == ("failed", len(RETRY_AFTER) + 1)
    assert "Connection refused" in failed.last_error or "Errno" in failed.last_error
