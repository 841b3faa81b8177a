"""A request for completion reminds the applicant before its deadline; a second caseworker may
return a proposed decision (four eyes) with a reason, and the case goes back to review."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from digikommun.cases import handling
from digikommun.cases.models import Case, CaseEvent, Decision, DecisionProposal
from digikommun.cases.workflow import Status
from digikommun.notify.models import Delivery
from digikommun.process.models import Timer
from digikommun.process.scheduler import fire_due_timers
from tests.cases.test_handling import JOHAN, KARIN, person, review_case  # noqa: F401 (fixture)


def ask(case: Case, days: int):
    return handling.completion_request(
        case_id=case.pk, user=person(KARIN), text="Skicka hyresavtal.", days=days,
        expected_version=case.version,
    )  # fmt: skip


def test_the_applicant_is_reminded_once_before_the_deadline(review_case):  # noqa: F811
    request = ask(review_case, 14)
    before = datetime.timedelta(days=settings.PROCESS_REMINDER_DAYS_BEFORE)
    timer = Timer.objects.get(kind=Timer.Kind.COMPLETION_REMINDER, subject_id=request.pk)
    assert timer.due_at == request.deadline - before
    reminders = Delivery.objects.filter(case=review_case, event="completion_reminder")
    assert fire_due_timers(now=timer.due_at - datetime.timedelta(seconds=1)) == 0
    assert not reminders.exists()
    assert fire_due_timers(now=timer.due_at) == 1
    assert reminders.get().ref == str(request.pk)
    assert fire_due_timers(now=timer.due_at + datetime.timedelta(hours=1)) == 0  # once


def test_no_reminder_for_a_request_already_answered(review_case):  # noqa: F811
    request = ask(review_case, 14)
    handling.completion_answer(
        case_id=review_case.pk, applicant=review_case.applicant, text="Här är avtalet."
    )
    timer = Timer.objects.get(kind=Timer.Kind.COMPLETION_REMINDER, subject_id=request.pk)
    fire_due_timers(now=timer.due_at)
    assert not Delivery.objects.filter(case=review_case, event="completion_reminder").exists()


def test_no_reminder_when_the_deadline_is_nearer_than_the_reminder(review_case):  # noqa: F811
    request = ask(review_case, 1)
    assert request.deadline - timezone.now() < datetime.timedelta(
        days=settings.PROCESS_REMINDER_DAYS_BEFORE
    )
    assert not Timer.objects.filter(kind=Timer.Kind.COMPLETION_REMINDER).exists()
    assert Timer.objects.filter(kind=Timer.Kind.COMPLETION_DEADLINE).exists()


def test_a_second_caseworker_returns_a_proposal_with_a_reason(review_case):  # noqa: F811
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
    with pytest.raises(handling.InvalidAction) as refused:
        handling.proposal_resolve(
            case_id=case.pk, proposal_id=proposal.pk, user=johan, approve=False, reason=" ",
            expected_version=case.version,
        )  # fmt: skip
    assert refused.value.errors == {"return_reason": "required"}
    assert Case.objects.get(pk=case.pk).status == Status.AWAITING_APPROVAL
    result = handling.proposal_resolve(
        case_id=case.pk,
        proposal_id=proposal.pk,
        user=johan,
        approve=False,
        reason="Begär läkarintyg först.",
        expected_version=case.version,
    )
    assert result is None
    case.refresh_from_db()
    assert case.status == Status.IN_REVIEW
    assert not Decision.objects.filter(case=case).exists()
    proposal = DecisionProposal.objects.get(pk=proposal.pk)
    assert proposal.approved is False and proposal.resolved_by == johan
    assert proposal.return_reason == "Begär läkarintyg först."
    assert case.events.filter(kind=CaseEvent.Kind.DECISION_RETURNED, actor=johan).exists()
    # Returned once: the same proposal cannot be resolved again.
    with pytest.raises(handling.CaseChanged):
        handling.proposal_resolve(
            case_id=case.pk,
            proposal_id=proposal.pk,
            user=johan,
            approve=True,
            expected_version=case.version,
        )
