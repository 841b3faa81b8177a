"""Reads of the webhooks app: subscriptions and the delivery log."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Delivery, Subscription


def subscriptions_all() -> QuerySet[Subscription]:
    return Subscription.objects.order_by("name", "pk")


def subscription_for_form(form_key) -> Subscription | None:
    """The subscription a form with this key already made (the form sent twice), if any."""
    return Subscription.objects.filter(form_key=form_key).first()


def deliveries_for_log(*, subscription_id: int | None = None, status: str = "") -> QuerySet:
    """The delivery log, newest first, filtered by subscription and status."""
    found = Delivery.objects.select_related("subscription").order_by("-created_at", "-pk")
    if subscription_id is not None:
        found = found.filter(subscription_id=subscription_id)
    if status in Delivery.Status.values:
        found = found.filter(status=status)
    return found


def delivery_with_attempts(*, delivery_id: int) -> Delivery | None:
    return (
        Delivery.objects.select_related("subscription")
        .prefetch_related("attempt_log")
        .filter(pk=delivery_id)
        .first()
    )
