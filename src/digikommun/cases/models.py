"""Cases (ärenden), their timelines, decisions (beslut) and diary numbers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .workflow import Status


class DiaryCounter(models.Model):
    """The last number taken in one register and year; incremented under a row lock."""

    register = models.CharField(max_length=4)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["register", "year"], name="diary_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.register} {self.year}: {self.last}"


class Case(models.Model):
    register = models.CharField(max_length=4)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    service_version = models.ForeignKey("catalog.ServiceVersion", on_delete=models.PROTECT)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases"
    )
    answers = models.JSONField()  # field id -> the validated text as the person gave it
    facts = models.JSONField()  # what the rules read (answers typed, plus derived facts), JSON-safe
    language = models.CharField(max_length=5, default="sv")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    # One submission gives one case, however often it is sent.
    submission_key = models.UUIDField(unique=True)
    submitted_at = models.DateTimeField()
    # What the rules said when they could not decide alone (kept for the caseworker).
    recommendation = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["register", "year", "sequence"], name="diary_number_unique"
            )
        ]
        indexes = [models.Index(fields=["applicant", "-submitted_at"])]

    def __str__(self) -> str:
        return self.diary_number

    @property
    def diary_number(self) -> str:
        return f"{self.register} {self.year}/{self.sequence:05d}"


class CaseEvent(models.Model):
    """One entry in a case's timeline. Only ever appended."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Application received")
        DECIDED_AUTOMATICALLY = "decided_automatically", _("Decided automatically")
        SENT_TO_REVIEW = "sent_to_review", _("Sent to a caseworker")
        DECIDED = "decided", _("Decided by a caseworker")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    kind = models.CharField(max_length=40, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class Decision(models.Model):
    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        PARTLY = "partly_approved", _("Partly approved")

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    reasons = models.JSONField()  # {"sv": [sentences], "en": [sentences]} (förvaltningslagen § 32)
    legal_references = models.JSONField(default=list)
    appeal = models.JSONField()  # {"sv": …, "en": …} (förvaltningslagen § 33)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    # For automated decisions: the rule model and the version it belongs to (§ 28).
    automated_by = models.CharField(max_length=200, blank=True)
    trace = models.JSONField(null=True, blank=True)
    as_of = models.DateField()
    decided_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.case_id}: {self.outcome}"

    @property
    def is_automated(self) -> bool:
        return self.decided_by_id is None
