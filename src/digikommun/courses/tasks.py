"""Background tasks of the courses: the emails about a booking, tried again after a passing
failure on the same schedule as the case notifications (notify.services.retry_after)."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

log = logging.getLogger(__name__)


@task()
def send_booking_email(booking_id: int, kind: str, attempt: int = 1) -> str:
    from digikommun.notify.services import retry_after

    from .emails import booking_email_send

    result = booking_email_send(booking_id=booking_id, kind=kind)
    if result != "retry":
        return result
    waits = retry_after()
    if attempt > len(waits):
        log.warning("booking %s: the %s email failed after %d attempts", booking_id, kind, attempt)
        return "failed"
    run_after = timezone.now() + waits[attempt - 1]
    send_booking_email.using(run_after=run_after).enqueue(booking_id, kind, attempt + 1)
    return "retry"
