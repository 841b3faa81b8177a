"""The demo history lends the demo pools' robots and tablets every month, so the benefit
dashboard's loan figures are filled in the demo: every history loan ended before today (none
holds an item or waits in a queue now), each step is in its history, a second run adds no
loans; and a few survey answers of the history carry a comment for the staff page."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_the_demo_history_lends_every_month_and_holds_nothing_now(demo):
    from digikommun.lending.models import Loan, Pool
    from digikommun.lending.workflow import OPEN, LoanState
    from digikommun.transparency.demo_history import demo_history_ensure
    from digikommun.transparency.models import SurveyAnswer
    from digikommun.transparency.selectors import benefit

    assert Pool.objects.filter(key__in=["telepresence-robots", "course-tablets"]).count() == 2
    demo_history_ensure(months=3)
    history = Loan.objects.filter(facts__demo_history=True)
    count = history.count()
    assert count > 0
    assert not history.filter(state__in=sorted(OPEN)).exists()
    closed = history.filter(state=LoanState.CLOSED)
    assert closed.exists() and not closed.filter(item__isnull=True).exists()
    loan = closed.first()
    assert [e.to_state for e in loan.events.order_by("at", "pk")] == [
        "requested",
        "queued",
        "offered",
        "accepted",
        "picked_up",
        "active",
        "returned",
        "closed",
    ]
    seqs = list(history.filter(pool=loan.pool).values_list("seq", flat=True))
    assert len(seqs) == len(set(seqs)) and Pool.objects.get(pk=loan.pool_id).request_seq == max(
        seqs
    )

    rows = [r for r in benefit(public=False).loans if r.pool == "telepresence-robots"]
    assert len([r for r in rows if r.loans_started]) >= 3
    assert any(r.median_wait_days for r in rows)
    public = [r for r in benefit().loans if r.pool == "course-tablets" and r.loans_started]
    assert public  # eight or more a month: shown on the public page too

    demo_history_ensure(months=3)
    assert Loan.objects.filter(facts__demo_history=True).count() == count
    assert SurveyAnswer.objects.exclude(comment="").exists()
