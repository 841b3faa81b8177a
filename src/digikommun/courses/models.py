"""Digital-skills courses: a course, its sessions (a date, a place or a link, a number of
places) and the bookings for each session, with the waiting list in the order people signed up.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .workflow import ACTIVE, State


class Course(models.Model):
    code = models.SlugField(max_length=60, unique=True)
    title = models.JSONField()  # {"sv": …, "en": …}
    summary = models.JSONField(default=dict)
    audience = models.JSONField(default=dict)  # who it is for
    is_active = models.BooleanField(default=True)

    def __str__(self) -> str:
        return self.code


class Session(models.Model):
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=200, blank=True)  # an address, a room
    link = models.URLField(blank=True)  # or a link, for a session online
    capacity = models.PositiveIntegerField()
    language = models.CharField(max_length=5, default="sv")
    accessibility = models.JSONField(default=dict)  # {"sv": …, "en": …}
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # The order of sign-ups: taken under the session's row lock, so it is the commit order.
    booking_seq = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["starts_at"], name="course_session_start")]

    def __str__(self) -> str:
        return f"{self.course.code} {self.starts_at:%Y-%m-%d %H:%M}"

    def clean(self) -> None:
        """A form (the admin's among them) refuses a session that ends before it starts."""
        from django.utils.translation import gettext as _

        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The session must end after it starts.")})


class Booking(models.Model):
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="bookings")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    name = models.CharField(max_length=100)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    language = models.CharField(max_length=5, default="sv")
    state = models.CharField(max_length=10, choices=State.choices)
    seq = models.PositiveIntegerField()  # the session's sign-up order
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The person asked to borrow a tablet for the session; staff register the loan request.
    needs_tablet = models.BooleanField(default=False)
    # When the reminder email was queued (set in the same transaction): sent at most once.
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "seq"], name="booking_seq_unique"),
            # One active booking per person and session (a logged-in person, or a phone number).
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=Q(user__isnull=False, state__in=sorted(ACTIVE)),
                name="booking_user_once",
            ),
            models.UniqueConstraint(
                fields=["session", "phone"],
                condition=Q(user__isnull=True, state__in=sorted(ACTIVE)) & ~Q(phone=""),
                name="booking_phone_once",
            ),
        ]
        indexes = [models.Index(fields=["session", "state", "seq"], name="booking_queue")]

    def __str__(self) -> str:
        return f"booking {self.pk} ({self.state})"
