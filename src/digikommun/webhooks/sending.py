"""Sending a delivery: sign it (Standard Webhooks), POST it, record the attempt, retry later.

An attempt claims the delivery (a conditional UPDATE on its attempt count, with a lease in
`claimed_until`), so two workers never send the same attempt. A 2xx answer is delivered; any
other answer, a refused connection or a timeout waits `WEBHOOKS_RETRY_AFTER_SECONDS` (5 s,
30 s, 2 min, 10 min, 1 h) before the next attempt, and after the last the delivery has
failed. A 410 Gone is the receiver's way of saying it wants no more: the delivery fails and
the subscription is turned off. Redirects are not followed.

A worker killed during an attempt leaves the claim to lapse; the process clock's sweep calls
`deliveries_resume`, which records that attempt as lost and queues the next. The receiver may
then see the same `webhook-id` twice, which the specification tells it to expect.
"""

from __future__ import annotations

import datetime
import logging
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from standardwebhooks.webhooks import Webhook

from digikommun.common import retries
from digikommun.common.faults import fault_point

from .models import Attempt, Delivery, Subscription

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = (5, 30, 120, 600, 3600)
USER_AGENT = "Digikommun-Webhooks/1"


def retry_after() -> tuple[datetime.timedelta, ...]:
    """The waits before each retry (the setting WEBHOOKS_RETRY_AFTER_SECONDS, if set)."""
    return retries.retry_after("WEBHOOKS_RETRY_AFTER_SECONDS", RETRY_AFTER_SECONDS)


def timeout() -> float:
    return float(getattr(settings, "WEBHOOKS_TIMEOUT_SECONDS", 10))


def lease() -> datetime.timedelta:
    """How long an attempt may take before it is taken for a dead worker's."""
    seconds = getattr(settings, "WEBHOOKS_SEND_LEASE_SECONDS", None) or timeout() + 20
    return datetime.timedelta(seconds=float(seconds))


def signed_headers(*, secret: str, message_id: str, body: str, at: datetime.datetime) -> dict:
    at = at.astimezone(datetime.UTC)
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(msg_id=message_id, timestamp=at, data=body),
    }


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, _req, _fp, _code, _msg, _headers, _newurl):
        return None  # a 3xx is an answer like any other that is not 2xx


_opener = urllib.request.build_opener(_NoRedirect)


def _post(url: str, body: str, headers: dict) -> tuple[int | None, str]:
    """POST and return (status code or None, error text)."""
    request = urllib.request.Request(url, data=body.encode(), headers=headers, method="POST")
    try:
        with _opener.open(request, timeout=timeout()) as response:
            response.read(1024)
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code} {exc.reason}"[:500]
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return None, f"{type(reason).__name__}: {reason}"[:500]


