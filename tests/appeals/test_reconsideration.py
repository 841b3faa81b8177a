"""Asking for a person (GDPR art. 22(3)) opens one reconsideration task with its own deadline;
a caseworker confirms or changes the decision (förvaltningslagen 37 §), never to the party's
detriment unless one of 38 §'s grounds is recorded; a changed decision is a new Decision
that names the one it replaces; a stale form never overwrites another caseworker's decision."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from digikommun.appeals import services
from digikommun.appeals.models import Reconsideration
from digikommun.appeals.workflow import ReconsiderationStatus
from digikommun.audit.models import Entry
from digikommun.cases import handling
from digikommun.cases.models import Case, CaseEvent, Decision
from digikommun.cases.workflow import Status
from digikommun.process.models import Timer
from digikommun.process.scheduler import fire_due_timers
from digikommun.process.services import CLOSE_AFTER
from digikommun.process.steps import after_decision
from tests.conftest import run_pending_tasks

from .conftest import ANNA, ERIK, JOHAN, KARIN, OMAR, confirm, person


def ask(case, reason="Jag har fått ett nytt hyresavtal och betalar mer i hyra."):
    return services.reconsideration_request(case_id=case.pk, applicant=person(ANNA), reason=reason)


def test_asking_opens_one_task_with_its_own_deadline(decided):
    first = ask(decided)
    again = ask(decided, reason="klickade två gånger")
    assert first.pk == again.pk
    assert Reconsideration.objects.filter(case=decided).count() == 1
    assert first.deadline > first.requested_at
    decided.refresh_from_db()
    assert decided.status == Status.RECONSIDERING
    assert decided.events.filter(kind=CaseEvent.Kind.RECONSIDERATION_REQUESTED).count() == 1
    assert Entry.objects.filter(action="case.reconsideration_request", case_id=decided.pk).exists()


def test_asking_needs_a_reason_and_an_automated_decision(decided):
    with pytest.raises(services.InvalidInput) as exc:
        ask(decided, reason="   ")
    assert exc.value.errors == {"reason": "required"}
    Decision.objects.filter(case=decided).update(decided_by=person(KARIN))
    with pytest.raises(services.InvalidInput) as exc:
        ask(decided)
    assert exc.value.errors["decision"] == "not_automated"


def test_another_resident_cannot_ask_on_someone_elses_case(decided):
    with pytest.raises(services.NotAllowed):
        services.reconsideration_request(case_id=decided.pk, applicant=person(ERIK), reason="x")
    assert not Reconsideration.objects.exists()


def test_a_decided_case_being_reconsidered_is_not_closed_by_the_timer(decided):
    ask(decided)
    assert handling.case_close(case_id=decided.pk) is False
    assert Case.objects.get(pk=decided.pk).status == Status.RECONSIDERING


def test_confirming_keeps_the_decision(decided):
    item = ask(decided)
    confirm(item, "Beslutet är rätt: hyran i ansökan är den som gäller.")
    decided.refresh_from_db()
    assert decided.status == Status.DECIDED
    assert decided.decisions.count() == 1
    assert decided.events.filter(kind=CaseEvent.Kind.DECISION_CONFIRMED).exists()
    assert Timer.objects.filter(case_id=decided.pk, subject_id__lt=0).exists()


def test_changing_makes_a_new_decision_that_replaces_the_old_with_its_own_letter(
    decided, django_capture_on_commit_callbacks
):
    old = decided.decision
    item = ask(decided)
    with django_capture_on_commit_callbacks(execute=True):
        services.reconsideration_resolve(
            reconsideration_id=item.pk,
            user=person(KARIN),
            expected_version=item.version,
            change=True,
            outcome="approved",
            amount=old.amount + Decimal("1200"),
            motivation="Den nya hyran på 6 700 kr räknas som skälig boendekostnad.",
        )
    run_pending_tasks()
    decided.refresh_from_db()
    new = decided.decision
    assert new.pk != old.pk and new.replaces_id == old.pk
    assert new.amount == old.amount + 1200 and new.decided_by == person(KARIN)
    assert "Förvaltningslagen (2017:900) 37 §" in new.legal_references
    assert decided.status == Status.DECIDED
    assert decided.letters.filter(decision=new).exists()
    item.refresh_from_db()
    assert item.status == ReconsiderationStatus.CHANGED and item.new_decision_id == new.pk
    assert Entry.objects.filter(action="case.reconsideration_change", case_id=decided.pk).exists()


def test_a_change_to_the_partys_detriment_needs_a_ground_from_38(decided):
    old = decided.decision
    item = ask(decided)
    worse = {
        "reconsideration_id": item.pk,
        "user": person(KARIN),
        "change": True,
        "outcome": "approved",
        "amount": old.amount - 500,
        "motivation": "Elkostnaden var för högt angiven.",
    }
    with pytest.raises(services.InvalidInput) as exc:
        services.reconsideration_resolve(expected_version=item.version, **worse)
    assert exc.value.errors == {"detriment_ground": "required"}
    with pytest.raises(services.InvalidInput):
        services.reconsideration_resolve(
            expected_version=item.version, **{**worse, "outcome": "rejected", "amount": None}
        )
    assert decided.decisions.count() == 1  # nothing was saved
    services.reconsideration_resolve(
        expected_version=item.version, detriment_ground="misleading", **worse
    )
    new = Case.objects.get(pk=decided.pk).decision
    assert new.amount == old.amount - 500
    assert "Förvaltningslagen (2017:900) 38 §" in new.legal_references


def test_is_detriment_compares_outcome_then_amount(decided):
    old = decided.decision
    assert services.is_detriment(old, "rejected", None)
    assert services.is_detriment(old, "partly_approved", old.amount)
    assert services.is_detriment(old, "approved", old.amount - 1)
    assert not services.is_detriment(old, "approved", old.amount + 1)


def test_two_caseworkers_at_once_one_wins_the_other_is_told(decided):
    item = ask(decided)
    version = item.version
    confirm(item, "Rätt beslut.", version=version)
    with pytest.raises(services.Stale):
        services.reconsideration_resolve(
            reconsideration_id=item.pk,
            user=person(JOHAN),
            expected_version=version,
            change=True,
            outcome="rejected",
            amount=None,
            motivation="Fel beslut.",
            detriment_ground="misleading",
        )
    assert Case.objects.get(pk=decided.pk).decisions.count() == 1


def test_a_caseworker_may_start_one_and_others_may_not(decided):
    with pytest.raises(services.NotAllowed):
        services.reconsideration_start(case_id=decided.pk, user=person(OMAR), reason="x")
    item = services.reconsideration_start(
        case_id=decided.pk, user=person(KARIN), reason="Fel norm användes."
    )
    assert item.origin == "caseworker"
    assert Case.objects.get(pk=decided.pk).status == Status.RECONSIDERING


def test_the_closing_timer_waits_for_the_reconsideration_then_closes(decided):
    after_decision(decision_id=decided.decision.pk)  # the first closing timer
    item = ask(decided)
    fire_due_timers(now=timezone.now() + CLOSE_AFTER + datetime.timedelta(days=1))
    assert Case.objects.get(pk=decided.pk).status == Status.RECONSIDERING
    confirm(item, "Rätt beslut.")
    fire_due_timers(now=timezone.now() + 2 * CLOSE_AFTER + datetime.timedelta(days=1))
    assert Case.objects.get(pk=decided.pk).status == Status.CLOSED
