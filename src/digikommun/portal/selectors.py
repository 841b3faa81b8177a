"""Reads of the resident portal: a person's drafts."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Draft


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
