"""Reads of cases for the resident's pages."""

from __future__ import annotations

from django.db.models import QuerySet

from .handling import may_handle
from .models import Case
from .reasons import paragraphs as paragraphs  # re-exported: the cases app's door
from .reasons import reasons_view as reasons_view


def cases_for_applicant(*, applicant) -> QuerySet[Case]:
    return (
        Case.objects.filter(applicant=applicant)
        .select_related("service_version")
        .prefetch_related("decisions")
        .order_by("-submitted_at")
    )


def case_for_applicant(*, applicant, case_id: int) -> Case | None:
    return (
        Case.objects.filter(applicant=applicant, pk=case_id)
        .select_related("service_version")
        .prefetch_related("decisions")
        .prefetch_related("events")
        .first()
    )


PUBLIC_PAGE = 50


def public_register_page(*, service_id: str = "", before: str = "") -> dict:
    """Newest first; `before` is the id of the last case shown (keyset pagination).

    Only what a public register may show: the diary number, the date, the service and the
    status. No applicant, no answers, no decision text.
    """
    cases = Case.objects.all()
    if service_id:
        cases = cases.filter(service_id=service_id)
    if before.isdigit():
        cases = cases.filter(pk__lt=int(before))
    rows = list(
        cases.order_by("-pk").values(
            "pk", "register", "year", "sequence", "service_id", "submitted_at", "status"
        )[: PUBLIC_PAGE + 1]
    )
    more = len(rows) > PUBLIC_PAGE
    rows = rows[:PUBLIC_PAGE]
    for row in rows:
        row["diary_number"] = f"{row['register']} {row['year']}/{row['sequence']:05d}"
    return {"rows": rows, "next": rows[-1]["pk"] if more and rows else None}


def may_read_case_files(user, case_id: int) -> bool:
    """A caseworker of the case's service may see its files (registered with files in apps.py)."""
    case = Case.objects.filter(pk=case_id).only("id", "service_id").first()
    return case is not None and may_handle(user, case)
