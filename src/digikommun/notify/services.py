"""The notify app's public door for writes: tell a person that something happened in a case.

`notify_case_event` records a Delivery (once per case, event and ref) and queues a task in the
same transaction; the task sends one email, or records why it did not. SMTP errors that may
pass (4xx replies, a server that does not answer) are retried with growing waits; permanent
refusals (5xx) and the last failed retry mark the delivery failed.
"""

from __future__ import annotations

import datetime
import logging
import smtplib

from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone

from .emails import build_email
from .models import Delivery, Event, NotificationPreference, all_events

log = logging.getLogger(__name__)

# Waits before each retry; after the last one fails, the delivery is marked failed.
RETRY_AFTER = (
    datetime.timedelta(seconds=30),
    datetime.timedelta(minutes=2),
    datetime.timedelta(minutes=8),
    datetime.timedelta(minutes=30),
)
SMTP_TIMEOUT = 30  # seconds; a server that hangs counts as a passing error


class UnknownEvent(ValueError):
    pass


def notify_case_event(*, case_id: int, event: str, ref: str = "") -> None:
    """Queue the email about `event` in a case to the applicant, if they want it.

    Idempotent: a second call with the same case, event and ref does nothing. Pass `ref` (for
    example a message's or a completion request's id) for events that can happen more than
    once in a case. Call inside the transaction that records the event.
    """
    if event not in Event.values:
        raise UnknownEvent(f"unknown notification event {event!r}; known: {', '.join(Event)}")
    with transaction.atomic():
        delivery, created = Delivery.objects.get_or_create(
            case_id=case_id, event=event, ref=str(ref)
        )
        if created:
            # The database task queue shares this transaction: the delivery and its task are
            # kept together or not at all.
            from .tasks import send_notification

            send_notification.enqueue(delivery.pk)


def on_case_notice(sender, *, case_id: int, event: str, ref: str = "", **kwargs) -> None:
    """The receiver of cases.signals.case_notice (connected in apps.py)."""
    notify_case_event(case_id=case_id, event=event, ref=ref)


def preference_save(
    *, user, email: str, events: list[str], language: str
) -> NotificationPreference:
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user,
        defaults={
            "email": email.strip(),
            "events": [e for e in all_events() if e in set(events)],
            "language": language if language in ("sv", "en") else "",
        },
    )
    return preference


def _skip(delivery: Delivery, why: str) -> str:
    Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.QUEUED).update(
        status=Delivery.Status.SKIPPED, last_error=why
    )
    log.info("notification %s not sent: %s", delivery.pk, why)
    return "skipped"


def _permanent(exc: Exception) -> bool:
    """A 5xx reply will not change by trying again; everything else may pass."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _msg in exc.recipients.values())
    code = getattr(exc, "smtp_code", None)
    return isinstance(code, int) and code >= 500


def notification_deliver(*, delivery_id: int) -> str:
    """Send one queued delivery (run by the task). Returns what happened."""
    delivery = Delivery.objects.select_related("case__service_version").get(pk=delivery_id)
    if delivery.status != Delivery.Status.QUEUED:
        return f"already {delivery.status}"
    case = delivery.case
    preference = NotificationPreference.objects.filter(user_id=case.applicant_id).first()
    if preference is None or not preference.email:
        return _skip(delivery, "no notification address is known")
    if delivery.event not in (preference.events or []):
        return _skip(delivery, "the person has turned this notification off")

    # Claim this attempt: if two tasks ever ran for one delivery, only one sends.
    attempt = delivery.attempts + 1
    language = preference.language or case.language
    claimed = Delivery.objects.filter(
        pk=delivery.pk, status=Delivery.Status.QUEUED, attempts=delivery.attempts
    ).update(attempts=attempt, address=preference.email, language=language)
    if not claimed:
        return "claimed by another worker"

    message = build_email(case=case, event=delivery.event, language=language, to=preference.email)
    try:
        connection = get_connection(fail_silently=False, timeout=SMTP_TIMEOUT)
        message.connection = connection
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        return _after_failure(delivery.pk, attempt, exc)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.SENT, sent_at=timezone.now(), last_error="", next_attempt_at=None
    )
    return "sent"


def _after_failure(delivery_id: int, attempt: int, exc: Exception) -> str:
    error = f"{type(exc).__name__}: {exc}"[:1000]
    if _permanent(exc) or attempt > len(RETRY_AFTER):
        Delivery.objects.filter(pk=delivery_id).update(
            status=Delivery.Status.FAILED, last_error=error, next_attempt_at=None
        )
        log.warning("notification %s failed after %d attempts: %s", delivery_id, attempt, error)
        return "failed"
    run_after = timezone.now() + RETRY_AFTER[attempt - 1]
    from .tasks import send_notification

    with transaction.atomic():
        Delivery.objects.filter(pk=delivery_id).update(last_error=error, next_attempt_at=run_after)
        send_notification.using(run_after=run_after).enqueue(delivery_id)
    log.info(
        "notification %s: attempt %d failed (%s); next at %s",
        delivery_id,
        attempt,
        error,
        run_after,
    )
    return "retry"
