"""Writes of lending: pools and items, loan requests and the queue, offers, the loan's life.

Every change of a pool's items or loans happens under the pool's row lock (on SQLite the
write lock, taken at BEGIN), so two requests at the same moment never get the same item, and
the request order (`Loan.seq`) is the commit order. Whenever an item comes free (added,
repaired, checked after a return, an offer declined or expired) the first in the queue is
offered it, with a deadline the process clock watches (`timers.py`).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from digikommun.common.repeats import sent_moments_ago
from digikommun.rules.feel import evaluate

from . import workflow
from .models import Item, ItemEvent, Loan, LoanEvent, Pool
from .schema import LendingConfig, config_from_dict
from .workflow import OPEN, WAITING, Actor, ItemState, LoanState


class LendingRefused(Exception):
    """What cannot be done, by code: max_extensions, not_found, serial_taken, state."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def pool_config(pool: Pool) -> LendingConfig:
    return config_from_dict(pool.config)


def pool_ensure(*, config: LendingConfig, service_id: str = "") -> Pool:
    """The pool a definition names, created or brought up to date with its section."""
    pool, created = Pool.objects.get_or_create(
        key=config.pool, defaults={"config": config.as_dict(), "service_id": service_id}
    )
    if not created and (pool.config != config.as_dict() or pool.service_id != service_id):
        Pool.objects.filter(pk=pool.pk).update(config=config.as_dict(), service_id=service_id)
        pool.refresh_from_db()
    return pool


def _locked(pool_id: int) -> Pool:
    return Pool.objects.select_for_update().get(pk=pool_id)


def _item_set(item: Item, target: str, actor: str, *, user=None, reason="", loan=None) -> None:
    workflow.check_item_transition(item.state, target, actor)
    now = timezone.now()
    ItemEvent.objects.create(
        item=item, from_state=item.state, to_state=target, actor=user, reason=reason, loan=loan
    )
    item.state, item.state_since = target, now
    item.save(update_fields=["state", "state_since"])


def loan_state_set(loan: Loan, target: str, actor: str, *, user=None, note="", **fields) -> None:
    workflow.check_transition(loan.state, target, actor)
    LoanEvent.objects.create(
        loan=loan, from_state=loan.state, to_state=target, actor=user, note=note
    )
    loan.state = target
    for name, value in fields.items():
        setattr(loan, name, value)
    loan.save(update_fields=["state", "updated_at", *fields])


def priority_of(config: LendingConfig, facts: dict[str, Any]) -> int:
    """The index of the first priority rule that applies to the facts (after all if none)."""
    for index, rule in enumerate(config.priority):
        try:
            if evaluate(rule.when, facts) is True:
                return index
        except Exception:  # a fact missing or of another type: the rule does not apply
            continue
    return len(config.priority)


def _queue(pool: Pool):
    return pool.loans.filter(state__in=sorted(WAITING)).order_by("priority", "applied_at", "seq")


def _allocate(pool: Pool) -> list[Loan]:
    """Offer each free item to the first who waits. Call under the pool's lock."""
    offered = []
    free = list(pool.items.filter(state=ItemState.AVAILABLE).order_by("serial"))
    for item, loan in zip(free, list(_queue(pool)[: len(free)]), strict=False):
        _offer(pool, loan, item)
        offered.append(loan)
    return offered


def _offer(pool: Pool, loan: Loan, item: Item) -> None:
    from . import timers

    config = pool_config(pool)
    now = timezone.now()
    expires = now + datetime.timedelta(days=config.offer_days)
    _item_set(item, ItemState.RESERVED, Actor.SYSTEM, reason="offered", loan=loan)
    loan_state_set(
        loan,
        LoanState.OFFERED,
        Actor.SYSTEM,
        note=item.serial,
        item=item,
        offered_at=now,
        offer_expires_at=expires,
    )
    timers.offer_deadline_set(loan)
    _tell(loan, "loan_offered", str(loan.pk))


def _release(pool: Pool, loan: Loan, reason: str) -> None:
    """The item reserved for a loan goes back to the pool, and on to the next in line."""
    if loan.item_id is not None:
        item = Item.objects.get(pk=loan.item_id)
        if item.state == ItemState.RESERVED:
            _item_set(item, ItemState.AVAILABLE, Actor.SYSTEM, reason=reason, loan=loan)
    _allocate(pool)


def _tell(loan: Loan, event: str, ref: str) -> None:
    if loan.case_id is not None:
        from digikommun.notify.services import notify_case_event

        notify_case_event(case_id=loan.case_id, event=event, ref=ref)


# --- items ----------------------------------------------------------------------------------


def item_add(*, pool_id: int, serial: str, label: str = "", user=None) -> Item:
    serial = serial.strip()
    if not serial or len(serial) > 60:
        raise LendingRefused("serial")
    with transaction.atomic():
        pool = _locked(pool_id)
        if pool.items.filter(serial=serial).exists():
            raise LendingRefused("serial_taken")
        item = Item.objects.create(
            pool=pool, serial=serial, label=label.strip()[:100], state_since=timezone.now()
        )
        ItemEvent.objects.create(
            item=item, to_state=ItemState.AVAILABLE, actor=user, reason="added"
        )
        _allocate(pool)
        return item


