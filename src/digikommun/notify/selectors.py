"""Reads of notification settings and deliveries."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Delivery, NotificationPreference


def preference_for(*, user) -> NotificationPreference | None:
    return NotificationPreference.objects.filter(user=user).first()


def deliveries_failed() -> QuerySet[Delivery]:
    """Notifications that were not sent after every retry: a person must look at them."""
    return Delivery.objects.filter(status=Delivery.Status.FAILED).order_by("created_at", "pk")
