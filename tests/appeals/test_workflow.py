"""Reconsideration and appeal each have their own table of allowed changes; the case's own
table holds only what the case goes through (reconsidering, appealed, decided again)."""

import pytest

from digikommun.appeals.workflow import (
    APPEAL,
    RECONSIDERATION,
    AppealStatus,
    ReconsiderationStatus,
    TransitionRefused,
    allowed,
    check_appeal,
    check_reconsideration,
)
from digikommun.cases.workflow import Actor, Status, check_transition
from digikommun.cases.workflow import TransitionRefused as CaseRefused


def test_a_caseworker_confirms_or_changes_an_open_reconsideration():
    assert set(allowed(RECONSIDERATION, ReconsiderationStatus.OPEN, Actor.CASEWORKER)) == {
        ReconsiderationStatus.CONFIRMED,
        ReconsiderationStatus.CHANGED,
    }
    with pytest.raises(TransitionRefused):
        check_reconsideration(
            ReconsiderationStatus.OPEN, ReconsiderationStatus.CHANGED, Actor.APPLICANT
        )


def test_a_finished_reconsideration_cannot_be_decided_again():
    for done in (ReconsiderationStatus.CONFIRMED, ReconsiderationStatus.CHANGED):
        assert allowed(RECONSIDERATION, done, Actor.CASEWORKER) == []


def test_an_appeal_is_time_checked_by_a_caseworker_before_anything_else():
    assert set(allowed(APPEAL, AppealStatus.RECEIVED, Actor.CASEWORKER)) == {
        AppealStatus.RECONSIDERING,
        AppealStatus.REJECTED,
    }
    with pytest.raises(TransitionRefused):
        check_appeal(AppealStatus.RECEIVED, AppealStatus.SENT_TO_COURT, Actor.SYSTEM)


def test_the_reconsideration_decides_whether_the_appeal_lapses_or_goes_to_court():
    assert set(allowed(APPEAL, AppealStatus.RECONSIDERING, Actor.SYSTEM)) == {
        AppealStatus.LAPSED,
        AppealStatus.SENT_TO_COURT,
    }
    # a person cannot skip the reconsideration (39 §)
    assert allowed(APPEAL, AppealStatus.RECONSIDERING, Actor.CASEWORKER) == []


def test_only_an_appeal_at_the_court_gets_a_judgment():
    check_appeal(AppealStatus.SENT_TO_COURT, AppealStatus.JUDGED, Actor.CASEWORKER)
    for status in (AppealStatus.RECEIVED, AppealStatus.LAPSED, AppealStatus.REJECTED):
        with pytest.raises(TransitionRefused):
            check_appeal(status, AppealStatus.JUDGED, Actor.CASEWORKER)


def test_the_case_table_holds_reconsidering_and_appealed():
    check_transition(Status.DECIDED, Status.RECONSIDERING, Actor.APPLICANT)
    check_transition(Status.DECIDED, Status.APPEALED, Actor.APPLICANT)
    check_transition(Status.CLOSED, Status.APPEALED, Actor.APPLICANT)  # late appeals too
    check_transition(Status.RECONSIDERING, Status.DECIDED, Actor.CASEWORKER)
    check_transition(Status.APPEALED, Status.DECIDED, Actor.CASEWORKER)
    # the closing timer's change is refused while either is open
    for status in (Status.RECONSIDERING, Status.APPEALED):
        with pytest.raises(CaseRefused):
            check_transition(status, Status.CLOSED, Actor.SYSTEM)
    # an applicant cannot end a reconsideration or an appeal themselves
    with pytest.raises(CaseRefused):
        check_transition(Status.RECONSIDERING, Status.DECIDED, Actor.APPLICANT)
