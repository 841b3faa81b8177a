"""A follower's email the SMTP server cannot take now (a 4xx reply) is tried again later on
the notifications' schedule and arrives once; a refusal (5xx) is final. Real SMTP on loopback."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.conftest import run_pending_tasks
from tests.notify.smtp import SmtpServer

from .conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    with override_settings(**server.settings(), SITE_URL="https://e.demokommun.se"):
        yield server.mailbox
    server.stop()


def test_a_receipt_refused_for_now_arrives_on_a_later_try(fault, smtp):
    from digikommun.notify.services import RETRY_AFTER
    from digikommun.open311.models import FollowerEmail

    smtp.refuse.append("451 4.3.0 try again later")
    report = submit(fault, email="boende@example.org")
    run_pending_tasks()
    receipt = FollowerEmail.objects.get(follower__report=report, update=None)
    assert receipt.sent_at is None and "451" in receipt.error
    retry = DBTaskResult.objects.get(status="READY", task_path__endswith="send_follower_email")
    assert retry.run_after - timezone.now() <= RETRY_AFTER[0]
    assert run_pending_tasks() == 0  # not yet due
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    run_pending_tasks()
    receipt.refresh_from_db()
    assert receipt.sent_at is not None
    assert [m["To"] for m in smtp.received] == ["boende@example.org"]


def test_a_refused_address_is_not_tried_again(fault, smtp):
    smtp.refuse_recipient = "550 5.1.1 no such mailbox"
    submit(fault, email="boende@example.org")
    run_pending_tasks()
    assert smtp.received == []
    assert not DBTaskResult.objects.filter(
        status="READY", task_path__endswith="send_follower_email"
    ).exists()
