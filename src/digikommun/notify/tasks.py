"""Background task: send one notification email (Django's tasks API, database-backed)."""

from __future__ import annotations

from django_tasks import task

from .services import notification_deliver


@task()
def send_notification(delivery_id: int) -> str:
    """Send a queued delivery; a retry re-enqueues this task with run_after."""
    return notification_deliver(delivery_id=delivery_id)
