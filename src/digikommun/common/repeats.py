"""A form sent again moments after the first time (a double click, a reload) is the same
request, not a new one: what it makes is kept, and told, once. Where a form carries no key
or version to tell a repeat by, the same words from the same person within this window are
taken as one."""

from __future__ import annotations

import datetime

from django.utils import timezone

REPEAT_WINDOW = datetime.timedelta(minutes=2)


def sent_moments_ago(at: datetime.datetime) -> bool:
    """Whether something made at `at` is recent enough that the same again is a repeat."""
    return timezone.now() - at < REPEAT_WINDOW
