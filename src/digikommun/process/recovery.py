"""Every step recoverable: run a step under a record of its progress, and sweep up the rest.

A step (deciding a case, the work after a decision) runs through `step_run`, which claims
its `StepRun` row (a conditional UPDATE, so two workers never run it at once), runs it, and
records done, or failed with the time of the next attempt (waits doubling from
`PROCESS_RETRY_BASE_SECONDS` up to `PROCESS_RETRY_MAX_SECONDS`). A claim is a lease of
`PROCESS_STEP_LEASE_SECONDS`: a worker killed inside a step leaves its row `running` with a
lease that runs out, and the sweep runs the step again. After `PROCESS_MAX_ATTEMPTS` the row
is `stuck`: the workbench's stuck queue shows it to administrators, who can retry it.

The steps are idempotent (a decided case is not decided again; one letter per decision and
language, one delivery per case and event, one timer per kind and subject are unique in the
database), so running one again after a partial run finishes it without doubling anything.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import StepRun

log = logging.getLogger(__name__)


def _decide(subject_id: int) -> str:
    from .steps import automated_decision

    return automated_decision(case_id=subject_id)


def _after_decision(subject_id: int) -> str:
    from .steps import after_decision

    return after_decision(decision_id=subject_id)


STEPS: dict[str, Callable[[int], str]] = {"decide": _decide, "after_decision": _after_decision}

# Sweeps of other apps, run by the clock beside the engine's own: a function of `now` and
# `stale_after` (the lease) that resumes its own work a dead worker left, returning how
# many it looked at (webhooks registers its deliveries).
SWEEPS: list[Callable[..., int]] = []


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.PROCESS_STEP_LEASE_SECONDS)


def backoff(attempts: int) -> datetime.timedelta:
    """The wait before attempt `attempts + 1`: doubling from the base, up to the maximum."""
    seconds = settings.PROCESS_RETRY_BASE_SECONDS * 2 ** max(attempts - 1, 0)
    return datetime.timedelta(seconds=min(seconds, settings.PROCESS_RETRY_MAX_SECONDS))


def step_record(*, step: str, subject_id: int, case_id: int) -> StepRun:
    """The step's row, made `pending` if new. The sweep runs it if no task has by its lease."""
    run, _created = StepRun.objects.get_or_create(
        step=step,
        subject_id=subject_id,
        defaults={"case_id": case_id, "next_attempt_at": timezone.now() + lease()},
    )
    return run


def _claim(run: StepRun, now: datetime.datetime) -> bool:
    claimable = Q(status=StepRun.Status.PENDING) | Q(
        status__in=(StepRun.Status.FAILED, StepRun.Status.RUNNING), next_attempt_at__lte=now
    )
    return bool(
        StepRun.objects.filter(claimable, pk=run.pk, attempts=run.attempts).update(
            status=StepRun.Status.RUNNING,
            attempts=run.attempts + 1,
            next_attempt_at=now + lease(),
        )
    )


def _record_failure(run_id: int, attempt: int, error: str) -> str:
    now = timezone.now()
    if attempt >= settings.PROCESS_MAX_ATTEMPTS:
        StepRun.objects.filter(pk=run_id, attempts=attempt).update(
            status=StepRun.Status.STUCK, last_error=error, next_attempt_at=None
        )
        log.error("step run %s is stuck after %d attempts: %s", run_id, attempt, error)
        return "stuck"
    StepRun.objects.filter(pk=run_id, attempts=attempt).update(
        status=StepRun.Status.FAILED, last_error=error, next_attempt_at=now + backoff(attempt)
    )
    log.warning("step run %s failed (attempt %d), will try again: %s", run_id, attempt, error)
    return "failed"


