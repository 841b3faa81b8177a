"""A failed step is tried again after growing waits, and after the last attempt it is
stuck until a person retries it; a step a dead worker left running is taken up after its
lease; a decision whose after-work was never queued is found and done."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from digikommun.process import recovery
from digikommun.process.models import StepRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing(monkeypatch):
    calls = []

    def step(subject_id: int) -> str:
        calls.append(subject_id)
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(recovery.STEPS, "after_decision", step)
    return calls


def test_waits_double_up_to_the_maximum(settings):
    settings.PROCESS_RETRY_BASE_SECONDS = 5
    settings.PROCESS_RETRY_MAX_SECONDS = 60
    waits = [recovery.backoff(n).total_seconds() for n in range(1, 7)]
    assert waits == [5, 10, 20, 40, 60, 60]


def test_a_failing_step_is_retried_then_stuck_then_retried_by_a_person(failing, settings):
    settings.PROCESS_MAX_ATTEMPTS = 3
    assert recovery.step_run(step="after_decision", subject_id=9, case_id=4) == "failed"
    run = StepRun.objects.get(step="after_decision", subject_id=9)
    assert (run.status, run.attempts) == ("failed", 1)
    assert "No space left" in run.last_error
    assert run.next_attempt_at > timezone.now()
    assert recovery.sweep() == 0  # not due yet

    later = timezone.now() + datetime.timedelta(hours=1)
    recovery.sweep(now=later)
    recovery.sweep(now=later + datetime.timedelta(hours=1))
    run.refresh_from_db()
    assert (run.status, run.attempts, run.next_attempt_at) == ("stuck", 3, None)
    assert len(failing) == 3
    recovery.sweep(now=later + datetime.timedelta(days=1))
    assert len(failing) == 3  # a stuck step waits for a person

    assert recovery.step_retry(run_id=run.pk)
    run.refresh_from_db()
    assert (run.status, run.attempts) == ("pending", 0)


def test_a_running_step_whose_lease_ran_out_is_run_again(failing):
    run = StepRun.objects.create(
        step="after_decision",
        subject_id=5,
        case_id=1,
        status="running",
        attempts=1,
        next_attempt_at=timezone.now() + datetime.timedelta(seconds=60),
    )
    recovery.sweep()
    assert failing == []  # its worker may still be at it
    recovery.sweep(now=timezone.now() + datetime.timedelta(seconds=61))
    assert failing == [5]
    run.refresh_from_db()
    assert run.attempts == 2 and "No space left" in run.last_error
