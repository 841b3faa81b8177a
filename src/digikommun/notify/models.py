"""Email notifications: what a person wants to hear about, and each email's delivery."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import pgettext_lazy


class Event(models.TextChoices):
    # Labels finish the sentence "Send me an email when …" on the settings page.
    RECEIVED = "received", pgettext_lazy("notification event", "my application has been received")
    DECIDED = "decided", pgettext_lazy("notification event", "my case has been decided")
    COMPLETION_REQUESTED = (
        "completion_requested",
        pgettext_lazy("notification event", "you need more information from me"),
    )
    COMPLETION_REMINDER = (
        "completion_reminder",
        pgettext_lazy("notification event", "you remind me of information you still need"),
    )
    COMPLETION_ANSWERED = (
        "completion_answered",
        pgettext_lazy("notification event", "you have received the information I sent"),
    )
    MESSAGE = "message", pgettext_lazy("notification event", "I have a new message about my case")
    STATUS_CHANGED = (
        "status_changed",
        pgettext_lazy("notification event", "the status of a fault I reported changes"),
    )
    # Co-signing (digikommun.cosigning): to the person asked to confirm, and to both when
    # the confirmation is declined or not given in time.
    COSIGNING_REQUESTED = (
        "cosigning_requested",
        pgettext_lazy("notification event", "someone asks me to confirm an application"),
    )
    COSIGNING_REMINDER = (
        "cosigning_reminder",
        pgettext_lazy("notification event", "you remind me of an application to confirm"),
    )
    COSIGNING_DECLINED = (
        "cosigning_declined",
        pgettext_lazy("notification event", "a confirmation of an application was not given"),
    )
    # Lending (digikommun.lending): an item offered, the end of a loan near, a loan overdue.
    LOAN_OFFERED = (
        "loan_offered",
        pgettext_lazy("notification event", "something I may borrow is offered to me"),
    )
    LOAN_REMINDER = (
        "loan_reminder",
        pgettext_lazy("notification event", "the end of my loan is near"),
    )
    LOAN_OVERDUE = (
        "loan_overdue",
        pgettext_lazy("notification event", "a loan of mine has passed its end"),
    )


def all_events() -> list[str]:
    return [e.value for e in Event]


class NotificationPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    # Where to send; empty means nothing is sent (the default: no address is known).
    email = models.EmailField(blank=True)
    events = models.JSONField(default=all_events)  # the Event values the person wants
    # "" follows the language the person applied in; "sv" or "en" is a fixed choice.
    language = models.CharField(max_length=5, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"notifications for user {self.user_id}"

    def wants(self, event: str) -> bool:
        return bool(self.email) and event in (self.events or [])


class Delivery(models.Model):
    """One email about one event in one case: made once, sent at most once, with retries."""

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("delivery", "Queued")
        SENT = "sent", pgettext_lazy("delivery", "Sent")
        FAILED = "failed", pgettext_lazy("delivery", "Failed")
        SKIPPED = "skipped", pgettext_lazy("delivery", "Not sent")

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="notification_deliveries"
    )
    event = models.CharField(max_length=30, choices=Event.choices)
    # Tells repeated events of one kind apart (a message's or a completion request's id);
    # the same (case, event, ref) is only ever sent once.
    ref = models.CharField(max_length=40, blank=True, default="")
    # Who it is for: None is the applicant; another party (a co-signer) is named.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    address = models.EmailField(blank=True)
    language = models.CharField(max_length=5, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # While an attempt is being sent: until when it is the claimer's (a worker that dies
    # leaves it to lapse, and the process clock sends the delivery again).
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["case", "event", "ref"], name="delivery_once_per_case_event"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.case_id} {self.event} {self.status}"
