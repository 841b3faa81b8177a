"""Reads of the process engine: the steps and timers a person must look at."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import StepRun, Timer


def steps_needing_attention() -> QuerySet[StepRun]:
    """Stuck steps (out of attempts) first, then failed steps waiting for their next try."""
    return StepRun.objects.filter(
        status__in=(StepRun.Status.STUCK, StepRun.Status.FAILED)
    ).order_by("-status", "updated_at", "pk")


def timers_stuck() -> QuerySet[Timer]:
    return Timer.objects.filter(stuck=True, fired_at__isnull=True).order_by("due_at", "pk")
