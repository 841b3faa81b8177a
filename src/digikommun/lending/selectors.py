"""Reads of lending: the queue and why someone stands where they do, a pool's items and who
has them, the month's loans for the calendar, and a resident's own loans."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Item, Loan, Pool
from .schema import LendingConfig, config_from_dict
from .workflow import HOLDING, OPEN, OUT, WAITING, LoanState


def pools() -> QuerySet[Pool]:
    return Pool.objects.order_by("key")


def pool_by_key(key: str) -> Pool | None:
    return Pool.objects.filter(key=key).first()


def queue(pool: Pool) -> list[Loan]:
    return list(
        pool.loans.filter(state__in=sorted(WAITING)).order_by("priority", "applied_at", "seq")
    )


def _ahead(loan: Loan) -> QuerySet[Loan]:
    return Loan.objects.filter(pool_id=loan.pool_id, state__in=sorted(WAITING)).filter(
        Q(priority__lt=loan.priority)
        | Q(priority=loan.priority, applied_at__lt=loan.applied_at)
        | Q(priority=loan.priority, applied_at=loan.applied_at, seq__lt=loan.seq)
    )


def queue_position(loan: Loan) -> int | None:
    """1 for the first in line; None when the loan does not wait."""
    if loan.state not in WAITING:
        return None
    return _ahead(loan).count() + 1


@dataclass
class Explanation:
    """Why a loan stands at its place: the rule that applies to it, and who is before it."""

    position: int
    rule: dict[str, str] | None  # the label of the priority rule that applies, if any
    rules: list[dict[str, str]] = field(default_factory=list)  # all the pool's rules
    before_by_priority: int = 0  # ahead because an earlier rule applies to them
    before_by_date: int = 0  # same rule (or none), applied earlier
    applied_at: datetime.datetime | None = None


def queue_explanation(loan: Loan) -> Explanation | None:
    position = queue_position(loan)
    if position is None:
        return None
    config = config_from_dict(loan.pool.config)
    ahead = _ahead(loan)
    by_priority = ahead.filter(priority__lt=loan.priority).count()
    rule = config.priority[loan.priority].label if loan.priority < len(config.priority) else None
    return Explanation(
        position=position,
        rule=rule,
        rules=[p.label for p in config.priority],
        before_by_priority=by_priority,
        before_by_date=position - 1 - by_priority,
        applied_at=loan.applied_at,
    )


@dataclass
class ItemRow:
    item: Item
    loan: Loan | None  # the open loan that holds it


def pool_overview(pool: Pool) -> list[ItemRow]:
    """Each item, its state, and who has it (or for whom it is reserved)."""
    holding = {
        loan.item_id: loan
        for loan in pool.loans.filter(state__in=sorted(OPEN - WAITING), item__isnull=False)
    }
    return [ItemRow(item, holding.get(item.pk)) for item in pool.items.order_by("serial")]


def pool_counts(pool: Pool) -> dict[str, int]:
    return {
        "items": pool.items.count(),
        "available": pool.items.filter(state="available").count(),
        "out": pool.loans.filter(state__in=sorted(OUT)).count(),
        "waiting": pool.loans.filter(state__in=sorted(WAITING)).count(),
    }


def loans_open(pool: Pool) -> QuerySet[Loan]:
    return pool.loans.filter(state__in=sorted(HOLDING | {LoanState.RETURNED})).order_by(
        "ends_at", "pk"
    )


def loan_in_pool(pool: Pool, loan_id: int) -> Loan | None:
    return pool.loans.filter(pk=loan_id).select_related("item").first()


@dataclass
class Day:
    date: datetime.date | None  # None pads the first and last week
    starts: list[Loan] = field(default_factory=list)
    ends: list[Loan] = field(default_factory=list)
    today: bool = False


def month_calendar(pool: Pool, year: int, month: int) -> list[list[Day]]:
    """Weeks (Monday first) of the month, each day with the loans that start or end on it
    (started: picked up; ending: the current end of a loan out, or its return)."""
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    tz = timezone.get_current_timezone()
    lo = datetime.datetime.combine(first, datetime.time.min, tz)
    hi = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, tz)
    loans = pool.loans.filter(
        Q(picked_up_at__gte=lo, picked_up_at__lt=hi)
        | Q(ends_at__gte=lo, ends_at__lt=hi, state__in=sorted(OUT))
        | Q(returned_at__gte=lo, returned_at__lt=hi)
    ).select_related("item")
    days = {
        first + datetime.timedelta(days=n): Day(first + datetime.timedelta(days=n))
        for n in range(last.day)
    }
    for loan in loans:
        if loan.picked_up_at and lo <= loan.picked_up_at < hi:
            days[timezone.localtime(loan.picked_up_at).date()].starts.append(loan)
        end = loan.returned_at or (loan.ends_at if loan.state in OUT else None)
        if end and lo <= end < hi:
            days[timezone.localtime(end).date()].ends.append(loan)
    today = timezone.localdate()
    if today in days:
        days[today].today = True
    cells = [Day(None)] * first.weekday() + list(days.values())
    cells += [Day(None)] * (-len(cells) % 7)
    return [cells[i : i + 7] for i in range(0, len(cells), 7)]


def loans_for_person(user) -> list[Loan]:
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Loan.objects.filter(borrower=user, state__in=sorted(OPEN))
        .select_related("pool", "item")
        .order_by("created_at")
    )


def loan_for_person(user, loan_id: int) -> Loan | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Loan.objects.filter(borrower=user, pk=loan_id).select_related("pool").first()


def loan_by_setup_token(token) -> Loan | None:
    return Loan.objects.filter(setup_token=token).select_related("pool", "item").first()


def config_of(pool: Pool) -> LendingConfig:
    return config_from_dict(pool.config)
