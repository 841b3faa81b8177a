"""The process engine's public door: start the process of a received case."""

from __future__ import annotations

from .tasks import run_case_process


def process_start(*, case_id: int) -> None:
    run_case_process.enqueue(case_id)
