"""Caseworkers handle cases through the transition table: completion, decisions, four eyes.

Overriding the rules needs a written reason; a stale form never overwrites a newer change;
a second caseworker must approve where the service requires it.
"""

from decimal import Decimal

import pytest

from digikommun.cases import handling
from digikommun.cases.models import Case, CaseEvent, Decision
from digikommun.cases.workflow import Status
from digikommun.identity.models import User
from digikommun.process.steps import automated_decision
from tests import answers
from tests.answers import PARKING, submitted_case

KARIN, JOHAN, OMAR = "198103129816", "197609219816", "198806149814"


def person(pnr):
    return User.objects.get(personnummer=pnr)


@pytest.fixture
def review_case(demo):
    case = submitted_case("ekonomiskt-bistand", answers.bistand(work_situation="other"))
    automated_decision(case_id=case.pk)
    case.refresh_from_db()
    assert case.status == Status.IN_REVIEW
    return case


def test_a_case_in_review_lands_in_its_services_team_with_the_rules_recommendation(review_case):
    assert review_case.team.slug == "socialtjanst-ekonomi"
    assert review_case.recommended_outcome == "manual"
    assert review_case.service_id == "ekonomiskt-bistand"


def test_take_next_assigns_the_oldest_unassigned_case(review_case):
    karin = person(KARIN)
    taken = handling.case_take_next(user=karin, service_ids={"ekonomiskt-bistand"})
    assert taken.pk == review_case.pk
    assert taken.assignee == karin
    assert handling.case_take_next(user=person(JOHAN), service_ids={"ekonomiskt-bistand"}) is None


def test_a_caseworker_of_another_service_may_not_act(review_case):
    with pytest.raises(handling.NotAllowed):
        handling.case_assign(case_id=review_case.pk, user=person(OMAR))


def test_a_stale_form_is_refused_and_nothing_is_overwritten(review_case):
    karin, johan = person(KARIN), person(JOHAN)
    version = review_case.version
    handling.case_assign(case_id=review_case.pk, user=karin, expected_version=version)
    with pytest.raises(handling.CaseChanged):
        handling.case_assign(case_id=review_case.pk, user=johan, expected_version=version)
    assert Case.objects.get(pk=review_case.pk).assignee == karin


def test_decision_needs_a_motivation(review_case):
    with pytest.raises(handling.InvalidAction) as exc:
        handling.decision_make(
            case_id=review_case.pk,
            user=person(KARIN),
            outcome="approved",
            amount=None,
            motivation="  ",
            expected_version=review_case.version,
            four_eyes=False,
        )
    assert exc.value.field == "motivation"


def test_overriding_the_rules_needs_a_written_reason(demo):
    # The rules would reject (income covers the need) but the case went to review: force it.
    case = submitted_case("ekonomiskt-bistand", answers.bistand(income="20000"))
    Case.objects.filter(pk=case.pk).update(status=Status.IN_REVIEW, recommended_outcome="rejected")
    case.refresh_from_db()
    with pytest.raises(handling.InvalidAction) as exc:
        handling.decision_make(
            case_id=case.pk,
            user=person(KARIN),
            outcome="approved",
            amount=Decimal(1000),
            motivation="Särskilda skäl.",
            expected_version=case.version,
            four_eyes=False,
        )
    assert exc.value.field == "override_reason"
    decision = handling.decision_make(
        case_id=case.pk,
        user=person(KARIN),
        outcome="approved",
        amount=Decimal(1000),
        motivation="Särskilda skäl.",
        override_reason="Akut behov av hyra.",
        expected_version=case.version,
        four_eyes=False,
    )
    assert decision.override_reason == "Akut behov av hyra."
    assert decision.decided_by == person(KARIN)


def test_four_eyes_needs_a_second_caseworker(review_case):
    karin, johan = person(KARIN), person(JOHAN)
    proposal = handling.decision_make(
        case_id=review_case.pk,
        user=karin,
        outcome="rejected",
        amount=None,
        motivation="Arbetsförmågan är inte utredd.",
        override_reason="",
        expected_version=review_case.version,
        four_eyes=True,
    )
    case = Case.objects.get(pk=review_case.pk)
    assert case.status == Status.AWAITING_APPROVAL
    with pytest.raises(handling.InvalidAction):
        handling.proposal_resolve(
            case_id=case.pk,
            proposal_id=proposal.pk,
            user=karin,
            approve=True,
            expected_version=case.version,
        )
    decision = handling.proposal_resolve(
        case_id=case.pk,
        proposal_id=proposal.pk,
        user=johan,
        approve=True,
        expected_version=case.version,
    )
    assert decision.decided_by == karin and decision.approved_by == johan
    assert Case.objects.get(pk=case.pk).status == Status.DECIDED


def test_completion_answered_returns_the_case_to_review(review_case):
    karin = person(KARIN)
    request = handling.completion_request(
        case_id=review_case.pk,
        user=karin,
        text="Skicka läkarintyg.",
        days=14,
        expected_version=review_case.version,
    )
    case = Case.objects.get(pk=review_case.pk)
    assert case.status == Status.AWAITING_COMPLETION and case.deadline == request.deadline
    handling.completion_answer(case_id=case.pk, applicant=case.applicant, text="Intyget bifogas.")
    case.refresh_from_db()
    assert case.status == Status.IN_REVIEW and case.deadline is None
    kinds = list(case.events.values_list("kind", flat=True))
    assert CaseEvent.Kind.COMPLETION_ANSWERED in kinds


def test_an_unanswered_request_expires_by_its_timer(review_case):
    import datetime

    from django.utils import timezone

    from digikommun.process.models import Timer
    from digikommun.process.scheduler import fire_due_timers

    request = handling.completion_request(
        case_id=review_case.pk,
        user=person(KARIN),
        text="Skicka hyresavtal.",
        days=3,
        expected_version=review_case.version,
    )
    assert Timer.objects.filter(kind=Timer.Kind.COMPLETION_DEADLINE, subject_id=request.pk).exists()
    assert fire_due_timers(now=timezone.now()) == 0  # not yet due
    fire_due_timers(now=request.deadline + datetime.timedelta(seconds=1))
    case = Case.objects.get(pk=review_case.pk)
    assert case.status == Status.IN_REVIEW
    request.refresh_from_db()
    assert request.expired_at is not None
    assert fire_due_timers(now=request.deadline + datetime.timedelta(days=1)) == 0  # fired once


def test_a_decided_case_closes_when_the_time_to_appeal_is_over(
    demo, django_capture_on_commit_callbacks
):
    from digikommun.process.models import Timer
    from digikommun.process.scheduler import fire_due_timers
    from tests.conftest import run_pending_tasks

    with django_capture_on_commit_callbacks(execute=True):
        case = submitted_case("boendeparkering", PARKING)
    with django_capture_on_commit_callbacks(execute=True):
        run_pending_tasks()
    run_pending_tasks()
    timer = Timer.objects.get(kind=Timer.Kind.CLOSE_AFTER_APPEAL_TIME, case_id=case.pk)
    fire_due_timers(now=timer.due_at)
    assert Case.objects.get(pk=case.pk).status == Status.CLOSED
    assert Decision.objects.filter(case=case).count() == 1
