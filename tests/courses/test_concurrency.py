"""Fairness under load: 200 sign-ups from 16 HTTP clients at once for 20 places give exactly
20 places and waiting-list positions 1–180 with no gaps or duplicates, in the order the
sign-ups were committed (the session's row lock; on SQLite the write lock at BEGIN)."""

from __future__ import annotations

import datetime
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.utils import timezone

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

    def client(n: int) -> list[int]:
        http = requests.Session()
        page = http.get(url, timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        codes = []
        for i in range(n, SIGN_UPS, CLIENTS):
            response = http.post(
                url,
                data={
                    "csrfmiddlewaretoken": token,
                    "name": f"Deltagare {i}",
                    "phone": f"070-{i:03d} 00 00",
                },
                headers={"Referer": url},
                timeout=60,
                allow_redirects=False,
            )
            codes.append(response.status_code)
        return codes

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        codes = [c for result in pool.map(client, range(CLIENTS)) for c in result]
    assert codes == [302] * SIGN_UPS
    bookings = list(Booking.objects.filter(session=session).order_by("seq"))
    assert len(bookings) == SIGN_UPS
    assert [b.seq for b in bookings] == list(range(1, SIGN_UPS + 1))
    assert [b.state for b in bookings] == ["booked"] * PLACES + ["waiting"] * (SIGN_UPS - PLACES)
    assert [waiting_position(b) for b in bookings[PLACES:]] == list(range(1, SIGN_UPS - PLACES + 1))
    # Commit order: each sign-up was written after the one before it.
    times = [b.created_at for b in bookings]
    assert times == sorted(times)
