"""The life of a loan and of the item lent, as tables of allowed transitions.

A loan is requested when a case of a service with a `lending` section is decided granted (or
by staff). It is offered an item at once if one is free and nobody waits before it, else it
is queued; the queue is ordered by the pool's stated priority rules, then by the date the
person applied. An offer has a deadline: the borrower accepts or declines it, or it expires,
and the item goes to the next in line. An accepted item is picked up, set up (confirmed by
the receiving party, a school), and the loan is active until its end; staff may extend it up
to the pool's maximum. A loan not returned by its end is overdue. A returned item is checked
and goes back to the pool (or to repair, when damage was reported), and the loan is closed.
A request may be withdrawn while it waits; one made for a course booking (a tablet for the
session) is withdrawn by the system when the booking is cancelled, until the item is picked up.

The item has a life of its own (available, reserved for an offer, on loan, in repair,
retired); every change of either is recorded with who, when and why.

The changes a person may make are kept apart from those only the system makes (`Actor`).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import pgettext_lazy


class LoanState(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("loan state", "Requested")
    QUEUED = "queued", pgettext_lazy("loan state", "In the queue")
    OFFERED = "offered", pgettext_lazy("loan state", "Offered, waiting for an answer")
    ACCEPTED = "accepted", pgettext_lazy("loan state", "Accepted, to be picked up")
    DECLINED = "declined", pgettext_lazy("loan state", "Offer declined")
    EXPIRED = "expired", pgettext_lazy("loan state", "Offer not answered in time")
    WITHDRAWN = "withdrawn", pgettext_lazy("loan state", "Withdrawn")
    PICKED_UP = "picked_up", pgettext_lazy("loan state", "Picked up, to be set up")
    ACTIVE = "active", pgettext_lazy("loan state", "On loan")
    EXTENDED = "extended", pgettext_lazy("loan state", "On loan, extended")
    OVERDUE = "overdue", pgettext_lazy("loan state", "Overdue")
    RETURNED = "returned", pgettext_lazy("loan state", "Returned, to be checked")
    CLOSED = "closed", pgettext_lazy("loan state", "Closed")


class ItemState(models.TextChoices):
    AVAILABLE = "available", pgettext_lazy("item state", "Available")
    RESERVED = "reserved", pgettext_lazy("item state", "Reserved for an offer")
    ON_LOAN = "on_loan", pgettext_lazy("item state", "On loan")
    IN_REPAIR = "in_repair", pgettext_lazy("item state", "In repair")
    RETIRED = "retired", pgettext_lazy("item state", "Retired")


class Actor(models.TextChoices):
    SYSTEM = "system", pgettext_lazy("loan actor", "the system")
    STAFF = "staff", pgettext_lazy("loan actor", "the staff")
    BORROWER = "borrower", pgettext_lazy("loan actor", "the borrower")
    RECEIVER = "receiver", pgettext_lazy("loan actor", "the receiving party")


L = LoanState
_Y, _S, _B, _R = Actor.SYSTEM, Actor.STAFF, Actor.BORROWER, Actor.RECEIVER

WAITING = frozenset({L.REQUESTED, L.QUEUED})
# A loan that holds an item (reserved for it, or with the borrower).
HOLDING = frozenset({L.OFFERED, L.ACCEPTED, L.PICKED_UP, L.ACTIVE, L.EXTENDED, L.OVERDUE})
OUT = frozenset({L.PICKED_UP, L.ACTIVE, L.EXTENDED, L.OVERDUE})
OPEN = WAITING | HOLDING | {L.RETURNED}
# Set up: the item is with the borrower and working.
SET_UP = frozenset({L.ACTIVE, L.EXTENDED})


def _all(sources, target: str, *actors: str) -> dict[tuple[str, str], frozenset[str]]:
    return {(source, target): frozenset(actors) for source in sorted(sources)}


# (from, to) -> who may make the change
TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (L.REQUESTED, L.QUEUED): frozenset({_Y}),
    **_all(WAITING, L.OFFERED, _Y),  # an item came free and this loan is first
    (L.QUEUED, L.WITHDRAWN): frozenset({_B, _S, _Y}),
    (L.OFFERED, L.ACCEPTED): frozenset({_B, _S}),
    (L.OFFERED, L.DECLINED): frozenset({_B, _S}),
    (L.OFFERED, L.EXPIRED): frozenset({_Y}),  # the offer's deadline passed
    # The course booking a request was for was cancelled.
    (L.OFFERED, L.WITHDRAWN): frozenset({_Y}),
    (L.ACCEPTED, L.WITHDRAWN): frozenset({_B, _S, _Y}),
    (L.ACCEPTED, L.PICKED_UP): frozenset({_S}),
    # Set up confirmed by the receiving party (or by staff for them; by the system when the
    # pool has no set-up step).
    (L.PICKED_UP, L.ACTIVE): frozenset({_R, _S, _Y}),
    # Extended (again, up to the maximum), also when overdue.
    **_all(SET_UP | {L.OVERDUE}, L.EXTENDED, _S),
    **_all(SET_UP, L.OVERDUE, _Y),  # the end passed without a return
    **_all(OUT, L.RETURNED, _S),
    (L.RETURNED, L.CLOSED): frozenset({_S}),  # the item checked and put back
}

_I = ItemState
ITEM_TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (_I.AVAILABLE, _I.RESERVED): frozenset({_Y}),
    (_I.RESERVED, _I.AVAILABLE): frozenset({_Y}),  # the offer declined, expired or withdrawn
    (_I.RESERVED, _I.ON_LOAN): frozenset({_S}),
    (_I.ON_LOAN, _I.AVAILABLE): frozenset({_S}),  # returned and checked
    (_I.ON_LOAN, _I.IN_REPAIR): frozenset({_S}),  # returned damaged
    (_I.AVAILABLE, _I.IN_REPAIR): frozenset({_S}),
    (_I.IN_REPAIR, _I.AVAILABLE): frozenset({_S}),
    (_I.AVAILABLE, _I.RETIRED): frozenset({_S}),
    (_I.IN_REPAIR, _I.RETIRED): frozenset({_S}),
}


class TransitionRefused(Exception):
    def __init__(self, current: str, target: str, actor: str, what: str = "loan"):
        super().__init__(f"a {what} cannot go from {current} to {target} by {actor}")
        self.current, self.target, self.actor = current, target, actor


def check_transition(current: str, target: str, actor: str) -> None:
    if actor not in TRANSITIONS.get((current, target), frozenset()):
        raise TransitionRefused(current, target, actor)


def check_item_transition(current: str, target: str, actor: str) -> None:
    if actor not in ITEM_TRANSITIONS.get((current, target), frozenset()):
        raise TransitionRefused(current, target, actor, "item")


def allowed_targets(current: str, actor: str) -> list[str]:
    return [to for (frm, to), actors in TRANSITIONS.items() if frm == current and actor in actors]
