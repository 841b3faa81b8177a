"""Reads of cases for the resident's pages."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Case


def cases_for_applicant(*, applicant) -> QuerySet[Case]:
    return (
        Case.objects.filter(applicant=applicant)
        .select_related("service_version", "decision")
        .order_by("-submitted_at")
    )


def case_for_applicant(*, applicant, case_id: int) -> Case | None:
    return (
        Case.objects.filter(applicant=applicant, pk=case_id)
        .select_related("service_version", "decision")
        .prefetch_related("events")
        .first()
    )