def step_run(
    *, step: str, subject_id: int, case_id: int, now: datetime.datetime | None = None
) -> str:
    """Run one step under its record. Returns the step's result, or why it did not run."""
    run = step_record(step=step, subject_id=subject_id, case_id=case_id)
    if run.status in (StepRun.Status.DONE, StepRun.Status.STUCK):
        return f"already {run.status}"
    if not _claim(run, now or timezone.now()):
        return "not due, or claimed by another worker"
    attempt = run.attempts + 1
    try:
        result = STEPS[step](subject_id)
    except Exception as exc:  # a passing cause (disk, SMTP, database) or a bug: both retried
        log.exception("step %s %s failed", step, subject_id)
        try:
            return _record_failure(run.pk, attempt, f"{type(exc).__name__}: {exc}"[:2000])
        except Exception:  # the database itself is gone: the lease runs out, the sweep retries
            log.exception("could not record the failure of step run %s", run.pk)
            return "failed"
    StepRun.objects.filter(pk=run.pk, attempts=attempt).update(
        status=StepRun.Status.DONE,
        next_attempt_at=None,
        last_error="",
        finished_at=timezone.now(),
    )
    return result


def _sweep_due_runs(now: datetime.datetime, limit: int) -> int:
    due = list(
        StepRun.objects.filter(
            status__in=(StepRun.Status.PENDING, StepRun.Status.RUNNING, StepRun.Status.FAILED),
            next_attempt_at__lte=now,
        ).order_by("next_attempt_at", "pk")[:limit]
    )
    for run in due:
        if run.status == StepRun.Status.RUNNING:
            error = f"attempt {run.attempts}: the worker stopped during the step"
            StepRun.objects.filter(pk=run.pk, attempts=run.attempts).update(last_error=error)
            if run.attempts >= settings.PROCESS_MAX_ATTEMPTS:
                _record_failure(run.pk, run.attempts, error)
                continue
            log.warning("step %s %s: %s; running it again", run.step, run.subject_id, error)
        step_run(step=run.step, subject_id=run.subject_id, case_id=run.case_id, now=now)
    return len(due)


def _sweep_unrecorded(now: datetime.datetime, limit: int) -> int:
    """Work a task never started: a case still `received`, or a decision whose after-work
    was never queued (its worker died between the commit and the queueing)."""
    from digikommun.cases.models import Case, Decision
    from digikommun.cases.workflow import Status

    found = 0
    received_before = now - datetime.timedelta(seconds=settings.PROCESS_STUCK_AFTER_SECONDS)
    for case_id in (
        Case.objects.filter(status=Status.RECEIVED, submitted_at__lt=received_before)
        .exclude(pk__in=StepRun.objects.filter(step="decide").values("subject_id"))
        .order_by("submitted_at")
        .values_list("pk", flat=True)[:limit]
    ):
        log.warning("case %s was left undecided; running its process again", case_id)
        step_run(step="decide", subject_id=case_id, case_id=case_id)
        found += 1
    decided_before = now - lease()
    for decision_id, case_id in (
        Decision.objects.filter(decided_at__lt=decided_before)
        .exclude(pk__in=StepRun.objects.filter(step="after_decision").values("subject_id"))
        .order_by("decided_at")
        .values_list("pk", "case_id")[:limit]
    ):
        log.warning("decision %s had no letter or notification queued; doing it now", decision_id)
        step_run(step="after_decision", subject_id=decision_id, case_id=case_id)
        found += 1
    return found


def sweep(*, now: datetime.datetime | None = None, limit: int = 50) -> int:
    """Run again what is due: failed steps, steps of dead workers, work never queued, and
    notifications whose sending task died. Returns how many steps it looked at."""
    from digikommun.notify.services import deliveries_resume

    now = now or timezone.now()
    count = _sweep_due_runs(now, limit) + _sweep_unrecorded(now, limit)
    count += deliveries_resume(now=now, stale_after=lease(), limit=limit)
    for other in SWEEPS:
        count += other(now=now, stale_after=lease())
    return count


def step_retry(*, run_id: int) -> bool:
    """A person asks for a stuck or failed step to be tried again (a fresh set of attempts)."""
    from .tasks import run_step

    with transaction.atomic():
        run = (
            StepRun.objects.select_for_update()
            .filter(pk=run_id, status__in=(StepRun.Status.STUCK, StepRun.Status.FAILED))
            .first()
        )
        if run is None:
            return False
        run.status, run.attempts, run.next_attempt_at = StepRun.Status.PENDING, 0, timezone.now()
        run.save(update_fields=["status", "attempts", "next_attempt_at", "updated_at"])
        run_step.enqueue(run.step, run.subject_id, run.case_id)
    return True
