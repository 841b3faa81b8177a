"""Writes to cases: drafts, submission (idempotent), diary numbers, decisions, timeline."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from digikommun.catalog.definition import ServiceDefinition
from digikommun.catalog.facts import AnswerErrors, facts_for, jsonable_answers, parse_answers
from digikommun.catalog.models import ServiceVersion
from digikommun.forms.fields import FieldError

from .models import Case, CaseEvent, Decision, DiaryCounter, Draft
from .workflow import Actor, Status, check_transition


def draft_start(*, applicant, version: ServiceVersion) -> Draft:
    return Draft.objects.create(applicant=applicant, service_version=version)


def draft_save_step(
    *,
    draft: Draft,
    definition: ServiceDefinition,
    step_index: int,
    data: dict[str, str],
    validate: bool = True,
) -> dict[str, str]:
    """Keep what was typed on one step and return the errors on it (empty when all is well).

    With validate=False (the person goes back a step) the text is kept and not judged yet.
    """
    step = definition.steps[step_index]
    errors: dict[str, str] = {}
    raw = dict(draft.raw)
    for field in step.fields:
        text = data.get(field.id, "")
        raw[field.id] = text
        if not validate:
            continue
        try:
            field.parse(text)
        except FieldError as exc:
            errors[field.id] = exc.message
    draft.raw = raw
    if validate and not errors:
        draft.step = max(draft.step, step_index + 1)
    draft.save(update_fields=["raw", "step", "updated_at"])
    return errors


def diary_number_take(*, register: str, year: int) -> int:
    """The next number in a register's year, gap-free: call inside the submitting transaction."""
    DiaryCounter.objects.bulk_create(
        [DiaryCounter(register=register, year=year, last=0)], ignore_conflicts=True
    )
    counter = DiaryCounter.objects.select_for_update().get(register=register, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def case_submit(*, draft: Draft, definition: ServiceDefinition, language: str) -> Case:
    """Turn a complete draft into a case. Sending the same draft again returns the same case.

    Raises AnswerErrors when an answer is missing or wrong (the draft is kept as it is).
    """
    answers = parse_answers(definition, draft.raw)  # raises AnswerErrors
    try:
        with transaction.atomic():
            locked = Draft.objects.select_for_update().get(pk=draft.pk)
            if locked.submitted_case_id:
                return locked.submitted_case
            now = timezone.now()
            today = timezone.localdate(now)
            facts = facts_for(
                definition,
                answers,
                applicant_personnummer=draft.applicant.personnummer,
                on=today,
            )
            case = Case.objects.create(
                register=definition.register,
                year=today.year,
                sequence=diary_number_take(register=definition.register, year=today.year),
                service_version=draft.service_version,
                applicant=draft.applicant,
                answers={f.id: draft.raw.get(f.id, "") for f in definition.fields()},
                facts=jsonable_answers(facts),
                language=language,
                submission_key=draft.key,
                submitted_at=now,
            )
            locked.submitted_case = case
            locked.save(update_fields=["submitted_case"])
            CaseEvent.objects.create(
                case=case, kind=CaseEvent.Kind.SUBMITTED, actor=draft.applicant
            )
            transaction.on_commit(lambda: _start_process(case.pk))
            return case
    except IntegrityError:
        # Another request submitted this draft at the same moment: return its case.
        existing = Case.objects.filter(submission_key=draft.key).first()
        if existing is None:
            raise
        return existing


def _start_process(case_id: int) -> None:
    from digikommun.process.services import process_start

    process_start(case_id=case_id)


def case_facts(*, case: Case, definition: ServiceDefinition) -> dict[str, Any]:
    answers = parse_answers(definition, case.answers)
    return facts_for(
        definition,
        answers,
        applicant_personnummer=case.applicant.personnummer,
        on=timezone.localdate(case.submitted_at),
    )


def decision_record_automated(
    *,
    case: Case,
    outcome: str,
    amount: Decimal | None,
    reasons: dict[str, list[str]],
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
    case.save(update_fields=["status"])
    CaseEvent.objects.create(
        case=case, kind=CaseEvent.Kind.DECIDED_AUTOMATICALLY, data={"outcome": outcome}
    )
    return decision


def case_send_to_review(*, case: Case, recommendation: Any) -> None:
    check_transition(case.status, Status.IN_REVIEW, Actor.SYSTEM)
    case.status = Status.IN_REVIEW
    case.recommendation = recommendation
    case.save(update_fields=["status", "recommendation"])
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.SENT_TO_REVIEW)


__all__ = [
    "AnswerErrors",
    "case_facts",
    "case_send_to_review",
    "case_submit",
    "decision_record_automated",
    "diary_number_take",
    "draft_save_step",
    "draft_start",
]
