"""The lending pages: staff see each item, its state and who has it, the queue with its rule,
and a month calendar; they add items and move loans on; the borrower sees their place in the
queue with why, and accepts an offer on Mina sidor; the receiving party sees only what the
pool shares and confirms the set-up; bad input gives a translated message, never a 500."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from digikommun.identity.models import User
from digikommun.lending import services
from digikommun.lending.models import Item, Loan

from .helpers import pool, request

pytestmark = pytest.mark.django_db


def resident(pnr="199001019802", name="Rut"):
    return User.objects.create(username=pnr, personnummer=pnr, first_name=name)


def test_staff_pool_page_calendar_and_actions(staff):
    p = pool(items=1)
    loan = request(p, "Alva", borrower=resident())
    waiting = request(p, "Bo", weeks=16)
    page = staff.get(reverse("lending:pool", kwargs={"key": p.key}))
    assert page.status_code == 200
    text = page.content.decode()
    assert "R-001" in text and "Alva" in text and "Bo" in text
    assert page["Cache-Control"].startswith("private")
    url = reverse("lending:loan_action", kwargs={"key": p.key, "loan_id": loan.pk})
    for action in ("accept", "pick_up"):
        assert staff.post(url, {"action": action}).status_code == 302
    assert Loan.objects.get(pk=loan.pk).state == "picked_up"
    month = timezone.localdate().strftime("%Y-%m")
    cal = staff.get(reverse("lending:calendar", kwargs={"key": p.key}), {"month": month})
    assert cal.status_code == 200 and "R-001" in cal.content.decode()
    assert (
        staff.get(reverse("lending:calendar", kwargs={"key": p.key}), {"month": "x"}).status_code
        == 200
    )
    # An extension before set-up is refused with a message, not an error.
    refused = staff.post(url, {"action": "extend"}, follow=True)
    assert refused.status_code == 200
    assert "cannot be done now" in refused.content.decode()
    add = reverse("lending:item_add", kwargs={"key": p.key})
    staff.post(add, {"serial": "R-002"})
    assert Loan.objects.get(pk=waiting.pk).state == "offered"
    taken = staff.post(add, {"serial": "R-002"}, follow=True)
    assert "already has an item with that serial number" in taken.content.decode()
    item = Item.objects.get(serial="R-002")
    bad = reverse("lending:item_state", kwargs={"key": p.key, "item_id": item.pk})
    assert staff.post(bad, {"action": "explode"}).status_code == 302
    # A request registered by hand (a pool lent without a case).
    by_hand = reverse("lending:loan_add", kwargs={"key": p.key})
    empty = staff.post(by_hand, {"name": "  "}, follow=True)
    assert "Write who borrows the item." in empty.content.decode()
    staff.post(by_hand, {"name": "Kursdeltagare 1"})
    assert Loan.objects.get(name="Kursdeltagare 1").state == "queued"


def test_my_pages_shows_the_place_and_why_and_takes_the_answer():
    p = pool(items=1)
    request(p, "Först", weeks=16)
    rut = resident()
    mine = request(p, "Rut", borrower=rut, days_ago=40)
    client = Client()
    client.force_login(rut)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("portal:my_pages")).content.decode()
    assert "You are number 1 in the queue." in page
    assert "No such rule applies to you." in page
    first = Loan.objects.exclude(pk=mine.pk).get()
    services.offer_answer(loan_id=first.pk, accept=False)
    page = client.get(reverse("portal:my_pages")).content.decode()
    assert "Accept the offer" in page
    answer = reverse("lending:answer", kwargs={"loan_id": mine.pk})
    assert client.post(answer, {"answer": "maybe"}).status_code == 302
    assert Loan.objects.get(pk=mine.pk).state == "offered"
    client.post(answer, {"answer": "accept"})
    assert Loan.objects.get(pk=mine.pk).state == "accepted"
    other = Client()
    other.force_login(resident("198202029806", "Olle"))
    assert other.post(answer, {"answer": "decline"}).status_code == 404


def test_the_set_up_page_shows_only_what_the_pool_shares():
    p = pool(items=1)
    loan = services.loan_request(
        pool_key=p.key,
        name="Rut Ek",
        facts={"expected_weeks": 20, "diagnosis": "secret"},
        shared={"pupil_first_name": "Rut", "school": "Rinkebyskolan"},
    )
    services.offer_answer(loan_id=loan.pk, accept=True)
    services.loan_pick_up(loan_id=loan.pk)
    url = reverse("lending:setup", kwargs={"token": loan.setup_token})
    page = Client().get(url).content.decode()
    assert "Rinkebyskolan" in page and "secret" not in page and "Rut Ek" not in page
    Client().post(url)
    assert Loan.objects.get(pk=loan.pk).state == "active"
