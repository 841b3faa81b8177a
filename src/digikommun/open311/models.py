"""Fault reports on top of cases, their public updates and followers, and Open311 API keys.

A report is a case (cases.Case) of a fault-reporting service plus what only a report has: a
category, a place, a photo, the public status. `status`, `requested_at` and `updated_at` are
kept here, beside the case, so the Open311 list (filtered by status and date) is one
indexed query on one table.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import pgettext_lazy

from .workflow import State


class ApiKey(models.Model):
    """An Open311 client's key. Only its SHA-256 is stored: the key is shown once."""

    name = models.CharField(max_length=100, unique=True)
    prefix = models.CharField(max_length=8)  # the key's first characters, to recognise it
    key_hash = models.CharField(max_length=64, unique=True)
    per_minute = models.PositiveIntegerField(default=60)  # requests allowed per minute
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Open311 API key"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class ApiKeyWindow(models.Model):
    """How many requests a key made in one minute: the rate limit, shared by every process."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="windows")
    minute = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "minute"], name="api_key_window_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key_id} {self.minute:%Y-%m-%d %H:%M}: {self.count}"


class Report(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("report status", "Open")
        CLOSED = "closed", pgettext_lazy("report status", "Closed")

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="fault_report")
    # The Open311 service_request_id: the diary number written without spaces, FR-2026-00042.
    public_id = models.CharField(max_length=24, unique=True)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service_id = models.SlugField(max_length=80)
    service_code = models.SlugField(max_length=80)  # the category
    lat = models.FloatField(null=True, blank=True)
    lng = models.FloatField(null=True, blank=True)
    address = models.CharField(max_length=200, blank=True)
    # An address identifier from the client's address register (Open311 `address_id`).
    address_id = models.CharField(max_length=100, blank=True)
    district = models.CharField(max_length=80, blank=True)
    # The reporter's own words; shown to caseworkers, never published (it may name people).
    description = models.TextField(blank=True)
    # Open311's status (open|closed) follows the detailed state (workflow.py); both are kept so
    # the API's list stays one indexed query.
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.OPEN)
    state = models.CharField(max_length=12, choices=State.choices, default=State.RECEIVED)
    # The description as published: the reporter's words once a caseworker has cleared them,
    # or the caseworker's own wording of them. Empty until then (the API then gives null).
    public_description = models.TextField(blank=True)
    status_notes = models.TextField(blank=True)  # public, written by a caseworker
    agency_responsible = models.CharField(max_length=200, blank=True)
    expected_at = models.DateTimeField(null=True, blank=True)
    requested_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    # A photo uploaded with the report (judged by content), in the private file storage.
    photo_blob = models.CharField(max_length=200, blank=True)
    photo_content_type = models.CharField(max_length=100, blank=True)
    # A photo an API client points to instead.
    media_url = models.URLField(max_length=500, blank=True)
    # Photos may show faces or number plates: published only once a caseworker approves.
    photo_approved = models.BooleanField(default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    api_key = models.ForeignKey(ApiKey, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        indexes = [
            # GET requests: a status and a date range, newest first.
            models.Index(fields=["status", "-requested_at", "-id"], name="report_status_date"),
            models.Index(fields=["-requested_at", "-id"], name="report_date"),
            models.Index(
                fields=["service_code", "status", "-requested_at"], name="report_code_status"
            ),
            # The updated_after/updated_before extension.
            models.Index(fields=["-updated_at", "-id"], name="report_updated"),
        ]

    def __str__(self) -> str:
        return self.public_id

    @property
    def number(self) -> str:
        """The diary number as people write it (FR 2026/00042); public_id is its URL form."""
        register, year, sequence = self.public_id.split("-", 2)
        return f"{register} {year}/{sequence}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def has_photo(self) -> bool:
        return bool(self.photo_blob or self.media_url)


class ReportUpdate(models.Model):
    """A change of a report: status, notes, expected date. Only ever appended.

    A caseworker's update is public (the map, the API, the followers' emails). An update an
    Open311 client posts (`servicerequestupdates`) is kept for the caseworkers only: it is
    someone's own words, which may name people, and it changes no state by itself.
    """

    class Source(models.TextChoices):
        CASEWORKER = "caseworker", pgettext_lazy("report update source", "Caseworker")
        CLIENT = "client", pgettext_lazy("report update source", "Open311 client")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=6, choices=Report.Status.choices)
    state = models.CharField(max_length=12, choices=State.choices, default=State.RECEIVED)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.CASEWORKER)
    # For a client's update: the status it asked for, as sent (e.g. FIXED), and its key.
    requested_status = models.CharField(max_length=40, blank=True)
    api_key = models.ForeignKey(ApiKey, null=True, blank=True, on_delete=models.SET_NULL)
    notes = models.TextField(blank=True)
    expected_at = models.DateTimeField(null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["source", "at"], name="report_update_source_at")]

    def __str__(self) -> str:
        return f"{self.report_id} {self.status} {self.at:%Y-%m-%d %H:%M}"


class Follower(models.Model):
    """An email address that hears about a report's updates (the reporter, or anyone)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="followers")
    email = models.EmailField()
    language = models.CharField(max_length=5, default="sv")
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)  # to stop
    created_at = models.DateTimeField(auto_now_add=True)
    # Someone who follows from the report's page gets updates only once they have opened the
    # link sent to the address (so nobody can sign up others); the reporter's own address,
    # given with the report, is confirmed at once.
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "email"], name="follower_unique")]

    def __str__(self) -> str:
        return f"follower of {self.report_id}"


class FollowerEmail(models.Model):
    """One email about one update to one follower: made once, sent at most once. Without an
    update it is the receipt the reporter gets when the report is received."""

    follower = models.ForeignKey(Follower, on_delete=models.CASCADE, related_name="emails")
    update = models.ForeignKey(
        ReportUpdate, null=True, blank=True, on_delete=models.CASCADE, related_name="emails"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "update"], name="follower_email_once")
        ]

    def __str__(self) -> str:
        return f"email {self.update_id} to {self.follower_id}"