def _claim(delivery: Delivery, now: datetime.datetime) -> bool:
    return bool(
        Delivery.objects.filter(
            pk=delivery.pk, status=Delivery.Status.PENDING, attempts=delivery.attempts
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .update(attempts=delivery.attempts + 1, claimed_until=now + lease())
    )


def _number(delivery: Delivery) -> int:
    return Attempt.objects.filter(delivery=delivery).count() + 1


def delivery_attempt(*, delivery_id: int) -> str:
    """One attempt at a pending delivery (run by the task). Returns what happened."""
    delivery = Delivery.objects.select_related("subscription").filter(pk=delivery_id).first()
    if delivery is None:
        return "gone"
    if delivery.status != Delivery.Status.PENDING:
        return f"already {delivery.status}"
    subscription = delivery.subscription
    if not subscription.active:
        Delivery.objects.filter(pk=delivery.pk, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.FAILED,
            last_error="the subscription is turned off",
            next_attempt_at=None,
            claimed_until=None,
        )
        return "subscription off"
    now = timezone.now()
    if not _claim(delivery, now):
        return "claimed by another worker"
    attempt = delivery.attempts + 1
    headers = signed_headers(
        secret=subscription.secret, message_id=delivery.message_id, body=delivery.body, at=now
    )
    fault_point("webhooks.send")
    started = time.monotonic()
    code, error = _post(subscription.url, delivery.body, headers)
    took = int((time.monotonic() - started) * 1000)
    ok = code is not None and 200 <= code < 300
    with transaction.atomic():
        Attempt.objects.create(
            delivery=delivery,
            number=_number(delivery),
            started_at=now,
            status_code=code,
            duration_ms=took,
            error=error,
            succeeded=ok,
            round=delivery.replays,
        )
        if ok:
            Delivery.objects.filter(pk=delivery.pk).update(
                status=Delivery.Status.SUCCEEDED,
                delivered_at=timezone.now(),
                last_error="",
                next_attempt_at=None,
                claimed_until=None,
            )
            return "delivered"
        if code == 410:
            Subscription.objects.filter(pk=subscription.pk).update(
                active=False, disabled_reason="410 Gone"
            )
            return _fail(delivery.pk, error)
        return _after_failure(delivery.pk, attempt, error)


def _fail(delivery_id: int, error: str) -> str:
    Delivery.objects.filter(pk=delivery_id).update(
        status=Delivery.Status.FAILED, last_error=error, next_attempt_at=None, claimed_until=None
    )
    log.warning("webhook delivery %s failed: %s", delivery_id, error)
    return "failed"


def _after_failure(delivery_id: int, attempt: int, error: str) -> str:
    waits = retry_after()
    if attempt > len(waits):
        return _fail(delivery_id, error)
    run_after = timezone.now() + waits[attempt - 1]
    from .tasks import deliver_webhook

    Delivery.objects.filter(pk=delivery_id).update(
        last_error=error, next_attempt_at=run_after, claimed_until=None
    )
    deliver_webhook.using(run_after=run_after).enqueue(delivery_id)
    log.info("webhook delivery %s: attempt %d failed (%s)", delivery_id, attempt, error)
    return "retry"


def deliveries_resume(
    *, now: datetime.datetime, stale_after: datetime.timedelta, limit: int = 50
) -> int:
    """Queue again the deliveries whose worker died (a lapsed claim) or whose task was lost
    (due more than `stale_after` ago and unclaimed). Returns how many it queued.

    The clock only queues: the attempt itself is a task, so a slow receiver never holds up
    the timers and the other sweeps.
    """
    from .tasks import deliver_webhook

    lapsed = Q(claimed_until__lte=now)
    lost = Q(claimed_until__isnull=True, next_attempt_at__lte=now - stale_after)
    stale = list(
        Delivery.objects.filter(status=Delivery.Status.PENDING)
        .filter(lapsed | lost)
        .order_by("next_attempt_at", "pk")[:limit]
    )
    for delivery in stale:
        with transaction.atomic():
            if delivery.claimed_until is not None:
                Attempt.objects.create(
                    delivery=delivery,
                    number=_number(delivery),
                    started_at=delivery.claimed_until - lease(),
                    error="the worker stopped during the attempt",
                    round=delivery.replays,
                )
                log.warning("webhook delivery %s: its worker stopped; trying again", delivery.pk)
                if delivery.attempts > len(retry_after()):
                    _fail(delivery.pk, "the worker stopped during the last attempt")
                    continue
            else:
                log.warning("webhook delivery %s was left unsent; queueing it again", delivery.pk)
            updated = Delivery.objects.filter(
                pk=delivery.pk, attempts=delivery.attempts, status=Delivery.Status.PENDING
            ).update(claimed_until=None, next_attempt_at=now)
            if updated:
                deliver_webhook.enqueue(delivery.pk)
    return len(stale)


def sweep(*, now: datetime.datetime, stale_after: datetime.timedelta) -> int:
    """The process clock's hook (registered in apps.py)."""
    return deliveries_resume(now=now, stale_after=stale_after)
