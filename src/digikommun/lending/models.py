"""Resource pools: the pool a service definition names, its items, and the loans of them.

An item's and a loan's every change of state is kept as an event row (who, when, why), never
changed or deleted; the item's and the loan's `state` is the latest of them.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from .workflow import OPEN, ItemState, LoanState


class Pool(models.Model):
    key = models.SlugField(max_length=80, unique=True)
    service_id = models.SlugField(max_length=80, blank=True)  # the service that names it
    config = models.JSONField()  # the definition's lending section (schema.as_dict)
    # The order loans were requested in: taken under the pool's row lock (the commit order).
    request_seq = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.key


class Item(models.Model):
    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="items")
    serial = models.CharField(max_length=60)
    label = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=12, choices=ItemState.choices, default=ItemState.AVAILABLE)
    state_since = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pool", "serial"], name="lending_item_serial_unique")
        ]

    def __str__(self) -> str:
        return self.serial


class ItemEvent(models.Model):
    """One change of an item's state: append-only."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="events")
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12, choices=ItemState.choices)
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(blank=True)
    loan = models.ForeignKey(
        "Loan", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.from_state} -> {self.to_state}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("an item's history is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("an item's history is append-only")


class Loan(models.Model):
    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="loans")
    item = models.ForeignKey(
        Item, null=True, blank=True, on_delete=models.PROTECT, related_name="loans"
    )
    # The granted case the loan comes from (none for one staff registered by hand).
    case = models.OneToOneField(
        "cases.Case", null=True, blank=True, on_delete=models.PROTECT, related_name="loan"
    )
    # The course booking a tablet is lent for (a pool lent without a case).
    booking = models.ForeignKey(
        "courses.Booking",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="loans",
    )
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=200)  # the borrower as staff see them
    facts = models.JSONField(default=dict)  # the case's facts the queue rules read
    shared = models.JSONField(default=dict)  # what the set-up party may see (`share`)
    state = models.CharField(max_length=12, choices=LoanState.choices)
    applied_at = models.DateTimeField()  # the application's date: the queue's order
    seq = models.PositiveIntegerField()  # the pool's request order: ties on the date
    priority = models.PositiveSmallIntegerField()  # index of the first rule that applies
    offered_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    picked_up_at = models.DateTimeField(null=True, blank=True)
    set_up_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    extensions = models.PositiveSmallIntegerField(default=0)
    returned_at = models.DateTimeField(null=True, blank=True)
    damage = models.TextField(blank=True)  # damage reported during the loan
    # The link the receiving party (a school) confirms the set-up with.
    setup_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pool", "seq"], name="lending_loan_seq_unique"),
            # An item is held by one open loan at a time.
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(item__isnull=False, state__in=sorted(OPEN)),
                name="lending_item_one_open_loan",
            ),
            # A booking asks for one item at a time.
            models.UniqueConstraint(
                fields=["booking"],
                condition=Q(booking__isnull=False, state__in=sorted(OPEN)),
                name="lending_booking_one_open_loan",
            ),
        ]
        indexes = [models.Index(fields=["pool", "state", "priority", "applied_at", "seq"])]

    def __str__(self) -> str:
        return f"loan {self.pk} ({self.state})"


class LoanEvent(models.Model):
    """One thing that happened to a loan (a change of state, a reminder, damage): append-only."""

    loan = models.ForeignKey(Loan, on_delete=models.PROTECT, related_name="events")
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12, blank=True)
    kind = models.CharField(max_length=20, default="state")  # state, reminder, damage
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.loan_id}: {self.kind} {self.from_state} -> {self.to_state}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValueError("a loan's history is append-only")
        super().save(*args, **kwargs)
