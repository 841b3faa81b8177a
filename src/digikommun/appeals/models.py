"""Reconsiderations (omprövning) and appeals (överklagande) of a case's decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .workflow import APPEAL_OPEN, AppealStatus, ReconsiderationStatus


class Origin(models.TextChoices):
    RESIDENT = "resident", _("The applicant asked for a person")
    CASEWORKER = "caseworker", _("A caseworker started it")
    APPEAL = "appeal", _("An appeal came in")


class DetrimentGround(models.TextChoices):
    """Förvaltningslagen 38 §: when a favourable decision may be changed to the party's detriment."""

    RESERVATION = (
        "reservation",
        _(
            "The decision, or the regulations it rests on, say that it may be revoked or changed (38 § 1)"
        ),
    )
    SAFETY = "safety", _("Compelling safety reasons require the change at once (38 § 2)")
    MISLEADING = (
        "misleading",
        _(
            "The error is due to the party having given incorrect or misleading information (38 § 3)"
        ),
    )


class LateException(models.TextChoices):
    """Förvaltningslagen 45 §: a late appeal is not rejected when …"""

    WRONG_INSTRUCTIONS = (
        "wrong_instructions",
        _("the delay is due to wrong information from the municipality on how to appeal"),
    )
    COURT_IN_TIME = (
        "court_in_time",
        _("the appeal reached the court that is to try it within the time"),
    )


def _file_path(instance: models.Model, filename: str) -> str:
    case = instance.case
    return f"appeals/{case.year}/{case.register}-{case.year}-{case.sequence:05d}-{filename}"


class Reconsideration(models.Model):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="reconsiderations"
    )
    decision = models.ForeignKey("cases.Decision", on_delete=models.PROTECT, related_name="+")
    origin = models.CharField(max_length=20, choices=Origin.choices)
    reason = models.TextField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    deadline = models.DateTimeField()
    status = models.CharField(
        max_length=20, choices=ReconsiderationStatus.choices, default=ReconsiderationStatus.OPEN
    )
    # Raised on every change: a form sent with an older version is refused (two caseworkers).
    version = models.PositiveIntegerField(default=1)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    motivation = models.TextField(blank=True)
    new_decision = models.OneToOneField(
        "cases.Decision",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reconsideration",
    )
    detriment_ground = models.CharField(max_length=20, choices=DetrimentGround.choices, blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            # One open reconsideration per case: a double click, or two tabs, give one task.
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status=ReconsiderationStatus.OPEN),
                name="one_open_reconsideration_per_case",
            )
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self) -> str:
        return f"reconsideration {self.pk} of case {self.case_id}"


class Appeal(models.Model):
    class Judgment(models.TextChoices):
        UPHELD = "upheld", _("The court upheld the decision (the appeal was rejected)")
        CHANGED = "changed", _("The court changed the decision as asked")
        PARTLY = "partly", _("The court changed the decision in part")
        REMITTED = "remitted", _("The court sent the case back to the municipality")
        DISMISSED = "dismissed", _("The court did not try the appeal")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="appeals")
    decision = models.ForeignKey("cases.Decision", on_delete=models.PROTECT, related_name="+")
    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    change_wanted = models.TextField()  # what the appellant wants changed
    grounds = models.TextField()  # why
    submission_key = models.UUIDField(unique=True)  # one form sent twice gives one appeal
    submitted_at = models.DateTimeField()
    status = models.CharField(
        max_length=20, choices=AppealStatus.choices, default=AppealStatus.RECEIVED
    )
    version = models.PositiveIntegerField(default=1)
    # The time check (44–45 §§), made by a caseworker.
    received_on = models.DateField(null=True, blank=True)  # when the party got the decision
    last_day = models.DateField(null=True, blank=True)
    on_time = models.BooleanField(null=True)
    late_exception = models.CharField(max_length=30, choices=LateException.choices, blank=True)
    late_note = models.TextField(blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    reconsideration = models.OneToOneField(
        Reconsideration, null=True, blank=True, on_delete=models.PROTECT, related_name="appeal"
    )
    # Sent to the court: the file that goes with it, as one PDF (46 §).
    court_file = models.FileField(upload_to=_file_path, max_length=200, blank=True)
    court_file_sha256 = models.CharField(max_length=64, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Rejected as late (45 §): a decision of its own, with its own letter.
    rejection_reasons = models.TextField(blank=True)
    rejection_letter = models.FileField(upload_to=_file_path, max_length=200, blank=True)
    rejection_letter_sha256 = models.CharField(max_length=64, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rejected_at = models.DateTimeField(null=True, blank=True)
    # The court's judgment, recorded when it comes.
    judgment = models.CharField(max_length=20, choices=Judgment.choices, blank=True)
    judgment_text = models.TextField(blank=True)
    judgment_on = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=Q(status__in=APPEAL_OPEN),
                name="one_open_appeal_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"appeal {self.pk} of case {self.case_id}"

    @property
    def is_open(self) -> bool:
        return self.status in APPEAL_OPEN
