"""Fairness under load: 200 sign-ups from 16 HTTP clients at once for 20 places give exactly
20 places and waiting-list positions 1–180 with no gaps or duplicates; the sign-up numbers
(`seq`) are 1–200, each given under the session's row lock (on SQLite the write lock at
BEGIN), so places go in the order the sign-ups were committed."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from ..http_load import post_from_clients

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS = 16
SIGN_UPS = 200
PLACES = 20


def test_200_sign_ups_from_16_clients_for_20_places(live_server):
    from digikommun.courses.models import Booking, Course, Session
    from digikommun.courses.selectors import waiting_position

    course = Course.objects.create(code="bankid", title={"sv": "BankID och e-tjänster"})
    start = timezone.now() + datetime.timedelta(days=7)
    session = Session.objects.create(
        course=course, starts_at=start, ends_at=start, place="Rinkeby", capacity=PLACES
    )
    url = f"{live_server.url}/kurser/{session.pk}/"

    codes = post_from_clients(
        page_url=url,
        post_url=url,
        form=lambda i: {"name": f"Deltagare {i}", "phone": f"070-{i:03d} 00 00"},
        total=SIGN_UPS,
        clients=CLIENTS,
    )
    assert codes == [302] * SIGN_UPS
    bookings = list(Booking.objects.filter(session=session).order_by("seq"))
    assert len(bookings) == SIGN_UPS
    assert [b.seq for b in bookings] == list(range(1, SIGN_UPS + 1))
    assert [b.state for b in bookings] == ["booked"] * PLACES + ["waiting"] * (SIGN_UPS - PLACES)
    assert [waiting_position(b) for b in bookings[PLACES:]] == list(range(1, SIGN_UPS - PLACES + 1))
