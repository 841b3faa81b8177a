"""A booking email the SMTP server cannot take now is tried again later, on the schedule of
the case notifications; a refusal (5xx) is final. Sent through a real SMTP server on loopback."""

from __future__ import annotations

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.conftest import run_pending_tasks
from tests.notify.smtp import SmtpServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    with override_settings(**server.settings(), SITE_URL="https://e.demokommun.se"):
        yield server.mailbox
    server.stop()


def _booking_with_email():
    from digikommun.courses.models import Course, Session
    from digikommun.courses.services import SignUp, booking_create

    course = Course.objects.create(code="bankid", title={"sv": "BankID och e-tjänster"})
    start = timezone.now() + datetime.timedelta(days=3)
    session = Session.objects.create(
        course=course, starts_at=start, ends_at=start + datetime.timedelta(hours=2), capacity=5
    )
    signup = SignUp(name="Doris", phone="070-444 44 44", email="doris@example.org")
    return booking_create(session_id=session.pk, user=None, signup=signup)


def _make_due() -> int:
    return DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def test_a_passing_refusal_is_tried_again_and_the_email_arrives(smtp):
    from digikommun.notify.services import RETRY_AFTER

    smtp.refuse.append("451 4.3.0 try again later")
    _booking_with_email()
    run_pending_tasks()
    assert smtp.received == []
    waiting = DBTaskResult.objects.get(status="READY")
    assert waiting.args_kwargs["args"][2] == 2  # the second attempt
    assert waiting.run_after - timezone.now() <= RETRY_AFTER[0]
    assert run_pending_tasks() == 0  # not due yet
    assert _make_due() == 1
    run_pending_tasks()
    assert len(smtp.received) == 1
    assert "Doris" in smtp.received[0].get_content()


def test_a_refusal_is_final(smtp):
    smtp.refuse_recipient = "550 5.1.1 no such mailbox"
    _booking_with_email()
    run_pending_tasks()
    assert smtp.received == []
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_the_moved_email_waits_out_a_dead_smtp_server():
    """The SMTP server is down when staff move the session: the news of the new time is tried
    again, and arrives once the server is back."""
    from digikommun.courses.services import session_reschedule

    server = SmtpServer().start()
    try:
        with override_settings(**server.settings(), SITE_URL="https://e.demokommun.se"):
            booking = _booking_with_email()
            run_pending_tasks()
            assert len(server.mailbox.received) == 1  # the confirmation
            server.stop()  # the server dies
            later = booking.session.starts_at + datetime.timedelta(days=1)
            session_reschedule(session_id=booking.session_id, starts_at=later)
            run_pending_tasks()
            waiting = DBTaskResult.objects.get(status="READY")
            assert waiting.args_kwargs["args"][1:] == ["moved", 2]  # tried again, not lost
            server.restart()
            assert _make_due() == 1
            run_pending_tasks()
    finally:
        server.stop()
    [moved] = server.mailbox.received[1:]
    assert timezone.localtime(later).strftime("%Y-%m-%d %H:%M") in moved.get_content()
