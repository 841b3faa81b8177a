"""Cases (ärenden), their timelines, decisions (beslut) and diary numbers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .workflow import OPEN_STATUSES, Status


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
    service_id = models.SlugField(max_length=80)  # the service, kept here for queue queries
    # None for services that take anonymous reports (a fault in the street).
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
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
    recommended_outcome = models.CharField(max_length=20, blank=True)
    team = models.ForeignKey(
        "workbench.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    # The date by which something must happen (an answer to a request for completion).
    deadline = models.DateTimeField(null=True, blank=True)
    # Raised on every change by a person: a form sent with an older version is refused.
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["register", "year", "sequence"], name="diary_number_unique"
            )
        ]
        indexes = [
            models.Index(fields=["applicant", "-submitted_at"]),
            # The workbench's queues: keyset pages over (submitted_at, id) within a filter.
            models.Index(fields=["service_id", "status", "submitted_at", "id"]),
            models.Index(fields=["team", "status", "submitted_at", "id"]),
            models.Index(fields=["assignee", "status", "submitted_at", "id"]),
            models.Index(fields=["status", "submitted_at", "id"]),
            # "My open cases": a caseworker's own, across the open statuses, oldest first.
            models.Index(
                fields=["assignee", "submitted_at", "id"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="case_open_by_assignee",
            ),
        ]

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
        ASSIGNED = "assigned", _("A caseworker took the case")
        COMPLETION_REQUESTED = "completion_requested", _("More information requested")
        COMPLETION_ANSWERED = "completion_answered", _("More information received")
        COMPLETION_EXPIRED = "completion_expired", _("The time to complete ran out")
        MESSAGE_TO_APPLICANT = "message_out", _("Message to the applicant")
        MESSAGE_FROM_APPLICANT = "message_in", _("Message from the applicant")
        DECISION_PROPOSED = "decision_proposed", _("Decision proposed for approval")
        DECISION_RETURNED = "decision_returned", _("Proposed decision returned")
        DECIDED = "decided", _("Decided by a caseworker")
        CLOSED = "closed", _("Case closed")

    # Events the applicant sees on Mina sidor; the others are internal to the municipality.
    PUBLIC_KINDS = frozenset(
        {
            Kind.SUBMITTED,
            Kind.DECIDED_AUTOMATICALLY,
            Kind.SENT_TO_REVIEW,
            Kind.COMPLETION_REQUESTED,
            Kind.COMPLETION_ANSWERED,
            Kind.COMPLETION_EXPIRED,
            Kind.MESSAGE_TO_APPLICANT,
            Kind.MESSAGE_FROM_APPLICANT,
            Kind.DECIDED,
            Kind.CLOSED,
        }
    )

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
    # Per language (förvaltningslagen § 32): the rules engine's structured reasons for an
    # automated decision ({"sections", "sources", "legal", "example"}), or a caseworker's texts.
    reasons = models.JSONField()
    legal_references = models.JSONField(default=list)
    appeal = models.JSONField()  # {"sv": …, "en": …} (förvaltningslagen § 33)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    # Four eyes: the second caseworker who approved a proposed decision.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_decisions",
    )
    # Why a caseworker decided otherwise than the rules recommended (required then).
    override_reason = models.TextField(blank=True)
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


class CaseNote(models.Model):
    """An internal note: seen by the municipality's staff, never by the applicant."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"note on {self.case_id}"


class CaseMessage(models.Model):
    """A message between the caseworker and the applicant, shown on Mina sidor."""

    class Direction(models.TextChoices):
        TO_APPLICANT = "out", _("To the applicant")
        FROM_APPLICANT = "in", _("From the applicant")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"message on {self.case_id}"


class CompletionRequest(models.Model):
    """A request for completion (komplettering) with its deadline, and the answer."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="completion_requests")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField()
    asked_at = models.DateTimeField(auto_now_add=True)
    deadline = models.DateTimeField()
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    expired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self) -> str:
        return f"completion request on {self.case_id}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None and self.expired_at is None


class DecisionProposal(models.Model):
    """A caseworker's decision waiting for a second caseworker's approval (four eyes)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="proposals")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(max_length=20, choices=Decision.Outcome.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    motivation = models.TextField()
    override_reason = models.TextField(blank=True)
    proposed_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    approved = models.BooleanField(null=True)
    return_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["proposed_at", "pk"]

    def __str__(self) -> str:
        return f"proposal on {self.case_id}"
