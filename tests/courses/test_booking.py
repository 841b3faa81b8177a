"""Course bookings: a place while there is one, then the waiting list in sign-up order; a
cancelled place goes to the first who waits; the teacher takes attendance; the booking's own
transition table (courses/workflow.py) refuses anything else. Sign-up works with or without
e-ID, a double click gives one booking, and bad input gets a clear error."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from tests.conftest import run_pending_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(db):
    from digikommun.courses.models import Course, Session
    from digikommun.identity.models import User

    teacher = User.objects.create(username="larare", first_name="Lena", last_name="Lärare")
    course = Course.objects.create(code="digital-vardag", title={"sv": "Digital vardag"})
    start = timezone.now() + datetime.timedelta(days=7)
    return Session.objects.create(
        course=course,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        place="Stadsbiblioteket",
        capacity=2,
        teacher=teacher,
    )


def sign_up(session, name, phone, email="", user=None):
    from digikommun.courses.services import SignUp, booking_create

    return booking_create(
        session_id=session.pk, user=user, signup=SignUp(name=name, phone=phone, email=email)
    )


def test_places_then_a_waiting_list_that_moves_up(session):
    from digikommun.courses.selectors import waiting_position
    from digikommun.courses.services import booking_cancel

    a = sign_up(session, "Anna", "070-111 11 11")
    b = sign_up(session, "Bo", "070-222 22 22")
    c = sign_up(session, "Cecilia", "070-333 33 33", email="cecilia@example.org")
    d = sign_up(session, "David", "070-444 44 44")
    assert [x.state for x in (a, b, c, d)] == ["booked", "booked", "waiting", "waiting"]
    assert (waiting_position(c), waiting_position(d)) == (1, 2)
    run_pending_tasks()
    mail.outbox.clear()
    booking_cancel(token=a.token)
    c.refresh_from_db()
    d.refresh_from_db()
    assert c.state == "booked" and d.state == "waiting" and waiting_position(d) == 1
    run_pending_tasks()
    assert [m.to for m in mail.outbox] == [["cecilia@example.org"]]
    assert "kom en plats loss" in mail.outbox[0].body or "came free" in mail.outbox[0].body
    # Cancelling twice changes nothing; a waiting place cancelled moves nobody up.
    booking_cancel(token=a.token)
    booking_cancel(token=d.token)
    d.refresh_from_db()
    assert d.state == "cancelled"


def test_without_e_id_a_name_and_phone_are_needed(session):
    from digikommun.courses.services import BookingRefused

    with pytest.raises(BookingRefused) as refused:
        sign_up(session, "", "inte ett nummer", email="fel")
    assert set(refused.value.errors) == {"name", "phone", "email"}
    assert "namn" in refused.value.errors["name"].lower()


def test_logged_in_needs_no_phone_and_a_double_click_gives_one_booking(session):
    from digikommun.identity.models import User

    person = User.objects.create(username="p1", first_name="Eva", last_name="Ek")
    first = sign_up(session, "", "", user=person)
    again = sign_up(session, "", "", user=person)
    assert first.pk == again.pk and first.name == "Eva Ek"
    same_phone = sign_up(session, "Anna", "0701111111")
    assert sign_up(session, "Anna igen", "070-111 11 11").pk == same_phone.pk


def test_the_teacher_takes_attendance_and_no_one_else(session):
    from digikommun.courses.services import NotAllowed, attendance_record
    from digikommun.identity.models import User

    a = sign_up(session, "Anna", "070-111 11 11")
    b = sign_up(session, "Bo", "070-222 22 22")
    stranger = User.objects.create(username="x")
    with pytest.raises(NotAllowed):
        attendance_record(session_id=session.pk, user=stranger, present={a.pk})
    counts = attendance_record(session_id=session.pk, user=session.teacher, present={a.pk})
    assert counts == {"attended": 1, "absent": 1}
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.state, b.state) == ("attended", "absent")
    counts = attendance_record(session_id=session.pk, user=session.teacher, present={a.pk, b.pk})
    assert counts == {"attended": 2, "absent": 0}


def test_the_booking_table_refuses_what_it_does_not_name():
    from digikommun.courses import workflow

    workflow.check_transition("waiting", "booked", "system")
    for current, target, actor in [
        ("cancelled", "booked", "participant"),
        ("waiting", "booked", "participant"),  # nobody jumps the queue
        ("booked", "attended", "participant"),
        ("attended", "cancelled", "staff"),
    ]:
        with pytest.raises(workflow.TransitionRefused):
            workflow.check_transition(current, target, actor)


def test_a_past_or_cancelled_session_cannot_be_booked(session):
    from digikommun.courses.services import BookingRefused

    session.starts_at = timezone.now() - datetime.timedelta(hours=1)
    session.save()
    with pytest.raises(BookingRefused) as refused:
        sign_up(session, "Anna", "070-111 11 11")
    assert "session" in refused.value.errors


def test_participation_figures_count_people_and_repeat_visits(session):
    from digikommun.courses.models import Session
    from digikommun.courses.selectors import participation
    from digikommun.courses.services import attendance_record

    second = Session.objects.create(
        course=session.course,
        starts_at=session.starts_at + datetime.timedelta(days=7),
        ends_at=session.ends_at + datetime.timedelta(days=7),
        capacity=5,
        teacher=session.teacher,
    )
    a1 = sign_up(session, "Anna", "070-111 11 11")
    sign_up(session, "Bo", "070-222 22 22")
    sign_up(session, "Cecilia", "070-333 33 33")  # waits
    a2 = sign_up(second, "Anna", "070-111 11 11")
    attendance_record(session_id=session.pk, user=session.teacher, present={a1.pk})
    attendance_record(session_id=second.pk, user=session.teacher, present={a2.pk})
    (figures,) = participation()
    assert (figures.participants, figures.repeat_visitors, figures.waiting) == (1, 1, 1)
