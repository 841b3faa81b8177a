"""Reads of the audit log."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Entry


def entries_for_case(*, case_id: int) -> QuerySet[Entry]:
    """Every entry about one case, oldest first (they outlive the case itself)."""
    return Entry.objects.filter(case_id=case_id).order_by("seq")


def entries_count() -> int:
    return Entry.objects.count()
