"""The background worker decides a submitted case exactly once, with reasons and appeal text."""

from decimal import Decimal

from digikommun.cases.models import Case, CaseEvent, Decision
from digikommun.cases.workflow import Status
from digikommun.process.steps import automated_decision
from digikommun.rules import reasons_text
from tests import answers
from tests.answers import BISTAND, PARKING, submitted_case
from tests.conftest import run_pending_tasks


def submit(service: str, given: dict) -> Case:
    """A case sent from a filled draft, as a resident sends it (tests.answers)."""
    return submitted_case(service, given)


def test_worker_approves_a_clear_case_with_reasons(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = submitted_case("ekonomiskt-bistand", BISTAND)
    run_pending_tasks()
    case.refresh_from_db()
    assert case.status == Status.DECIDED
    decision = case.decision
    assert decision.outcome == "approved"
    assert decision.amount > Decimal(0)
    assert decision.reasons["sv"] and decision.reasons["en"]
    assert "förvaltningsrätten" in decision.appeal["sv"]
    assert decision.automated_by.startswith("ekonomiskt-bistand v1")
    assert decision.legal_references
    kinds = [e.kind for e in case.events.all()]
    assert kinds == [CaseEvent.Kind.SUBMITTED, CaseEvent.Kind.DECIDED_AUTOMATICALLY]


def test_an_unclear_case_goes_to_a_caseworker_with_the_rules_recommendation(demo):
    case = submitted_case("ekonomiskt-bistand", answers.bistand(work_situation="other"))
    assert automated_decision(case_id=case.pk) == "manual review"
    case.refresh_from_db()
    assert case.status == Status.IN_REVIEW
    assert case.recommendation["outputs"]["outcome"] == "manual"
    assert not Decision.objects.filter(case=case).exists()


def test_running_the_step_twice_decides_once(demo):
    case = submitted_case("boendeparkering", PARKING)
    assert automated_decision(case_id=case.pk) == "approved"
    assert automated_decision(case_id=case.pk) == "already handled"
    assert Decision.objects.filter(case=case).count() == 1
    assert (
        Case.objects.get(pk=case.pk)
        .events.filter(kind=CaseEvent.Kind.DECIDED_AUTOMATICALLY)
        .count()
        == 1
    )


def test_rejection_names_the_reason(demo):
    case = submitted_case("boendeparkering", answers.parking(vehicle_weight="4200"))
    assert automated_decision(case_id=case.pk) == "rejected"
    decision = Decision.objects.get(case=case)
    assert decision.amount is None
    assert "3\u00a0500 kg" in reasons_text(decision.reasons["sv"])
