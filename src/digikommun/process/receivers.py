"""The process engine's answers to what the cases app announces (connected in apps.py)."""

from __future__ import annotations

from .services import process_after_decision, process_start, timers_for_completion


def on_case_submitted(sender, *, case_id: int, **kwargs) -> None:
    process_start(case_id=case_id)


def on_decision_recorded(sender, *, decision_id: int, **kwargs) -> None:
    process_after_decision(decision_id=decision_id)


def on_completion_requested(sender, *, request, **kwargs) -> None:
    timers_for_completion(request=request)
