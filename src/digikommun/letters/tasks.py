"""Background task: make a decision's letter (for the process engine to enqueue)."""

from __future__ import annotations

from django_tasks import task

from .services import letter_for_decision


@task()
def make_decision_letter(decision_id: int) -> int:
    """Make the letter in the case's language; safe to run twice. Returns the Letter's id."""
    return letter_for_decision(decision_id=decision_id).pk
