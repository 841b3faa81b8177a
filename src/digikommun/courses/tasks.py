"""Background tasks of the courses: the emails about a booking."""

from __future__ import annotations

from django_tasks import task


@task()
def send_booking_email(booking_id: int, kind: str) -> str:
    from .emails import booking_email_send

    return booking_email_send(booking_id=booking_id, kind=kind)
