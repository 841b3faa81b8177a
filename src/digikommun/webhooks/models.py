"""Outgoing webhooks: who is told of which events, and each message's delivery and attempts.

A `Subscription` names a URL, the event types it wants (and optionally one service), and the
secret its messages are signed with (Standard Webhooks, `whsec_…`). An event becomes one
`Delivery` per matching subscription, recorded in the transaction that announced the event
where the announcement allows it; the delivery row is the source of truth for the task that
sends it. Each try at sending is an `Attempt`, with the status code, the time it took and the
error.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventType(models.TextChoices):
    CASE_RECEIVED = "case.received", pgettext_lazy("webhook event", "A case was received")
    CASE_DECIDED = "case.decided", pgettext_lazy("webhook event", "A case was decided")
    LETTER_CREATED = (
        "letter.created",
        pgettext_lazy("webhook event", "A decision letter was made"),
    )
    COMPLETION_REQUESTED = (
        "case.completion_requested",
        pgettext_lazy("webhook event", "A caseworker asked for completion"),
    )
    FAULT_STATUS_CHANGED = (
        "fault.status_changed",
        pgettext_lazy("webhook event", "The status of a fault report changed"),
    )
    COSIGNING_DONE = (
        "cosigning.done",
        pgettext_lazy("webhook event", "Everyone named confirmed an application"),
    )


class Subscription(models.Model):
    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    event_types = models.JSONField(default=list)
    service_id = models.SlugField(max_length=80, blank=True)  # empty: every service
    # Kept to sign with; shown once, when the subscription is made.
    secret = models.CharField(max_length=100)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Why it was turned off, when the platform did it (a receiver answered 410 Gone).
    disabled_reason = models.CharField(max_length=200, blank=True)
    # The key of the form that made it: the form sent twice (a double click) makes one.
    form_key = models.UUIDField(null=True, blank=True, unique=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Delivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("webhook delivery", "Waiting")
        SUCCEEDED = "succeeded", pgettext_lazy("webhook delivery", "Delivered")
        FAILED = "failed", pgettext_lazy("webhook delivery", "Failed")

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    # The Standard Webhooks `webhook-id`: the same for every attempt and for a replay.
    message_id = models.CharField(max_length=60, unique=True)
    event_type = models.CharField(max_length=40, choices=EventType.choices)
    # What the event was about ("decision:17"): one delivery per subscription and event.
    event_key = models.CharField(max_length=80)
    case_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    body = models.TextField()  # the exact JSON sent, so a replay sends the same bytes
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # Attempts in the current round (a replay starts a new round); the claim compares it.
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # A worker's claim on the attempt it is making; a lapsed claim is a dead worker's.
    claimed_until = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    replays = models.PositiveSmallIntegerField(default=0)  # a person's replays so far
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "event_key"], name="webhook_delivery_once_per_event"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_due")]

    def __str__(self) -> str:
        return f"{self.event_type} {self.message_id}"


class Attempt(models.Model):
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    succeeded = models.BooleanField(default=False)
    round = models.PositiveSmallIntegerField(default=0)  # 0 for the first, n for replay n

    class Meta:
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}"
