"""Reads of cases for the resident's pages."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Case, Draft


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


def drafts_for_applicant(*, applicant) -> QuerySet[Draft]:
    return (
        Draft.objects.filter(applicant=applicant, submitted_case__isnull=True)
        .select_related("service_version")
        .order_by("-updated_at")
    )


def draft_for_applicant(*, applicant, key) -> Draft | None:
    return (
        Draft.objects.filter(applicant=applicant, key=key).select_related("service_version").first()
    )
