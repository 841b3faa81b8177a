"""The day a form's relative limits ("today", "this month") are judged against.

Normally the local date. Answers judged again later (when a caseworker decides a case weeks
after it came in, or an example case of 2019) are judged as of the day they were given, so an
answer that was valid when sent never turns invalid with time.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime
from collections.abc import Iterator

from django.utils import timezone

_REFERENCE: contextvars.ContextVar[datetime.date | None] = contextvars.ContextVar(
    "forms_reference_date", default=None
)


def today() -> datetime.date:
    return _REFERENCE.get() or timezone.localdate()


@contextlib.contextmanager
def judged_on(day: datetime.date | None) -> Iterator[None]:
    """Judge answers inside the block as if today were `day` (None: the real today)."""
    token = _REFERENCE.set(day)
    try:
        yield
    finally:
        _REFERENCE.reset(token)
