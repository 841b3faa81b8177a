"""Loans of a pool: a free item is offered at once, others queue in a fair and explainable
order (the stated priority rule first, then the date of application); an offer declined or
expired goes to the next in line; a picked-up loan is reminded before its end, becomes overdue
after it, can be extended up to the maximum; damage sends the checked item to repair; every
change of an item is in its append-only history."""

import datetime

import pytest
from django.utils import timezone

from digikommun.lending import selectors, services
from digikommun.lending.models import Item, ItemEvent, LoanEvent
from digikommun.lending.services import LendingRefused
from digikommun.process.models import Timer
from digikommun.process.scheduler import fire_due_timers

from .helpers import pool, request

pytestmark = pytest.mark.django_db


def states(*loans):
    return [type(x).objects.get(pk=x.pk).state for x in loans]


def test_free_items_are_offered_then_people_queue_by_rule_then_date():
    p = pool(items=1)
    first = request(p, "Alva", days_ago=30)
    late_short = request(p, "Bo", weeks=4, days_ago=20)
    early_short = request(p, "Cim", weeks=4, days_ago=25)
    long_ = request(p, "Dani", weeks=16, days_ago=1)
    assert first.state == "offered" and first.item.serial == "R-001"
    assert [loan.name for loan in selectors.queue(p)] == ["Dani", "Cim", "Bo"]
    assert [selectors.queue_position(x) for x in (long_, early_short, late_short)] == [1, 2, 3]
    why = selectors.queue_explanation(late_short)
    assert (why.position, why.rule, why.before_by_priority, why.before_by_date) == (3, None, 1, 1)
    why = selectors.queue_explanation(long_)
    assert why.position == 1 and why.rule["en"] == "Long absence first"
    assert selectors.queue_position(first) is None


def test_a_declined_offer_goes_to_the_next_in_line():
    p = pool(items=1)
    a, b, c = (request(p, n, days_ago=d) for n, d in (("A", 3), ("B", 2), ("C", 1)))
    services.offer_answer(loan_id=a.pk, accept=False)
    assert states(a, b, c) == ["declined", "offered", "queued"]
    assert Item.objects.get(pool=p).state == "reserved"
    with pytest.raises(LendingRefused):
        services.offer_answer(loan_id=a.pk, accept=True)


def test_an_offer_not_answered_in_time_expires_through_the_clock_and_moves_on():
    p = pool(items=1, offer_days=5)
    a, b = request(p, "A", days_ago=2), request(p, "B", days_ago=1)
    timer = Timer.objects.get(kind="loan_offer_deadline", subject_id=a.pk)
    assert timer.due_at == type(a).objects.get(pk=a.pk).offer_expires_at
    assert fire_due_timers() == 0  # not yet
    past = timezone.now() - datetime.timedelta(minutes=1)
    type(a).objects.filter(pk=a.pk).update(offer_expires_at=past)
    Timer.objects.filter(pk=timer.pk).update(due_at=past)
    assert fire_due_timers() == 1
    assert states(a, b) == ["expired", "offered"]
    assert Timer.objects.get(pk=timer.pk).outcome == "expired"
    assert Timer.objects.filter(kind="loan_offer_deadline", subject_id=b.pk).exists()


def _out(p, name="A"):
    loan = request(p, name)
    services.offer_answer(loan_id=loan.pk, accept=True)
    return services.loan_pick_up(loan_id=loan.pk)


def test_pick_up_set_up_reminders_before_the_end_and_overdue_after_it():
    p = pool(items=1, loan_days=30, reminder_days_before_end=(14, 3))
    loan = _out(p)
    assert loan.state == "picked_up" and Item.objects.get(pool=p).state == "on_loan"
    services.loan_set_up(loan_id=loan.pk)
    loan.refresh_from_db()
    assert loan.state == "active" and loan.set_up_at is not None
    reminders = Timer.objects.filter(kind="loan_reminder").order_by("due_at")
    assert [loan.ends_at - t.due_at for t in reminders] == [
        datetime.timedelta(days=14),
        datetime.timedelta(days=3),
    ]
    # Time passes: the loan's period is moved into the past, with its timers.
    shift = datetime.timedelta(days=31)
    type(loan).objects.filter(pk=loan.pk).update(ends_at=loan.ends_at - shift)
    for t in Timer.objects.filter(kind__in=["loan_reminder", "loan_overdue"]):
        Timer.objects.filter(pk=t.pk).update(due_at=t.due_at - shift)
    assert fire_due_timers() == 3
    loan.refresh_from_db()
    assert loan.state == "overdue"
    assert LoanEvent.objects.filter(loan=loan, kind="reminder").count() == 2


def test_extensions_up_to_the_maximum_and_new_timers_for_each_period():
    p = pool(items=1, loan_days=30, extension_days=10, max_extensions=2)
    loan = _out(p)
    services.loan_set_up(loan_id=loan.pk)
    first_end = type(loan).objects.get(pk=loan.pk).ends_at
    services.loan_extend(loan_id=loan.pk)
    loan = services.loan_extend(loan_id=loan.pk)
    assert loan.state == "extended" and loan.extensions == 2
    assert loan.ends_at - first_end == datetime.timedelta(days=20)
    with pytest.raises(LendingRefused) as refused:
        services.loan_extend(loan_id=loan.pk)
    assert refused.value.code == "max_extensions"
    assert Timer.objects.filter(kind="loan_overdue").count() == 3
    # The first period's overdue timer does nothing now.
    stale = Timer.objects.get(kind="loan_overdue", subject_id=loan.pk * 100)
    Timer.objects.filter(pk=stale.pk).update(due_at=timezone.now())
    fire_due_timers()
    assert Timer.objects.get(pk=stale.pk).outcome == "not needed"
    assert type(loan).objects.get(pk=loan.pk).state == "extended"


def test_damage_sends_the_checked_item_to_repair_and_the_next_waits_for_another():
    p = pool(items=1)
    loan = _out(p)
    waiting = request(p, "B")
    services.damage_report(loan_id=loan.pk, description="Cracked screen")
    services.loan_return(loan_id=loan.pk)
    services.loan_check(loan_id=loan.pk)
    item = Item.objects.get(pool=p)
    assert item.state == "in_repair"
    assert states(waiting) == ["queued"]
    services.item_state_change(item_id=item.pk, target="available", reason="new screen")
    assert states(waiting) == ["offered"]
    history = list(ItemEvent.objects.filter(item=item).values_list("to_state", flat=True))
    assert history == ["available", "reserved", "on_loan", "in_repair", "available", "reserved"]
    with pytest.raises(ValueError):
        ItemEvent.objects.filter(item=item).first().save()


def test_a_returned_and_checked_item_goes_to_the_first_in_line():
    p = pool(items=1)
    loan = _out(p)
    b = request(p, "B", days_ago=1)
    services.loan_set_up(loan_id=loan.pk)
    services.loan_return(loan_id=loan.pk)
    assert states(b) == ["queued"]
    services.loan_check(loan_id=loan.pk)
    assert states(loan, b) == ["closed", "offered"]


def test_refusals():
    p = pool(items=1)
    loan = request(p, "A")
    for call in (services.loan_pick_up, services.loan_extend, services.loan_return):
        with pytest.raises(LendingRefused):
            call(loan_id=loan.pk)
    with pytest.raises(LendingRefused):
        services.item_add(pool_id=p.pk, serial="R-001")
    with pytest.raises(LendingRefused):
        services.loan_request(pool_key="nope", name="X")
    item = Item.objects.get(pool=p)
    with pytest.raises(LendingRefused):  # reserved for an offer
        services.item_state_change(item_id=item.pk, target="retired")
