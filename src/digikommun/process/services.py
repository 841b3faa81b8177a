"""The process engine's public door: start a case's process, schedule its timers."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import Timer
from .recovery import step_record, step_retry

__all__ = ["process_start", "process_after_decision", "timer_set", "timer_retry", "step_retry"]
from .tasks import after_decision, run_case_process

# The time to appeal runs from the day the decision was received (förvaltningslagen 44 §);
# the case stays open a week beyond three weeks to leave room for post and late receipt.
CLOSE_AFTER = datetime.timedelta(weeks=4)


def process_start(*, case_id: int) -> None:
    # The step's record and its task are kept together: the sweep runs a recorded step
    # that no task has run by the end of its lease.
    with transaction.atomic():
        step_record(step="decide", subject_id=case_id, case_id=case_id)
        run_case_process.enqueue(case_id)


def process_after_decision(*, decision_id: int) -> None:
    from digikommun.cases.models import Decision

    case_id = Decision.objects.filter(pk=decision_id).values_list("case_id", flat=True).get()
    with transaction.atomic():
        step_record(step="after_decision", subject_id=decision_id, case_id=case_id)
        after_decision.enqueue(decision_id)


def timer_set(*, kind: str, case_id: int, due_at: datetime.datetime, subject_id: int = 0) -> Timer:
    timer, _created = Timer.objects.get_or_create(
        kind=kind, case_id=case_id, subject_id=subject_id, defaults={"due_at": due_at}
    )
    return timer


def timers_for_completion(*, request) -> None:
    """The deadline of a request for completion, and a reminder before it."""
    timer_set(
        kind=Timer.Kind.COMPLETION_DEADLINE,
        case_id=request.case_id,
        subject_id=request.pk,
        due_at=request.deadline,
    )
    remind_at = request.deadline - datetime.timedelta(days=settings.PROCESS_REMINDER_DAYS_BEFORE)
    if remind_at > timezone.now():
        timer_set(
            kind=Timer.Kind.COMPLETION_REMINDER,
            case_id=request.case_id,
            subject_id=request.pk,
            due_at=remind_at,
        )


def timer_retry(*, timer_id: int) -> bool:
    """A person asks for a stuck timer to be fired again (a fresh set of attempts)."""
    return bool(
        Timer.objects.filter(pk=timer_id, stuck=True, fired_at__isnull=True).update(
            stuck=False, attempts=0, retry_at=None
        )
    )
