"""Timers (things the process must do at a time) and step runs (how far each step got)."""

from __future__ import annotations

from django.db import models


class Timer(models.Model):
    class Kind(models.TextChoices):
        COMPLETION_DEADLINE = "completion_deadline"
        COMPLETION_REMINDER = "completion_reminder"
        CLOSE_AFTER_APPEAL_TIME = "close"
        COSIGNING_DEADLINE = "cosigning_deadline"  # digikommun.cosigning
        COSIGNING_REMINDER = "cosigning_reminder"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    case_id = models.BigIntegerField()
    # What the timer is about (a completion request's id), so one thing gets one timer.
    subject_id = models.BigIntegerField(default=0)
    due_at = models.DateTimeField()
    fired_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=40, blank=True)
    # Failed firings: tried again from `retry_at` with growing waits; `stuck` after the last.
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)
    stuck = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "case_id", "subject_id"], name="timer_unique")
        ]
        indexes = [models.Index(fields=["fired_at", "due_at"])]

    def __str__(self) -> str:
        return f"{self.kind} for case {self.case_id} at {self.due_at:%Y-%m-%d %H:%M}"


class StepRun(models.Model):
    """One step of a case's process (deciding a case, the work after a decision) and how far
    it got. The task queue only triggers steps; this row is what the recovery sweep reads.

    pending → running → done, or → failed (tried again at `next_attempt_at`) → … → stuck
    (a person must look: the workbench's stuck queue). A `running` row whose lease
    (`next_attempt_at`) has passed belongs to a worker that died, and is run again.
    """

    class Status(models.TextChoices):
        PENDING = "pending"
        RUNNING = "running"
        FAILED = "failed"
        DONE = "done"
        STUCK = "stuck"

    step = models.CharField(max_length=40)  # "decide", "after_decision"
    subject_id = models.BigIntegerField()  # the case's id for "decide", the decision's after
    case_id = models.BigIntegerField(db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # When the sweep looks again: the lease of a running step, the time of the next retry.
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["step", "subject_id"], name="step_run_once")]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.step} {self.subject_id} {self.status} ({self.attempts})"
