"""The notify app's public door for writes: tell a person that something happened in a case.

`notify_case_event` records a Delivery (once per case, event and ref) and queues a task in the
same transaction; the task sends one email, or records why it did not. SMTP errors that may
pass (4xx replies, a server that does not answer) are retried with growing waits; permanent
refusals (5xx) and the last failed retry mark the delivery failed, and a failed delivery is
listed in the workbench's stuck queue, where an administrator can send it again.

A worker killed while sending leaves the delivery queued with a claim that lapses
(`claimed_until`); the process clock calls `deliveries_resume`, which sends it again. The
email's Message-ID is made from the delivery, so a mail system that got the first attempt
after all sees the second as the same message.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import time
from collections.abc import Callable

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from digikommun.common import retries
from digikommun.common.faults import fault_point

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


def retry_after() -> tuple[datetime.timedelta, ...]:
    """The waits before each retry (the setting NOTIFY_RETRY_AFTER_SECONDS, if set)."""
    return retries.retry_after("NOTIFY_RETRY_AFTER_SECONDS", RETRY_AFTER)


def send_lease() -> datetime.timedelta:
    """How long a claimed attempt may take before it is taken for a dead worker's."""
    return datetime.timedelta(seconds=getattr(settings, "NOTIFY_SEND_LEASE_SECONDS", 120))


class UnknownEvent(ValueError):
    pass


# Other parties to a case who hear of some of its events as the applicant does: name ->
# a function of the case id giving user ids (co-signing registers its co-signers).
PARTY_SOURCES: dict[str, Callable[[int], list[int]]] = {}
PARTY_EVENTS = frozenset({"decided"})


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
            case_id=case_id,
            event=event,
            ref=str(ref),
            defaults={"next_attempt_at": timezone.now()},
        )
        if created:
            # The database task queue shares this transaction: the delivery and its task are
            # kept together or not at all.
            from .tasks import send_notification

            send_notification.enqueue(delivery.pk)
        if event in PARTY_EVENTS:
            for source in PARTY_SOURCES.values():
                for user_id in source(case_id):
                    notify_person(case_id=case_id, user_id=user_id, event=event, ref=str(ref))


def notify_person(*, case_id: int, user_id: int, event: str, ref: str = "") -> None:
    """Queue the email about `event` in a case to another party than the applicant."""
    if event not in Event.values:
        raise UnknownEvent(f"unknown notification event {event!r}")
    with transaction.atomic():
        delivery, created = Delivery.objects.get_or_create(
            case_id=case_id,
            event=event,
            ref=f"u{user_id}:{ref}"[:40],
            defaults={"recipient_id": user_id},
        )
        if created:
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


def permanent_failure(exc: Exception) -> bool:
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
    person_id = delivery.recipient_id or case.applicant_id
    preference = NotificationPreference.objects.filter(user_id=person_id).first()
    if preference is None or not preference.email:
        return _skip(delivery, "no notification address is known")
    if delivery.event not in (preference.events or []):
        return _skip(delivery, "the person has turned this notification off")

    # Claim this attempt: if two tasks ever ran for one delivery, only one sends.
    attempt = delivery.attempts + 1
    language = preference.language or case.language
    now = timezone.now()
    claimed = (
        Delivery.objects.filter(
            pk=delivery.pk, status=Delivery.Status.QUEUED, attempts=delivery.attempts
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .update(
            attempts=attempt,
            address=preference.email,
            language=language,
            claimed_until=now + send_lease(),
        )
    )
    if not claimed:
        return "claimed by another worker"

    message = build_email(
        case=case,
        event=delivery.event,
        language=language,
        to=preference.email,
        applicant=delivery.recipient_id is None,
    )
    message.extra_headers["Message-ID"] = message_id(delivery)
    fault_point("notify.send")
    try:
        connection = get_connection(fail_silently=False, timeout=SMTP_TIMEOUT)
        message.connection = connection
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        return _after_failure(delivery.pk, attempt, exc)
    _mark_sent(delivery.pk)
    return "sent"


def _mark_sent(delivery_id: int) -> None:
    """Record the sending, waiting out a database that is briefly away (a restart, a lock):
    the email has gone, and a delivery left queued would be sent again. Gives up (and the
    email may go twice, with the same Message-ID) only after half the claim's lease."""
    from django.db import DatabaseError, close_old_connections, connection

    give_up = time.monotonic() + send_lease().total_seconds() / 2
    pause = 0.1
    while True:
        try:
            Delivery.objects.filter(pk=delivery_id).update(
                status=Delivery.Status.SENT,
                sent_at=timezone.now(),
                last_error="",
                next_attempt_at=None,
                claimed_until=None,
            )
            return
        except DatabaseError:
            if time.monotonic() > give_up or connection.in_atomic_block:
                raise
            log.warning("notification %s sent; recording it waits for the database", delivery_id)
            connection.close()
            close_old_connections()
            time.sleep(pause)
            pause = min(pause * 2, 2.0)


def _after_failure(delivery_id: int, attempt: int, exc: Exception) -> str:
    error = f"{type(exc).__name__}: {exc}"[:1000]
    waits = retry_after()
    if permanent_failure(exc) or attempt > len(waits):
        Delivery.objects.filter(pk=delivery_id).update(
            status=Delivery.Status.FAILED,
            last_error=error,
            next_attempt_at=None,
            claimed_until=None,
        )
        log.warning("notification %s failed after %d attempts: %s", delivery_id, attempt, error)
        return "failed"
    run_after = timezone.now() + waits[attempt - 1]
    from .tasks import send_notification

    with transaction.atomic():
        Delivery.objects.filter(pk=delivery_id).update(
            last_error=error, next_attempt_at=run_after, claimed_until=None
        )
        send_notification.using(run_after=run_after).enqueue(delivery_id)
    log.info(
        "notification %s: attempt %d failed (%s); next at %s",
        delivery_id,
        attempt,
        error,
        run_after,
    )
    return "retry"


def message_id(delivery: Delivery) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "digikommun.invalid"
    return f"<delivery-{delivery.pk}-{delivery.case_id}-{delivery.event}@{domain}>"


def deliveries_resume(
    *, now: datetime.datetime, stale_after: datetime.timedelta, limit: int = 50
) -> int:
    """Send again the queued deliveries whose task died or was lost: their claim or their
    planned retry lapsed more than `stale_after` ago. Returns how many it tried."""
    cutoff = now - stale_after
    lapsed_claim = Q(claimed_until__lte=now)
    never_run = Q(claimed_until__isnull=True) & (
        Q(next_attempt_at__lte=cutoff) | Q(next_attempt_at__isnull=True)
    )
    stale = list(
        Delivery.objects.filter(status=Delivery.Status.QUEUED)
        .filter(lapsed_claim | never_run)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    for delivery_id in stale:
        log.warning("notification %s was left unsent; sending it now", delivery_id)
        notification_deliver(delivery_id=delivery_id)
    return len(stale)


def delivery_retry(*, delivery_id: int) -> bool:
    """A person asks for a failed notification to be sent again (a fresh set of attempts)."""
    from .tasks import send_notification

    with transaction.atomic():
        updated = Delivery.objects.filter(pk=delivery_id, status=Delivery.Status.FAILED).update(
            status=Delivery.Status.QUEUED,
            attempts=0,
            next_attempt_at=timezone.now(),
            claimed_until=None,
        )
        if updated:
            send_notification.enqueue(delivery_id)
    return bool(updated)
