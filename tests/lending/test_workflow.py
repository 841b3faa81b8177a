"""The loan's and the item's transition tables: every allowed change is allowed to exactly the
actors the table names, and every other change (any pair of states, any actor) is refused."""

import itertools

import pytest

from digikommun.lending import workflow
from digikommun.lending.workflow import Actor, ItemState, LoanState

LOAN_PAIRS = list(itertools.product(LoanState.values, LoanState.values, Actor.values))
ITEM_PAIRS = list(itertools.product(ItemState.values, ItemState.values, Actor.values))


@pytest.mark.parametrize(("current", "target", "actor"), LOAN_PAIRS)
def test_loan_transition_allowed_exactly_as_the_table_says(current, target, actor):
    allowed = actor in workflow.TRANSITIONS.get((current, target), frozenset())
    if allowed:
        workflow.check_transition(current, target, actor)
        assert target in workflow.allowed_targets(current, actor)
    else:
        with pytest.raises(workflow.TransitionRefused):
            workflow.check_transition(current, target, actor)


@pytest.mark.parametrize(("current", "target", "actor"), ITEM_PAIRS)
def test_item_transition_allowed_exactly_as_the_table_says(current, target, actor):
    if actor in workflow.ITEM_TRANSITIONS.get((current, target), frozenset()):
        workflow.check_item_transition(current, target, actor)
    else:
        with pytest.raises(workflow.TransitionRefused):
            workflow.check_item_transition(current, target, actor)


def test_the_table_names_the_life_of_a_loan():
    allowed = {(f, t) for (f, t) in workflow.TRANSITIONS}
    path = ["requested", "queued", "offered", "accepted", "picked_up", "active", "extended"]
    for a, b in itertools.pairwise(path):
        assert (a, b) in allowed
    assert ("extended", "overdue") in allowed and ("overdue", "returned") in allowed
    assert ("returned", "closed") in allowed
    # Only the system queues, offers, expires and marks overdue; only staff hand out items.
    assert workflow.TRANSITIONS[("offered", "expired")] == {Actor.SYSTEM}
    assert workflow.TRANSITIONS[("active", "overdue")] == {Actor.SYSTEM}
    assert workflow.TRANSITIONS[("accepted", "picked_up")] == {Actor.STAFF}
    assert Actor.RECEIVER in workflow.TRANSITIONS[("picked_up", "active")]
    # Nothing leaves a final state.
    for final in ("declined", "expired", "withdrawn", "closed"):
        assert not [t for (f, t) in workflow.TRANSITIONS if f == final]
