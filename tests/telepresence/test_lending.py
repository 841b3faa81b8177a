"""A granted robot loan lends a robot from the pool the definition's `lending:` section names:
with a robot free the pupil is offered it at once, and the school is given only what `share`
names (first name, school, class — no personnummer, no certificate, nothing about health);
with the pool empty a second pupil waits, sees the place in the queue on Mina sidor, and is
offered the robot when the first loan has been returned and checked."""

from __future__ import annotations

from digikommun.lending import selectors as lending_selectors
from digikommun.lending import services as lending
from digikommun.lending.models import Item, Loan
from digikommun.lending.workflow import ItemState, LoanState

from .test_apply_flow import SARA, answers, apply, client_for, confirm

FATIMA = "197811029847"


def test_a_granted_pupil_is_offered_a_robot_and_the_next_waits_until_it_is_back(
    demo, django_capture_on_commit_callbacks
):
    pool = lending_selectors.pool_by_key("telepresence-robots")
    *others, robot = list(Item.objects.filter(pool=pool).order_by("serial"))
    for item in others:  # one robot left in the pool
        lending.item_state_change(item_id=item.pk, target=ItemState.IN_REPAIR, reason="demo")

    with django_capture_on_commit_callbacks(execute=True):
        first = apply(client_for(SARA), answers())
    confirm(first, django_capture_on_commit_callbacks)
    loan = Loan.objects.get(case=first)
    assert loan.state == LoanState.OFFERED and loan.item_id == robot.pk
    assert loan.shared == {
        "pupil_first_name": "Alva",
        "school": "ekbackeskolan",
        "school_class": "4B",
    }

    # A second pupil, in one guardian's sole custody (no one to confirm), while the robot is out.
    with django_capture_on_commit_callbacks(execute=True):
        second = apply(
            client_for(FATIMA),
            answers(custody="sole", pupil_first_name="Elias", pupil_personnummer="20160907-9817"),
        )
    from tests.conftest import run_pending_tasks

    with django_capture_on_commit_callbacks(execute=True):
        run_pending_tasks()
    waiting = Loan.objects.get(case=second)
    assert waiting.state == LoanState.QUEUED
    assert lending_selectors.queue_position(waiting) == 1
    page = client_for(FATIMA).get("/my-pages/").content.decode()
    assert "Du är nummer 1 i kön." in page and "Lång frånvaro först" in page

    lending.offer_answer(loan_id=loan.pk, accept=True)
    lending.loan_pick_up(loan_id=loan.pk)
    lending.loan_set_up(loan_id=loan.pk)
    lending.loan_return(loan_id=loan.pk)
    waiting.refresh_from_db()
    assert waiting.state == LoanState.QUEUED  # not before the robot has been checked
    lending.loan_check(loan_id=loan.pk)
    waiting.refresh_from_db()
    assert waiting.state == LoanState.OFFERED and waiting.item_id == robot.pk
    page = client_for(FATIMA, "en").get("/my-pages/").content.decode()
    assert "Accept the offer" in page
