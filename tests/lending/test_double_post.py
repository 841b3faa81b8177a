"""A staff action on a loan posted twice (a double click, or two people on the same page) is
done once: the form carries what it saw of the loan, the second post finds the loan moved on
under the pool's lock and gets a clear message, not a second extension or a 500."""

import pytest
from django.urls import reverse

from digikommun.lending.models import Item, Loan, LoanEvent

from .helpers import pool, request

pytestmark = pytest.mark.django_db

DONE = "That was done already"


def seen_on_page(staff, p, loan) -> str:
    page = staff.get(reverse("lending:pool", kwargs={"key": p.key})).content.decode()
    marker = f'id="loan-{loan.pk}"'
    row = page[page.index(marker) :]
    start = row.index('name="seen" value="') + len('name="seen" value="')
    return row[start : row.index('"', start)]


@pytest.mark.parametrize("action", ["accept", "pick_up", "set_up", "extend", "return", "check"])
def test_each_action_posted_twice_is_done_once(staff, action):
    p = pool(items=1)
    loan = request(p, "Alva")
    url = reverse("lending:loan_action", kwargs={"key": p.key, "loan_id": loan.pk})
    steps = ["accept", "pick_up", "set_up", "extend", "return", "check"]
    for before in steps[: steps.index(action)]:
        staff.post(url, {"action": before, "seen": seen_on_page(staff, p, loan)})
    seen = seen_on_page(staff, p, loan)
    events = LoanEvent.objects.filter(loan=loan).count()
    first = staff.post(url, {"action": action, "seen": seen}, follow=True)
    assert first.status_code == 200 and DONE not in first.content.decode()
    after = Loan.objects.get(pk=loan.pk)
    assert LoanEvent.objects.filter(loan=loan).count() == events + 1
    second = staff.post(url, {"action": action, "seen": seen}, follow=True)
    assert second.status_code == 200
    assert DONE in second.content.decode()
    again = Loan.objects.get(pk=loan.pk)
    assert (again.state, again.extensions, again.ends_at) == (
        after.state,
        after.extensions,
        after.ends_at,
    )
    assert LoanEvent.objects.filter(loan=loan).count() == events + 1


def test_a_checked_robot_goes_on_once(staff):
    p = pool(items=1)
    loan = request(p, "Alva")
    waiting = request(p, "Bo")
    url = reverse("lending:loan_action", kwargs={"key": p.key, "loan_id": loan.pk})
    for action in ("accept", "pick_up", "return"):
        staff.post(url, {"action": action, "seen": seen_on_page(staff, p, loan)})
    seen = seen_on_page(staff, p, loan)
    for _ in range(2):  # sent twice from the same page
        assert staff.post(url, {"action": "check", "seen": seen}).status_code == 302
    assert Loan.objects.get(pk=loan.pk).state == "closed"
    assert Loan.objects.get(pk=waiting.pk).state == "offered"
    assert Item.objects.get().state == "reserved"
    assert LoanEvent.objects.filter(loan=waiting, to_state="offered").count() == 1


def test_a_damage_report_sent_twice_is_kept_once(staff):
    p = pool(items=1)
    loan = request(p, "Alva")
    url = reverse("lending:loan_action", kwargs={"key": p.key, "loan_id": loan.pk})
    for action in ("accept", "pick_up"):
        staff.post(url, {"action": action, "seen": seen_on_page(staff, p, loan)})
    for _ in range(2):
        assert staff.post(url, {"action": "damage", "damage": "Sprucken skärm"}).status_code == 302
    assert Loan.objects.get(pk=loan.pk).damage == "Sprucken skärm"
    assert LoanEvent.objects.filter(loan=loan, kind="damage").count() == 1
    staff.post(url, {"action": "damage", "damage": "Lös kabel"})  # another report: kept
    assert Loan.objects.get(pk=loan.pk).damage == "Sprucken skärm\nLös kabel"
