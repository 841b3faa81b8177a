"""Background tasks of fault reporting: the email that tells a follower about an update."""

from __future__ import annotations

from django_tasks import task


@task()
def send_follower_email(email_id: int) -> str:
    from .emails import follower_email_send

    return follower_email_send(email_id=email_id)


@task()
def send_follow_confirmation(follower_id: int) -> str:
    from .emails import follow_confirmation_send

    return follow_confirmation_send(follower_id=follower_id)
