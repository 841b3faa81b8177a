"""A tablet lent for a course session is linked to the booking by a reference (`Loan.booking`),
not by the request's name: staff register it from the booking, a second registration for the
same booking gives the same request, and cancelling the booking withdraws the request (a
reserved tablet goes to the next in line) as long as the tablet has not been picked up."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from digikommun.courses.models import Course, Session
from digikommun.courses.services import SignUp, booking_cancel, booking_create
from digikommun.identity.models import Role, RoleGrant, User
from digikommun.lending import services
from digikommun.lending.models import Item, Loan

from .helpers import pool

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    course = Course.objects.create(code="digital-vardag", title={"sv": "Digital vardag"})
    start = timezone.now() + datetime.timedelta(days=7)
    return Session.objects.create(
        course=course, starts_at=start, ends_at=start + datetime.timedelta(hours=2), capacity=5
    )


def book(session, name, phone):
    return booking_create(
        session_id=session.pk, signup=SignUp(name=name, phone=phone, needs_tablet=True)
    )


def test_the_request_follows_the_booking_and_ends_with_it(staff, session):
    p = pool(items=1, key="course-tablets")
    ada, bo = book(session, "Ada", "070-111 11 11"), book(session, "Bo", "070-222 22 22")
    url = reverse("lending:loan_add", kwargs={"key": p.key})
    for booking in (ada, bo):
        assert staff.post(url, {"booking": booking.pk, "name": "Deltagare"}).status_code == 302
    staff.post(url, {"booking": ada.pk, "name": "Deltagare"})  # registered twice: one request
    first, second = Loan.objects.get(booking=ada), Loan.objects.get(booking=bo)
    assert (first.state, second.state) == ("offered", "queued")
    assert first.name == second.name == "Deltagare"  # the name does not link them

    booking_cancel(token=ada.token)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == "withdrawn"
    assert first.events.last().note == "booking cancelled"
    assert second.state == "offered" and second.item_id == first.item_id

    # Once the tablet is picked up, the loan stands: it has to come back.
    services.offer_answer(loan_id=second.pk, accept=True)
    services.loan_pick_up(loan_id=second.pk)
    booking_cancel(token=bo.token)
    assert Loan.objects.get(pk=second.pk).state == "picked_up"
    assert Item.objects.get(pk=second.item_id).state == "on_loan"


def test_a_cancelled_or_unknown_booking_is_refused_with_a_message(staff, session):
    p = pool(items=1, key="course-tablets")
    gone = book(session, "Ada", "070-111 11 11")
    booking_cancel(token=gone.token)
    url = reverse("lending:loan_add", kwargs={"key": p.key})
    for value in (gone.pk, 999999, "x"):
        page = staff.post(url, {"booking": value, "name": "Ada"}, follow=True)
        assert page.status_code == 200
        assert "does not exist or has been cancelled" in page.content.decode()
    assert not Loan.objects.exists()


def test_the_attendance_page_registers_the_request_for_the_booking(session):
    admin = User.objects.create(username="admin")
    RoleGrant.objects.create(user=admin, role=Role.ADMINISTRATOR, service_id="")
    client = Client()
    client.force_login(admin)
    pool(items=1, key="course-tablets")
    booking = book(session, "Ada", "070-111 11 11")
    page = client.get(reverse("courses:attendance", kwargs={"session_id": session.pk}))
    assert f'name="booking" value="{booking.pk}"' in page.content.decode()
