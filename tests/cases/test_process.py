"""The background worker decides a submitted case exactly once, with reasons and appeal text."""

import datetime
from decimal import Decimal

from digikommun.cases.models import Case, CaseEvent, Decision
from digikommun.cases.workflow import Status
from digikommun.portal import services as portal_services
from digikommun.process.steps import automated_decision
from digikommun.rules import reasons_text
from tests.conftest import run_pending_tasks
from tests.portal.test_submit import PARKING, filled_draft

# The month applied for: the current one (the form offers the months around today).
THIS_MONTH = datetime.date.today().strftime("%Y-%m")
BISTAND = {
    "month": THIS_MONTH,
    "adults": "1",
    "children_0": "0",
    "children_1_2": "0",
    "children_3": "0",
    "children_4_6": "0",
    "children_7_10": "0",
    "children_11_14": "0",
    "children_15_18": "0",
    "young_adults_19_20": "0",
    "resides_in_municipality": "yes",
    "income": "2000",
    "housing_cost": "5500",
    "electricity_cost": "300",
    "assets": "0",
    "work_situation": "seeking_work",
}


def submit(service, answers):
    draft, definition = filled_draft(service, answers)
    return portal_services.draft_submit(draft=draft, definition=definition, language="sv")


def test_worker_approves_a_clear_case_with_reasons(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = submit("ekonomiskt-bistand", BISTAND)
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
    case = submit("ekonomiskt-bistand", {**BISTAND, "work_situation": "other"})
    assert automated_decision(case_id=case.pk) == "manual review"
    case.refresh_from_db()
    assert case.status == Status.IN_REVIEW
    assert case.recommendation["outputs"]["outcome"] == "manual"
    assert not Decision.objects.filter(case=case).exists()


def test_running_the_step_twice_decides_once(demo):
    case = submit("boendeparkering", PARKING)
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
    case = submit("boendeparkering", {**PARKING, "vehicle_weight": "4200"})
    assert automated_decision(case_id=case.pk) == "rejected"
    decision = Decision.objects.get(case=case)
    assert decision.amount is None
    assert "3\u00a0500 kg" in reasons_text(decision.reasons["sv"])
