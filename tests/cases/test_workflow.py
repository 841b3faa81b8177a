"""The life of a case is a table of allowed transitions; anything else is refused."""

import pytest

from digikommun.cases.workflow import (
    Actor,
    Status,
    TransitionRefused,
    allowed_targets,
    check_transition,
)


def test_the_system_decides_or_hands_over_a_received_case():
    assert set(allowed_targets(Status.RECEIVED, Actor.SYSTEM)) == {
        Status.DECIDED,
        Status.IN_REVIEW,
        Status.AWAITING_COSIGNING,  # held for co-signers (digikommun.cosigning)
    }


def test_a_decided_case_cannot_be_decided_again():
    with pytest.raises(TransitionRefused):
        check_transition(Status.DECIDED, Status.DECIDED, Actor.SYSTEM)


def test_only_a_caseworker_decides_a_case_in_review():
    check_transition(Status.IN_REVIEW, Status.DECIDED, Actor.CASEWORKER)
    with pytest.raises(TransitionRefused):
        check_transition(Status.IN_REVIEW, Status.DECIDED, Actor.SYSTEM)
