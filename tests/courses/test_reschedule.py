"""A session moved by staff takes its reminders with it: each booking's reminder timer is due
two days before the new start (one already sent is set again for the new time), none when that
has passed, and everyone with an email is told the new time. Time is frozen (time_machine)."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core import mail
from django.utils import timezone

from tests.conftest import run_pending_tasks
from tests.courses.test_booking import sign_up

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def session(db):
    from digikommun.courses.models import Course, Session

    course = Course.objects.create(code="digital-vardag", title={"sv": "Digital vardag"})
    start = NOW + datetime.timedelta(days=7)
    return Session.objects.create(
        course=course,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Stadsbiblioteket",
        capacity=5,
    )


def test_the_reminder_moves_with_the_session(session):
    from digikommun.courses.services import session_reschedule
    from digikommun.process.models import Timer
    from digikommun.process.scheduler import fire_due_timers

    with time_machine.travel(NOW, tick=False):
        anna = sign_up(session, "Anna", "070-111 11 11", email="anna@example.org")
        sign_up(session, "Bo", "070-222 22 22")  # no email: no timer, no news
        run_pending_tasks()
        mail.outbox.clear()
        timer = Timer.objects.get(kind="course_reminder", subject_id=anna.pk)
        assert timer.due_at == NOW + datetime.timedelta(days=5)

        later = session.starts_at + datetime.timedelta(days=3, hours=1)
        untold = session_reschedule(session_id=session.pk, starts_at=later)
        assert [b.name for b in untold] == ["Bo"]  # for staff to phone or text
        session.refresh_from_db()
        assert session.ends_at == later + datetime.timedelta(hours=2)
        timer.refresh_from_db()
        assert timer.due_at == later - datetime.timedelta(days=2)
        assert Timer.objects.filter(kind="course_reminder").count() == 1
        run_pending_tasks()
        assert [m.to for m in mail.outbox] == [["anna@example.org"]]
        assert "har flyttats" in mail.outbox[0].body
        assert timezone.localtime(later).strftime("%Y-%m-%d %H:%M") in mail.outbox[0].body
        mail.outbox.clear()

    # At the old reminder's time nothing fires; at the new one the reminder goes.
    assert fire_due_timers(now=NOW + datetime.timedelta(days=5)) == 0
    assert fire_due_timers(now=later - datetime.timedelta(days=2)) == 1
    run_pending_tasks()
    assert len(mail.outbox) == 1 and "Påminnelse" in mail.outbox[0].subject

    # Moved once more after the reminder was sent: it is set again for the new time.
    with time_machine.travel(later - datetime.timedelta(days=2, hours=-1), tick=False):
        again = later + datetime.timedelta(days=7)
        session_reschedule(session_id=session.pk, starts_at=again)
        timer.refresh_from_db()
        anna.refresh_from_db()
        assert timer.fired_at is None and timer.due_at == again - datetime.timedelta(days=2)
        assert anna.reminded_at is None

        # Moved to tomorrow: too late for a reminder two days before, so none is pending.
        soon = timezone.now() + datetime.timedelta(days=1)
        session_reschedule(session_id=session.pk, starts_at=soon)
        assert not Timer.objects.filter(kind="course_reminder", fired_at__isnull=True).exists()


def test_a_session_must_end_after_it_starts(session):
    from digikommun.courses.services import BookingRefused, session_reschedule

    with pytest.raises(BookingRefused):
        session_reschedule(
            session_id=session.pk, starts_at=session.starts_at, ends_at=session.starts_at
        )


def test_a_time_changed_in_the_admin_moves_the_reminder(session, client):
    from django.contrib.auth import get_user_model

    from digikommun.process.models import Timer

    with time_machine.travel(NOW, tick=False):
        anna = sign_up(session, "Anna", "070-111 11 11", email="anna@example.org")
        sign_up(session, "Bo", "070-222 22 22")  # no email: staff are told to call him
        admin = get_user_model().objects.create(username="admin", is_staff=True, is_superuser=True)
        client.force_login(admin)
        later = timezone.localtime(session.starts_at + datetime.timedelta(days=1))
        ends = later + datetime.timedelta(hours=2)
        response = client.post(
            f"/admin/courses/session/{session.pk}/change/",
            {
                "course": session.course_id,
                "starts_at_0": later.strftime("%Y-%m-%d"),
                "starts_at_1": later.strftime("%H:%M:%S"),
                "ends_at_0": ends.strftime("%Y-%m-%d"),
                "ends_at_1": ends.strftime("%H:%M:%S"),
                "place": "Stadsbiblioteket",
                "link": "",
                "capacity": "6",
                "language": "sv",
                "accessibility": '{"sv": "Hiss finns."}',
                "teacher": "",
                "booking_seq": str(session.booking_seq),
                "cancelled_at_0": "",
                "cancelled_at_1": "",
            },
        )
        assert response.status_code == 302, response.context["adminform"].form.errors
        session.refresh_from_db()
        assert session.starts_at == later and session.capacity == 6
        told = [str(m) for m in get_messages(client.get(response["Location"]).wsgi_request)]
        assert any(m.startswith("1 person med plats") and "Bo (+46702222222)" in m for m in told), (
            told
        )
        assert not any("Anna" in m for m in told)
        timer = Timer.objects.get(kind="course_reminder", subject_id=anna.pk)
        assert timer.due_at == later - datetime.timedelta(days=2)


def test_the_admin_refuses_an_end_before_the_start_with_a_message(session, client):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create(username="admin", is_staff=True, is_superuser=True)
    client.force_login(admin)
    starts = timezone.localtime(session.starts_at)
    ends = starts - datetime.timedelta(hours=1)
    response = client.post(
        f"/admin/courses/session/{session.pk}/change/",
        {
            "course": session.course_id,
            "starts_at_0": starts.strftime("%Y-%m-%d"),
            "starts_at_1": starts.strftime("%H:%M:%S"),
            "ends_at_0": ends.strftime("%Y-%m-%d"),
            "ends_at_1": ends.strftime("%H:%M:%S"),
            "place": session.place,
            "link": "",
            "capacity": str(session.capacity),
            "language": "sv",
            "accessibility": "{}",
            "teacher": "",
            "booking_seq": str(session.booking_seq),
            "cancelled_at_0": "",
            "cancelled_at_1": "",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "The session must end after it starts." in response.content.decode()
    stored = type(session).objects.get(pk=session.pk)
    assert stored.ends_at == session.ends_at
