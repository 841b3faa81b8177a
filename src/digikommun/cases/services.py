"""Writes to cases: creation (idempotent), diary numbers, decisions, the timeline."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from digikommun.catalog.definition import ServiceDefinition
from digikommun.catalog.facts import AnswerErrors, facts_for, jsonable_answers, parse_answers
from digikommun.catalog.models import ServiceVersion
from digikommun.catalog.selectors import decision_date, period_start
from digikommun.forms.clock import judged_on

from . import signals
from .attention import case_clear_attention, case_mark_attention
from .history import assistance_history
from .models import Case, CaseEvent, Decision, DiaryCounter
from .workflow import Actor, Status, check_transition

# Apps that may hold a new case before its process starts (co-signing registers one): each
# is called inside the submitting transaction as hold(case=…, definition=…, answers=…) and
# returns True to hold the case (it then starts the process itself later).
SUBMIT_HOLDS: list[Callable[..., bool]] = []


def diary_number_take(*, register: str, year: int) -> int:
    """The next number in a register's year, gap-free: call inside the submitting transaction."""
    DiaryCounter.objects.bulk_create(
        [DiaryCounter(register=register, year=year, last=0)], ignore_conflicts=True
    )
    counter = DiaryCounter.objects.select_for_update().get(register=register, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def case_create(
    *,
    version: ServiceVersion,
    definition: ServiceDefinition,
    applicant,
    raw_answers: dict[str, str],
    language: str,
    submission_key: uuid.UUID,
    team=None,
    repeat_raises: bool = False,
) -> Case:
    """Register a new case from complete answers, and start its process once committed.

    Idempotent on submission_key: the same submission sent again returns the case it made
    (with `repeat_raises`, raises SubmittedBefore with it, for a caller that must check that
    the key was used for the same thing). Raises AnswerErrors when an answer is missing or
    wrong.
    """
    answers = parse_answers(definition, raw_answers)  # raises AnswerErrors
    existing = Case.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return _repeat(existing, repeat_raises)
    try:
        with transaction.atomic():
            now = timezone.now()
            today = timezone.localdate(now)
            facts = facts_for(
                definition,
                answers,
                applicant_personnummer=getattr(applicant, "personnummer", None),
                on=decision_date(definition, answers, submitted_on=today),
                platform=assistance_history(
                    applicant=applicant,
                    service_id=definition.id,
                    period_field=definition.period_field,
                    month=period_start(definition, answers),
                ),
            )
            case = Case.objects.create(
                register=definition.register,
                year=today.year,
                sequence=diary_number_take(register=definition.register, year=today.year),
                service_version=version,
                service_id=definition.id,
                team=team or team_for_service(definition.id),
                applicant=applicant,
                answers={f.id: raw_answers.get(f.id, "") for f in definition.fields()},
                facts=jsonable_answers(facts),
                language=language,
                submission_key=submission_key,
                submitted_at=now,
            )
            CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.SUBMITTED, actor=applicant)
            signals.case_notice.send(sender=Case, case_id=case.pk, event="received", ref="")
            held = [
                hold(case=case, definition=definition, answers=answers) for hold in SUBMIT_HOLDS
            ]
            if not any(held):
                transaction.on_commit(lambda: _start_process(case.pk))
            return case
    except IntegrityError:
        # The same submission arrived twice at the same moment: return the case it made.
        existing = Case.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return _repeat(existing, repeat_raises)


class SubmittedBefore(Exception):
    """The submission key already made this case."""

    def __init__(self, case: Case):
        super().__init__(case.pk)
        self.case = case


def _repeat(existing: Case, raises: bool) -> Case:
    if raises:
        raise SubmittedBefore(existing)
    return existing


def _start_process(case_id: int) -> None:
    signals.case_submitted.send(sender=Case, case_id=case_id)


def _after_decision(decision_id: int) -> None:
    signals.decision_recorded.send(sender=Decision, decision_id=decision_id)


def decision_announce(*, decision: Decision) -> None:
    """Tell the apps above that a decision was made: call inside the transaction that
    records it, once per decision (every path that decides calls this)."""
    signals.decision_made.send(
        sender=Decision, decision_id=decision.pk, replaces_id=decision.replaces_id
    )


def team_for_service(service_id: str):
    """The team whose queue a new case of this service comes to (the first that lists it)."""
    # Teams belong to the workbench; the case's foreign key names the model, so cases does
    # not import the app above it.
    Team = Case._meta.get_field("team").related_model

    for team in Team.objects.order_by("pk"):
        if service_id in (team.service_ids or []):
            return team
    return None


def case_as_of(*, case: Case, definition: ServiceDefinition) -> datetime.date:
    """The day the case is decided as of: the first day of the month it covers (when the
    service names a period field), else the day it was submitted."""
    return decision_date(
        definition, case.answers, submitted_on=timezone.localdate(case.submitted_at)
    )


def case_facts(*, case: Case, definition: ServiceDefinition) -> dict[str, Any]:
    """The facts the rules read, as of case_as_of; the answers are judged as of the day
    they were sent, so time passing never turns a valid answer invalid."""
    with judged_on(timezone.localdate(case.submitted_at)):
        answers = parse_answers(definition, case.answers)
    as_of = case_as_of(case=case, definition=definition)
    return facts_for(
        definition,
        answers,
        applicant_personnummer=getattr(case.applicant, "personnummer", None),
        on=as_of,
        platform=assistance_history(
            applicant=case.applicant,
            service_id=definition.id,
            period_field=definition.period_field,
            month=period_start(definition, case.answers),
            exclude_case_id=case.pk,
        ),
    )


def decision_record_automated(
    *,
    case: Case,
    outcome: str,
    amount: Decimal | None,
    reasons: dict[str, Any],  # per language: structured reasons (rules.reasons) or texts
    legal_references: list[str],
    appeal: dict[str, str],
    automated_by: str,
    trace: Any,
    as_of: datetime.date,
) -> Decision:
    check_transition(case.status, Status.DECIDED, Actor.SYSTEM)
    decision = Decision.objects.create(
        case=case,
        outcome=outcome,
        amount=amount,
        reasons=reasons,
        legal_references=legal_references,
        appeal=appeal,
        automated_by=automated_by,
        trace=trace,
        as_of=as_of,
    )
    case.status = Status.DECIDED
    case.save(update_fields=["status", "updated_at"])
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.DECIDED_AUTOMATICALLY, data={"outcome": outcome}
    )
    decision_announce(decision=decision)
    transaction.on_commit(lambda: _after_decision(decision.pk))
    return decision


def case_send_to_review(*, case: Case, recommendation: Any) -> None:
    check_transition(case.status, Status.IN_REVIEW, Actor.SYSTEM)
    case.status = Status.IN_REVIEW
    case.recommendation = recommendation
    outputs = (recommendation or {}).get("outputs") or {}
    case.recommended_outcome = str(outputs.get("outcome") or "")[:20]
    case.save(update_fields=["status", "recommendation", "recommended_outcome", "updated_at"])
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.SENT_TO_REVIEW)


__all__ = [
    "SUBMIT_HOLDS",
    "AnswerErrors",
    "case_clear_attention",
    "case_mark_attention",
    "case_facts",
    "case_send_to_review",
    "case_create",
    "decision_announce",
    "decision_record_automated",
    "diary_number_take",
]
