"""Before and after a session: the reminder email two days before (a process clock timer,
queued at most once, none to a cancelled booking), the SMS-ready text staff send to those
without email, the certificate of attendance for those marked present, and the wish to
borrow a tablet that staff see on the session page."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.conftest import run_pending_tasks
from tests.courses.test_booking import sign_up
from tests.letters.pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(db):
    from digikommun.courses.models import Course, Session
    from digikommun.identity.models import User

    teacher = User.objects.create(username="larare", first_name="Lena", last_name="Lärare")
    course = Course.objects.create(
        code="digital-vardag", title={"sv": "Digital vardag", "en": "Digital everyday life"}
    )
    start = timezone.now() + datetime.timedelta(days=7)
    return Session.objects.create(
        course=course,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1, minutes=30),
        place="Stadsbiblioteket, Storgatan 1",
        capacity=1,
        teacher=teacher,
    )


def test_the_reminder_is_sent_once_and_not_to_a_cancelled_booking(session):
    from digikommun.courses.services import booking_cancel
    from digikommun.process.models import Timer
    from digikommun.process.scheduler import fire_due_timers

    kept = sign_up(session, "Anna", "070-111 11 11", email="anna@example.org")
    gone = sign_up(session, "Bo", "070-222 22 22", email="bo@example.org")  # waiting
    later = sign_up(session, "Cecilia", "070-333 33 33", email="cecilia@example.org")
    booking_cancel(token=gone.token)  # Cecilia waits; Bo leaves
    run_pending_tasks()
    mail.outbox.clear()
    timers = Timer.objects.filter(kind="course_reminder")
    due = session.starts_at - datetime.timedelta(days=2)
    assert sorted(timers.values_list("subject_id", flat=True)) == sorted(
        [kept.pk, gone.pk, later.pk]
    )
    assert {t.due_at for t in timers} == {due}

    assert fire_due_timers(now=due - datetime.timedelta(minutes=1)) == 0
    assert fire_due_timers(now=due) == 3
    run_pending_tasks()
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert "Digital vardag" in mail.outbox[0].subject and "Påminnelse" in mail.outbox[0].subject
    outcomes = dict(timers.values_list("subject_id", "outcome"))
    assert outcomes == {kept.pk: "reminded", gone.pk: "not needed", later.pk: "not needed"}

    # The timer fired again (a worker died after the send): the flag stops a second email.
    from digikommun.courses.reminders import on_reminder

    assert on_reminder(timers.get(subject_id=kept.pk)) == "already sent"
    run_pending_tasks()
    assert len(mail.outbox) == 1


def test_no_reminder_timer_without_email_or_when_the_session_is_close(session):
    from digikommun.process.models import Timer

    sign_up(session, "Anna", "070-111 11 11")
    type(session).objects.filter(pk=session.pk).update(
        starts_at=timezone.now() + datetime.timedelta(days=1)
    )
    sign_up(session, "Bo", "070-222 22 22", email="bo@example.org")
    assert not Timer.objects.filter(kind="course_reminder").exists()


def test_the_sms_text_fits_one_message_in_the_bookings_language(session):
    from digikommun.courses.reminders import SMS_LIMIT, sms_text

    booking = sign_up(session, "Anna", "070-111 11 11")
    when = timezone.localtime(session.starts_at)
    text = sms_text(booking)
    assert text.startswith("Påminnelse: Digital vardag")
    assert when.strftime("%Y-%m-%d") in text and when.strftime("%H:%M") in text
    assert len(text) <= SMS_LIMIT

    booking.language = "en"
    assert sms_text(booking).startswith("Reminder: Digital everyday life")

    session.place = "Medborgarhuset, stora salen på tredje våningen, ingång från baksidan " * 3
    session.course.title["sv"] = "En mycket lång kurstitel om allt det digitala i vardagen " * 2
    booking.language = "sv"
    long = sms_text(booking)
    assert len(long) <= SMS_LIMIT and when.strftime("%H:%M") in long


def test_a_certificate_only_for_one_marked_present(session, client):
    from digikommun.courses.services import attendance_record

    came = sign_up(session, "Anna Andersson", "070-111 11 11")
    url = reverse("courses:certificate", kwargs={"token": came.token})
    assert client.get(url).status_code == 403  # booked, not yet marked present
    attendance_record(session_id=session.pk, user=session.teacher, present={came.pk})
    booking_page = client.get(reverse("courses:booking", kwargs={"token": came.token}))
    assert url in booking_page.content.decode()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Intyg om deltagande" in text and "Anna Andersson" in text
    assert "Digital vardag" in text and "1,5 timmar" in text
    assert timezone.localtime(session.starts_at).strftime("%Y-%m-%d") in text

    attendance_record(session_id=session.pk, user=session.teacher, present=set())
    assert client.get(url).status_code == 403  # corrected to absent
    missing = reverse(
        "courses:certificate", kwargs={"token": "0" * 8 + "-0000-0000-0000-" + "0" * 12}
    )
    assert client.get(missing).status_code == 404


def test_a_tablet_wish_is_recorded_and_shown_to_staff(session, client):
    from digikommun.courses.models import Booking

    page = reverse("courses:session", kwargs={"session_id": session.pk})
    assert 'name="needs_tablet"' in client.get(page).content.decode()
    response = client.post(page, {"name": "Anna", "phone": "070-111 11 11", "needs_tablet": "yes"})
    assert response.status_code == 302
    sign_up(session, "Bo", "070-222 22 22")
    anna = Booking.objects.get(name="Anna")
    assert anna.needs_tablet and not Booking.objects.get(name="Bo").needs_tablet

    client.force_login(session.teacher)
    staff = client.get(reverse("courses:attendance", kwargs={"session_id": session.pk}))
    html = staff.content.decode()
    assert reverse("lending:loan_add", kwargs={"key": "course-tablets"}) in html
    assert f'name="booking" value="{anna.pk}"' in html
    assert html.count('name="needs_tablet"') == 0 and "Bo –" not in html
    assert anna.phone in html and "Stadsbiblioteket" in html  # no email: an SMS text
