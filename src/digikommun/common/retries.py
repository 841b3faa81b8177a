"""The waits before each retry of a sending task (notifications, webhooks), from a setting
that lists them in seconds, or the caller's defaults when it is unset or empty."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.conf import settings


def retry_after(
    setting: str, default: Sequence[float | datetime.timedelta]
) -> tuple[datetime.timedelta, ...]:
    """The waits named by `setting` (seconds), else `default` (seconds or timedeltas)."""
    waits = getattr(settings, setting, None) or default
    return tuple(
        w if isinstance(w, datetime.timedelta) else datetime.timedelta(seconds=float(w))
        for w in waits
    )
