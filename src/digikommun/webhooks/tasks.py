"""Background task: one attempt at sending a webhook delivery (Django's tasks API)."""

from __future__ import annotations

from django_tasks import task

from .sending import delivery_attempt


@task()
def deliver_webhook(delivery_id: int) -> str:
    """Make the next attempt; a failed attempt queues this task again with run_after."""
    return delivery_attempt(delivery_id=delivery_id)
