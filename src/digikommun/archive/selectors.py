"""Which closed cases are due to leave the live database today, and how.

A case is due when it is closed, its appeal time is over, no appeal or reconsideration of
it is pending, and its service's retention rule (catalog.retention) has run its years from
the named event. The rule of the service's current definition applies: an archive plan that
changes applies to the records already kept. A rule past its `until` (the last day its legal
basis is known to hold) is not applied: its cases are held back (`cases_held`) until a person
has checked the rule and moved the date. For `counted_from: last_entry` the person's
file (personakt) is every case of the same person and service: it leaves as a whole, and
not while any case of it is still open or under appeal.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Max, Q
from django.utils import timezone

from digikommun.appeals.models import Appeal, Reconsideration
from digikommun.appeals.workflow import APPEAL_OPEN, ReconsiderationStatus
from digikommun.cases.models import Case, CaseEvent
from digikommun.cases.workflow import Status
from digikommun.catalog.definition import ServiceDefinition
from digikommun.catalog.retention import Retention
from digikommun.catalog.selectors import current_version, definition_for
from digikommun.letters.deadlines import appeal_deadline

from .models import Removal


@dataclass(frozen=True)
class Due:
    case_id: int
    diary_number: str
    service_id: str
    action: str  # "deliver" or "thin"
    spared: bool  # a thinning rule's research sample: delivered instead
    rule: str


def born_on_day(personnummer: str) -> int | None:
    """The day of the month a person was born, from a personnummer (YYYYMMDDNNNN) or a
    samordningsnummer (day + 60)."""
    digits = "".join(c for c in personnummer if c.isdigit())
    if len(digits) not in (10, 12):
        return None
    day = int(digits[-6:-4])
    day = day - 60 if day > 60 else day
    return day if 1 <= day <= 31 else None


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def _retention(service_id: str, cache: dict[str, ServiceDefinition | None]) -> Retention | None:
    if service_id not in cache:
        version = current_version(service_id)
        cache[service_id] = definition_for(version) if version is not None else None
    definition = cache[service_id]
    return definition.retention if definition is not None else None


def _blocked(case_ids: Iterable[int]) -> set[int]:
    """Cases with an appeal or a reconsideration pending."""
    ids = list(case_ids)
    blocked = set(
        Appeal.objects.filter(case_id__in=ids, status__in=APPEAL_OPEN).values_list(
            "case_id", flat=True
        )
    )
    blocked |= set(
        Reconsideration.objects.filter(
            case_id__in=ids, status=ReconsiderationStatus.OPEN
        ).values_list("case_id", flat=True)
    )
    return blocked


def _appeal_time_over(case: Case, today: datetime.date) -> bool:
    decision = case.decision
    if decision is None:  # closed without a decision (a fault report): nothing to appeal
        return True
    return appeal_deadline(timezone.localdate(decision.decided_at)) < today


def cases_due(*, today: datetime.date, action: str | None = None) -> list[Due]:
    """The cases due today, in diary order; `action` narrows to "deliver" or "thin"."""
    due, _held = cases_due_and_held(today=today)
    return [d for d in due if action is None or d.action == action]


def cases_held(*, today: datetime.date) -> list[Due]:
    """The cases that would be due today but for their rule being past its `until`."""
    return cases_due_and_held(today=today)[1]


def cases_due_and_held(*, today: datetime.date) -> tuple[list[Due], list[Due]]:
    """In one walk over the closed cases: those due today, and those held back because
    their rule is past its `until`; each in diary order."""
    cache: dict[str, ServiceDefinition | None] = {}
    closed = list(
        Case.objects.filter(status=Status.CLOSED)
        .select_related("applicant")
        .prefetch_related("decisions")
        .annotate(
            closed_at=Max("events__at", filter=Q(events__kind=CaseEvent.Kind.CLOSED)),
            last_at=Max("events__at"),
        )
        .order_by("register", "year", "sequence")
    )
    gone = set(Removal.objects.values_list("diary_number", flat=True))
    blocked = _blocked(c.pk for c in closed)
    # The person's file: every case of the same person and service, open ones too.
    files: dict[tuple[int, str], list[int]] = defaultdict(list)
    for pk, applicant, service in Case.objects.filter(applicant__isnull=False).values_list(
        "pk", "applicant_id", "service_id"
    ):
        files[(applicant, service)].append(pk)
    by_id = {c.pk: c for c in closed}
    due: list[Due] = []
    held: list[Due] = []
    for case in closed:
        retention = _retention(case.service_id, cache)
        if retention is None or case.diary_number in gone or case.pk in blocked:
            continue
        if not _appeal_time_over(case, today):
            continue
        start = _start(case, retention, files, by_id, blocked, today)
        if start is None or add_years(start, retention.years) > today:
            continue
        day = born_on_day(case.applicant.personnummer or "") if case.applicant else None
        spared = retention.action == "thin" and day in retention.spare_born_on
        kind = "deliver" if retention.action == "keep" or spared else "thin"
        item = Due(case.pk, case.diary_number, case.service_id, kind, spared, retention.describe())
        (due if retention.holds_on(today) else held).append(item)
    return due, held


def _start(case, retention, files, by_id, blocked, today) -> datetime.date | None:
    """The day the retention years are counted from, or None while the file is live."""
    if retention.counted_from == "decided":
        decision = case.decision
        return timezone.localdate(
            decision.decided_at if decision else case.closed_at or case.updated_at
        )
    if retention.counted_from == "closed" or case.applicant_id is None:
        return timezone.localdate(case.closed_at or case.updated_at)
    last: datetime.datetime | None = None
    for pk in files[(case.applicant_id, case.service_id)]:
        other = by_id.get(pk)
        if other is None or pk in blocked:  # a case of the file still open or under appeal
            return None
        at = other.last_at or other.updated_at
        last = at if last is None or at > last else last
    return timezone.localdate(last) if last else None
