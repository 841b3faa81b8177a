"""Reads of reconsiderations and appeals: the team's task list, a case's history."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from digikommun.identity.models import Role
from digikommun.identity.selectors import services_for_role
from digikommun.workbench.selectors import teams_for

from .models import Appeal, Reconsideration
from .workflow import AppealStatus, ReconsiderationStatus


def _scoped(qs: QuerySet, user) -> QuerySet:
    """Those of cases the caseworker may open: in their services, and within those in no
    team's queue or in the queue of a team of theirs (as the workbench's case page)."""
    allowed = services_for_role(user, Role.CASEWORKER)
    if allowed is not None:
        qs = qs.filter(case__service_id__in=allowed)
    return qs.filter(Q(case__team__isnull=True) | Q(case__team_id__in=teams_for(user).values("pk")))


def reconsiderations_open(*, user) -> QuerySet[Reconsideration]:
    """Open reconsiderations in the services the caseworker handles, the nearest deadline first."""
    qs = Reconsideration.objects.filter(status=ReconsiderationStatus.OPEN)
    return (
        _scoped(qs, user)
        .select_related("case", "case__team", "case__applicant", "requested_by")
        .order_by("deadline", "pk")
    )


def appeals_waiting(*, user) -> QuerySet[Appeal]:
    """Appeals waiting for a caseworker: the time check, or the court's judgment to record."""
    qs = Appeal.objects.filter(status__in=[AppealStatus.RECEIVED, AppealStatus.SENT_TO_COURT])
    return (
        _scoped(qs, user)
        .select_related("case", "case__team", "case__applicant")
        .order_by("submitted_at", "pk")
    )


def reconsideration_for_caseworker(*, user, reconsideration_id: int) -> Reconsideration | None:
    qs = Reconsideration.objects.filter(pk=reconsideration_id).select_related(
        "case", "case__service_version", "case__applicant", "decision", "requested_by"
    )
    return _scoped(qs, user).first()


def appeal_for_caseworker(*, user, appeal_id: int) -> Appeal | None:
    qs = Appeal.objects.filter(pk=appeal_id).select_related(
        "case", "case__service_version", "case__applicant", "decision", "reconsideration"
    )
    return _scoped(qs, user).first()


def reconsiderations_for_case(*, case_id: int) -> list[Reconsideration]:
    return list(
        Reconsideration.objects.filter(case_id=case_id).select_related("new_decision", "decision")
    )


def appeals_for_case(*, case_id: int) -> list[Appeal]:
    return list(Appeal.objects.filter(case_id=case_id).select_related("reconsideration"))


def appeal_for_appellant(*, appellant, case_id: int, appeal_id: int) -> Appeal | None:
    return Appeal.objects.filter(pk=appeal_id, case_id=case_id, appellant=appellant).first()
