"""The webhooks app's public door for writes: subscriptions, events, deliveries and replays.

`event_publish` records one `Delivery` per active subscription that wants the event (its
type, and its service when it names one) and queues its task in the same transaction (the
database task queue shares it), so an event recorded with the change it tells of is sent at
least once. Sending itself is in `sending.py`.
"""

from __future__ import annotations

import datetime
import secrets
import uuid
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from digikommun.audit.services import audit_log

from . import events, selectors
from .models import Delivery, EventType, Subscription


def secret_new() -> str:
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    import base64

    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def subscription_create(
    *,
    name: str,
    url: str,
    event_types: list[str],
    service_id: str = "",
    user,
    form_key: uuid.UUID | None = None,
) -> Subscription:
    """Make a subscription with a new secret (the caller shows it once)."""
    return subscription_create_once(
        name=name,
        url=url,
        event_types=event_types,
        service_id=service_id,
        user=user,
        form_key=form_key,
    )[0]


def subscription_create_once(
    *,
    name: str,
    url: str,
    event_types: list[str],
    service_id: str = "",
    user,
    form_key: uuid.UUID | None,
) -> tuple[Subscription, bool]:
    """Make a subscription with a new secret, once per form: `(subscription, True)` when made
    now, `(the one made before, False)` when a form with the same `form_key` was sent before
    or at the same time (a double click). Without a key every call makes one."""
    if form_key is not None:
        existing = selectors.subscription_for_form(form_key)
        if existing is not None:
            return existing, False
    known = [e for e in EventType.values if e in set(event_types)]
    try:
        with transaction.atomic():
            subscription = Subscription.objects.create(
                name=name.strip(),
                url=url.strip(),
                event_types=known,
                service_id=service_id,
                secret=secret_new(),
                created_by=user,
                form_key=form_key,
            )
            audit_log(
                actor=user,
                action="webhooks.subscription_create",
                detail={"id": subscription.pk, "url": subscription.url, "events": known},
            )
    except IntegrityError:  # the same form, sent at the same time, made it first
        again = selectors.subscription_for_form(form_key) if form_key is not None else None
        if again is None:
            raise
        return again, False
    return subscription, True


def subscription_set_active(*, subscription_id: int, active: bool, user) -> bool:
    """Turn a subscription on or off; waiting deliveries of one turned off are not sent."""
    with transaction.atomic():
        changed = Subscription.objects.filter(pk=subscription_id).update(
            active=active, disabled_reason=""
        )
        if changed:
            audit_log(
                actor=user,
                action="webhooks.subscription_enable"
                if active
                else "webhooks.subscription_disable",
                detail={"id": subscription_id},
            )
    return bool(changed)


def event_publish(
    *,
    event_type: str,
    key: str,
    case_id: int | None,
    service_id: str,
    data: dict[str, Any],
    at: datetime.datetime | None = None,
) -> list[Delivery]:
    """Record and queue the deliveries of one event. Idempotent per subscription and `key`."""
    if event_type not in EventType.values:
        raise ValueError(f"unknown webhook event {event_type!r}")
    at = at or timezone.now()
    text = events.body(event_type=event_type, data=data, at=at)
    made = []
    for subscription in Subscription.objects.filter(active=True).order_by("pk"):
        if event_type not in subscription.event_types:
            continue
        if subscription.service_id and subscription.service_id != service_id:
            continue
        try:
            with transaction.atomic():
                delivery = Delivery.objects.create(
                    subscription=subscription,
                    message_id=f"msg_{uuid.uuid4().hex}",
                    event_type=event_type,
                    event_key=f"{event_type}:{key}"[:80],
                    case_id=case_id,
                    body=text,
                    next_attempt_at=at,
                )
                from .tasks import deliver_webhook

                deliver_webhook.enqueue(delivery.pk)
        except IntegrityError:  # announced before: that delivery stands
            continue
        made.append(delivery)
    return made


def delivery_replay(*, delivery_id: int, user) -> bool:
    """Send a delivery again, with the same `webhook-id` and body (a fresh set of attempts).

    A delivery still waiting for its next attempt is not replayed: it is being sent.
    """
    from .tasks import deliver_webhook

    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .filter(pk=delivery_id)
            .exclude(status=Delivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return False
        delivery.status = Delivery.Status.PENDING
        delivery.attempts, delivery.replays = 0, delivery.replays + 1
        delivery.next_attempt_at, delivery.claimed_until = timezone.now(), None
        delivery.save(
            update_fields=["status", "attempts", "replays", "next_attempt_at", "claimed_until"]
        )
        audit_log(
            actor=user,
            action="webhooks.replay",
            case_id=delivery.case_id,
            detail={"delivery": delivery.pk, "message_id": delivery.message_id},
        )
        deliver_webhook.enqueue(delivery.pk)
    return True
