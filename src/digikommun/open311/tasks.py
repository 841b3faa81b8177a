"""Background tasks of fault reporting: the email that tells a follower about an update
(tried again after a passing failure, on the schedule of the case notifications)."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

log = logging.getLogger(__name__)


@task()
def send_follower_email(email_id: int, attempt: int = 1) -> str:
    from digikommun.notify.services import retry_after

    from .emails import follower_email_send

    result = follower_email_send(email_id=email_id)
    if result != "retry":
        return result
    waits = retry_after()
    if attempt > len(waits):
        log.warning("follower email %s failed after %d attempts", email_id, attempt)
        return "failed"
    run_after = timezone.now() + waits[attempt - 1]
    send_follower_email.using(run_after=run_after).enqueue(email_id, attempt + 1)
    return "retry"


@task()
def send_follow_confirmation(follower_id: int) -> str:
    from .emails import follow_confirmation_send

    return follow_confirmation_send(follower_id=follower_id)
