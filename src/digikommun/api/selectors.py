"""Reads through the API: cases within the caller's services, one page at a time (keyset
pagination over (submitted_at, id), oldest first, as the workbench's queues page)."""

from __future__ import annotations

import base64
import datetime
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from digikommun.cases.models import Case, Decision

PAGE_MAX = 100


class BadCursor(ValueError):
    pass


@dataclass(frozen=True)
class CaseFilter:
    service_id: str = ""
    status: str = ""
    submitted_since: datetime.datetime | None = None
    decided_since: datetime.datetime | None = None
    cursor: str = ""
    limit: int = 50


def cursor_encode(case: Case) -> str:
    raw = f"{case.submitted_at.isoformat()}|{case.pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def as_utc(value: datetime.datetime | None) -> datetime.datetime | None:
    """The moment in UTC (naive: Swedish time). PostgreSQL takes offsets up to ±15:59 only;
    ValueError for a moment that leaves the calendar (year 1 or 9999) in UTC."""
    if value is None:
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    try:
        return value.astimezone(datetime.UTC)
    except OverflowError as exc:
        raise ValueError("the moment is out of range") from exc


def cursor_decode(value: str) -> tuple[datetime.datetime, int]:
    try:
        padded = value + "=" * (-len(value) % 4)
        stamp, pk = base64.urlsafe_b64decode(padded.encode()).decode().rsplit("|", 1)
        at = datetime.datetime.fromisoformat(stamp)
        if at.tzinfo is None:
            raise ValueError(stamp)
        return at.astimezone(datetime.UTC), int(pk)
    except (ValueError, TypeError, UnicodeDecodeError, OverflowError) as exc:
        raise BadCursor(value) from exc


def _within(services: set[str] | None) -> QuerySet[Case]:
    cases = Case.objects.all()
    return cases if services is None else cases.filter(service_id__in=services)


def cases_page(*, services: set[str] | None, f: CaseFilter) -> tuple[list[Case], str | None]:
    """One page of cases and the cursor of the next (None on the last page)."""
    cases = _within(services)
    if f.service_id:
        cases = cases.filter(service_id=f.service_id)
    if f.status:
        cases = cases.filter(status=f.status)
    if f.submitted_since is not None:
        cases = cases.filter(submitted_at__gte=f.submitted_since)
    if f.decided_since is not None:
        cases = cases.filter(
            Exists(Decision.objects.filter(case=OuterRef("pk"), decided_at__gte=f.decided_since))
        )
    if f.cursor:
        at, pk = cursor_decode(f.cursor)
        cases = cases.filter(submitted_at__gte=at).exclude(submitted_at=at, pk__lte=pk)
    limit = max(1, min(f.limit, PAGE_MAX))
    rows = list(
        cases.select_related("service_version", "applicant")
        .prefetch_related("decisions")
        .order_by("submitted_at", "pk")[: limit + 1]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, cursor_encode(rows[-1]) if more and rows else None


def case_for(*, services: set[str] | None, case_id: int) -> Case | None:
    """The case when it is in one of the services (a case of another service is not found)."""
    return (
        _within(services)
        .filter(pk=case_id)
        .select_related("service_version", "applicant")
        .prefetch_related("decisions")
        .first()
    )
