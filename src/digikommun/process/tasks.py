"""Background tasks of the process engine (Django's tasks API, database-backed).

A task only triggers a step; the step's `StepRun` row records how far it got, and the
worker's clock runs again what a dead worker or a passing failure left (see recovery.py).
"""

from __future__ import annotations

from django_tasks import task

from . import recovery


@task()
def run_case_process(case_id: int) -> str:
    """Run the first steps of a received case. Safe to run twice: a decided case is left alone."""
    return recovery.step_run(step="decide", subject_id=case_id, case_id=case_id)


@task()
def after_decision(decision_id: int) -> str:
    """The decision letter, the notification and the closing timer (each idempotent)."""
    from digikommun.cases.models import Decision

    case_id = Decision.objects.filter(pk=decision_id).values_list("case_id", flat=True).get()
    return recovery.step_run(step="after_decision", subject_id=decision_id, case_id=case_id)


@task()
def run_step(step: str, subject_id: int, case_id: int) -> str:
    """Any recorded step again (a person's retry from the stuck queue)."""
    return recovery.step_run(step=step, subject_id=subject_id, case_id=case_id)
