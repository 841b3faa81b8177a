"""Reads for the workbench: queues with keyset pages, and a case opened by a caseworker."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from digikommun.audit.services import audit_log
from digikommun.cases.models import Attention, Case
from digikommun.cases.workflow import OPEN_STATUSES, Status
from digikommun.identity.models import Role
from digikommun.identity.selectors import services_for_role

from .models import Team

PAGE_SIZE = 50


@dataclass(frozen=True)
class QueueFilter:
    team: str = ""
    service: str = ""
    status: str = Status.IN_REVIEW
    assignee: str = ""  # "", "me", "none"
    older_than_days: int | None = None
    deadline_before: datetime.date | None = None
    recommended: str = ""
    after: str = ""  # the keyset cursor: "<submitted_at ISO>|<id>" of the last row shown


@dataclass(frozen=True)
class QueuePage:
    cases: list[Case]
    next_cursor: str | None


def caseworker_services(user) -> set[str] | None:
    """The services a caseworker may handle (None: all of them)."""
    return services_for_role(user, Role.CASEWORKER)


def teams_for(user) -> QuerySet[Team]:
    return Team.objects.filter(memberships__user=user).order_by("slug")


INBOX = "inbox"  # the queue of cases with something unread (Inkorg), whatever their status


def scoped_cases(user) -> QuerySet[Case]:
    """The cases a caseworker's queues may list: their services, and within those their teams.

    A caseworker sees the cases routed to their teams, and cases of their services that no
    team was given (team_scope): `?team=` of another team lists nothing.
    """
    cases = Case.objects.all()
    allowed = caseworker_services(user)
    if allowed is not None:
        cases = cases.filter(service_id__in=allowed)
    return cases.filter(team_scope(user))


def _unread_case_ids():
    # Driven from the few open markers (a partial index), not from every case in the queue.
    return Attention.objects.filter(cleared_at__isnull=True).values("case_id")


def inbox_count(*, user) -> int:
    """How many cases in the caseworker's teams have something unread."""
    return scoped_cases(user).filter(pk__in=_unread_case_ids()).count()


def service_choices(*, user) -> list[tuple[str, dict[str, str]]]:
    """The services a caseworker may filter by: (id, title) from the published catalog."""
    from digikommun.catalog.selectors import current_definitions

    allowed = caseworker_services(user)
    return [
        (d.id, d.title)
        for d in sorted(current_definitions(), key=lambda d: d.id)
        if allowed is None or d.id in allowed
    ]


def _cursor(case: Case) -> str:
    return f"{case.submitted_at.isoformat()}|{case.pk}"


def _parse_cursor(value: str) -> tuple[datetime.datetime, int] | None:
    try:
        stamp, pk = value.rsplit("|", 1)
        return datetime.datetime.fromisoformat(stamp), int(pk)
    except (ValueError, TypeError):
        return None


def queue_page(*, user, f: QueueFilter) -> QueuePage:
    """One page of a queue, oldest first, continuing after the cursor (keyset pagination).

    The filter and order match the indexes on (service_id | team | assignee | status,
    submitted_at, id), so a page costs the same on the first page as deep in a million cases.
    """
    cases = scoped_cases(user)
    if f.status == INBOX:
        cases = cases.filter(pk__in=_unread_case_ids())
    elif f.status == "open":
        cases = cases.filter(status__in=OPEN_STATUSES)
    elif f.status:
        cases = cases.filter(status=f.status)
    if f.service:
        cases = cases.filter(service_id=f.service)
    if f.team:
        cases = cases.filter(team__slug=f.team)
    if f.assignee == "me":
        cases = cases.filter(assignee=user)
    elif f.assignee == "none":
        cases = cases.filter(assignee__isnull=True)
    if f.older_than_days:
        cases = cases.filter(
            submitted_at__lt=timezone.now() - datetime.timedelta(days=f.older_than_days)
        )
    if f.deadline_before:
        cases = cases.filter(deadline__date__lte=f.deadline_before)
    if f.recommended:
        cases = cases.filter(recommended_outcome=f.recommended)
    cursor = _parse_cursor(f.after) if f.after else None
    if cursor:
        stamp, pk = cursor
        cases = cases.filter(Q(submitted_at__gt=stamp) | Q(submitted_at=stamp, pk__gt=pk))
    rows = list(
        cases.select_related("assignee", "team", "applicant")
        .only(
            "id",
            "register",
            "year",
            "sequence",
            "service_id",
            "status",
            "submitted_at",
            "deadline",
            "recommended_outcome",
            "applicant__first_name",
            "applicant__last_name",
            "assignee__first_name",
            "assignee__last_name",
            "team__slug",
            "team__name",
        )
        .order_by("submitted_at", "pk")[: PAGE_SIZE + 1]
    )
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    # The unread count of the page's rows only: one small query, not a join over the queue.
    unread = dict(
        Attention.objects.filter(case_id__in=[c.pk for c in rows], cleared_at__isnull=True)
        .values("case_id")
        .annotate(n=Count("id"))
        .values_list("case_id", "n")
    )
    for case in rows:
        case.unread = unread.get(case.pk, 0)
    return QueuePage(rows, _cursor(rows[-1]) if more and rows else None)


def team_scope(user) -> Q:
    """Cases in no team's queue, or in a queue of a team the person belongs to: `?team=` of
    another team lists nothing and its cases do not open."""
    return Q(team__isnull=True) | Q(team_id__in=teams_for(user).values("pk"))


def case_for_caseworker(*, user, case_id: int) -> Case | None:
    """The case, if the person may handle it (no audit entry: for actions that log their own)."""
    case = (
        Case.objects.select_related("service_version", "applicant", "assignee", "team")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        return None
    allowed = caseworker_services(user)
    if allowed is not None and case.service_id not in allowed:
        return None
    if case.team_id is not None and not teams_for(user).filter(pk=case.team_id).exists():
        return None
    return case


def case_open_for_caseworker(*, user, case_id: int) -> Case | None:
    """The case, if the person may handle it; the reading is written to the audit log."""
    case = case_for_caseworker(user=user, case_id=case_id)
    if case is not None:
        audit_log(actor=user, action="case.read", case_id=case.pk)
    return case
