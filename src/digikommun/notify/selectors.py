"""Reads of notification settings and deliveries."""

from __future__ import annotations

from .models import NotificationPreference


def preference_for(*, user) -> NotificationPreference | None:
    return NotificationPreference.objects.filter(user=user).first()