def item_state_change(*, item_id: int, target: str, user=None, reason: str = "") -> Item:
    """Staff send an item to repair, get it back, or retire it; a freed item is offered on."""
    with transaction.atomic():
        item = Item.objects.filter(pk=item_id).first()
        if item is None:
            raise LendingRefused("not_found")
        pool = _locked(item.pool_id)
        item = Item.objects.get(pk=item_id)
        try:
            _item_set(item, target, Actor.STAFF, user=user, reason=reason.strip())
        except workflow.TransitionRefused:
            raise LendingRefused("state") from None
        if target == ItemState.AVAILABLE:
            _allocate(pool)
        return item


# --- loans ----------------------------------------------------------------------------------


def loan_request(
    *,
    pool_key: str,
    name: str,
    borrower=None,
    case=None,
    booking=None,
    facts: dict[str, Any] | None = None,
    shared: dict[str, Any] | None = None,
    applied_at: datetime.datetime | None = None,
) -> Loan:
    """Request an item: offered at once if one is free, else a place in the queue. A case
    requests once (a repeated call returns its loan); a course booking has one open request
    at a time."""
    facts = dict(facts or {})
    name = name.strip()
    if not name:
        raise LendingRefused("name")
    with transaction.atomic():
        pool = Pool.objects.filter(key=pool_key).first()
        if pool is None:
            raise LendingRefused("not_found")
        pool = _locked(pool.pk)
        if case is not None:
            existing = Loan.objects.filter(case=case).first()
            if existing is not None:
                return existing
        if booking is not None:
            existing = Loan.objects.filter(booking=booking, state__in=sorted(OPEN)).first()
            if existing is not None:
                return existing
        pool.request_seq += 1
        pool.save(update_fields=["request_seq"])
        loan = Loan.objects.create(
            pool=pool,
            case=case,
            booking=booking,
            borrower=borrower,
            name=name[:200],
            facts=facts,
            shared=dict(shared or {}),
            state=LoanState.REQUESTED,
            applied_at=applied_at or timezone.now(),
            seq=pool.request_seq,
            priority=priority_of(pool_config(pool), facts),
        )
        LoanEvent.objects.create(loan=loan, to_state=LoanState.REQUESTED)
        _allocate(pool)
        loan.refresh_from_db()
        if loan.state == LoanState.REQUESTED:
            loan_state_set(loan, LoanState.QUEUED, Actor.SYSTEM)
        return loan


def loan_version(loan: Loan) -> str:
    """What a staff form saw of the loan: a form sent twice (a double click) finds it moved on."""
    return f"{loan.state}:{loan.extensions}"


def _act(loan_id: int, seen: str | None = None):
    """The loan and its pool, the pool locked (call inside a transaction). With `seen`, the
    loan must still be as the form saw it, else the action was done already ("done")."""
    loan = Loan.objects.filter(pk=loan_id).first()
    if loan is None:
        raise LendingRefused("not_found")
    pool = _locked(loan.pool_id)
    loan = Loan.objects.get(pk=loan_id)
    if seen is not None and seen != loan_version(loan):
        raise LendingRefused("done")
    return pool, loan


def offer_answer(
    *, loan_id: int, accept: bool, actor: str = Actor.BORROWER, user=None, seen: str | None = None
) -> Loan:
    with transaction.atomic():
        pool, loan = _act(loan_id, seen)
        if loan.state != LoanState.OFFERED:
            raise LendingRefused("state")
        if accept:
            loan_state_set(loan, LoanState.ACCEPTED, actor, user=user)
        else:
            loan_state_set(loan, LoanState.DECLINED, actor, user=user)
            _release(pool, loan, "offer declined")
        return loan


def offer_expire(*, loan_id: int, now: datetime.datetime | None = None) -> bool:
    """The offer's deadline passed unanswered: the item goes to the next in line."""
    now = now or timezone.now()
    with transaction.atomic():
        pool, loan = _act(loan_id)
        if loan.state != LoanState.OFFERED or loan.offer_expires_at > now:
            return False
        loan_state_set(loan, LoanState.EXPIRED, Actor.SYSTEM)
        _release(pool, loan, "offer expired")
        return True


def loan_withdraw(
    *, loan_id: int, actor: str = Actor.BORROWER, user=None, seen: str | None = None
) -> Loan:
    with transaction.atomic():
        pool, loan = _act(loan_id, seen)
        if loan.state == LoanState.REQUESTED or not workflow.TRANSITIONS.get(
            (loan.state, LoanState.WITHDRAWN)
        ):
            raise LendingRefused("state")
        loan_state_set(loan, LoanState.WITHDRAWN, actor, user=user)
        _release(pool, loan, "request withdrawn")
        return loan


