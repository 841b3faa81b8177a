"""Background tasks of the process engine (Django's tasks API, database-backed)."""

from __future__ import annotations

from django_tasks import task

from . import steps


@task()
def run_case_process(case_id: int) -> str:
    """Run the first steps of a received case. Safe to run twice: a decided case is left alone."""
    return steps.automated_decision(case_id=case_id)


@task()
def after_decision(decision_id: int) -> str:
    """The decision letter, the notification and the closing timer (each idempotent)."""
    return steps.after_decision(decision_id=decision_id)
