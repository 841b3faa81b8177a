"""Timers: things the process must do at a time (deadlines, reminders, closing)."""

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

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "case_id", "subject_id"], name="timer_unique")
        ]
        indexes = [models.Index(fields=["fired_at", "due_at"])]

    def __str__(self) -> str:
        return f"{self.kind} for case {self.case_id} at {self.due_at:%Y-%m-%d %H:%M}"