def loans_for_booking_withdraw(*, booking_id: int) -> list[Loan]:
    """The course booking was cancelled: its request, if the item is not yet picked up, is
    withdrawn and a reserved item goes to the next in line."""
    withdrawn = []
    with transaction.atomic():
        for loan_id in Loan.objects.filter(
            booking_id=booking_id,
            state__in=sorted(WAITING | {LoanState.OFFERED, LoanState.ACCEPTED}),
        ).values_list("pk", flat=True):
            pool, loan = _act(loan_id)
            if loan.state == LoanState.REQUESTED or (loan.state, LoanState.WITHDRAWN) not in (
                workflow.TRANSITIONS
            ):
                continue
            loan_state_set(loan, LoanState.WITHDRAWN, Actor.SYSTEM, note="booking cancelled")
            _release(pool, loan, "booking cancelled")
            withdrawn.append(loan)
    return withdrawn


def loan_pick_up(*, loan_id: int, user=None, seen: str | None = None) -> Loan:
    """The borrower has the item: the loan's first period starts now."""
    from . import timers

    with transaction.atomic():
        pool, loan = _act(loan_id, seen)
        config = pool_config(pool)
        now = timezone.now()
        _checked(
            loan_state_set,
            loan,
            LoanState.PICKED_UP,
            Actor.STAFF,
            user=user,
            picked_up_at=now,
            ends_at=now + datetime.timedelta(days=config.loan_days),
        )
        _item_set(
            loan.item, ItemState.ON_LOAN, Actor.STAFF, user=user, reason="picked up", loan=loan
        )
        if "set_up" not in config.steps:
            loan_state_set(loan, LoanState.ACTIVE, Actor.SYSTEM, set_up_at=now)
        timers.period_timers_set(loan, config)
        return loan


def loan_set_up(
    *, loan_id: int, actor: str = Actor.RECEIVER, user=None, seen: str | None = None
) -> Loan:
    """The receiving party (a school) confirms the item is set up and working."""
    with transaction.atomic():
        _pool, loan = _act(loan_id, seen)
        if loan.state in (LoanState.ACTIVE, LoanState.EXTENDED) and loan.set_up_at:
            return loan  # confirmed twice: once is enough
        _checked(loan_state_set, loan, LoanState.ACTIVE, actor, user=user, set_up_at=timezone.now())
        return loan


def loan_extend(*, loan_id: int, user=None, seen: str | None = None) -> Loan:
    from . import timers

    with transaction.atomic():
        pool, loan = _act(loan_id, seen)
        config = pool_config(pool)
        if loan.ends_at is None:
            raise LendingRefused("state")
        if loan.extensions >= config.max_extensions:
            raise LendingRefused("max_extensions")
        _checked(
            loan_state_set,
            loan,
            LoanState.EXTENDED,
            Actor.STAFF,
            user=user,
            note=str(loan.extensions + 1),
            extensions=loan.extensions + 1,
            ends_at=loan.ends_at + datetime.timedelta(days=config.extension_days),
        )
        timers.period_timers_set(loan, config)
        return loan


def loan_return(*, loan_id: int, user=None, damage: str = "", seen: str | None = None) -> Loan:
    with transaction.atomic():
        _pool, loan = _act(loan_id, seen)
        if damage.strip():
            damage_report(loan_id=loan_id, user=user, description=damage)
            loan.refresh_from_db()
        _checked(
            loan_state_set,
            loan,
            LoanState.RETURNED,
            Actor.STAFF,
            user=user,
            returned_at=timezone.now(),
        )
        return loan


def loan_check(*, loan_id: int, user=None, note: str = "", seen: str | None = None) -> Loan:
    """The returned item is checked: back to the pool (and on to the next in line), or to
    repair when damage was reported."""
    with transaction.atomic():
        pool, loan = _act(loan_id, seen)
        _checked(loan_state_set, loan, LoanState.CLOSED, Actor.STAFF, user=user, note=note.strip())
        item = Item.objects.get(pk=loan.item_id)
        target = ItemState.IN_REPAIR if loan.damage else ItemState.AVAILABLE
        reason = "checked: damage reported" if loan.damage else "checked"
        _item_set(item, target, Actor.STAFF, user=user, reason=reason, loan=loan)
        _allocate(pool)
        return loan


def damage_report(*, loan_id: int, user=None, description: str) -> Loan:
    """Damage reported during a loan: kept with the loan; the check sends the item to repair.
    The same report from the same person moments after the last (the form sent twice) is
    kept once."""
    description = description.strip()
    if not description:
        raise LendingRefused("damage")
    with transaction.atomic():
        _pool, loan = _act(loan_id)
        if loan.state not in workflow.OUT and loan.state != LoanState.RETURNED:
            raise LendingRefused("state")
        last = loan.events.filter(kind="damage").order_by("-at", "-pk").first()
        if (
            last is not None
            and last.actor_id == getattr(user, "pk", None)
            and last.note == description[:4000]
            and sent_moments_ago(last.at)
        ):
            return loan
        loan.damage = (loan.damage + "\n" + description).strip()[:4000]
        loan.save(update_fields=["damage", "updated_at"])
        LoanEvent.objects.create(loan=loan, kind="damage", actor=user, note=description[:4000])
        return loan


def _checked(setter, loan: Loan, target: str, actor: str, **kwargs) -> None:
    try:
        setter(loan, target, actor, **kwargs)
    except workflow.TransitionRefused:
        raise LendingRefused("state") from None
