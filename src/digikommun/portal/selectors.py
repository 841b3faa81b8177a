"""Reads of the resident portal: a person's drafts, and how long decisions take."""

from __future__ import annotations

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import Draft

# Measured decision times are shown once this many cases have been decided (fewer would
# say more about chance than about the service).
MIN_CASES_FOR_TIMING = 5


def _unexpired() -> Q:
    return Q(expires_at__isnull=True) | Q(expires_at__gte=timezone.now())


def drafts_for_applicant(*, applicant) -> QuerySet[Draft]:
    return (
        Draft.objects.filter(applicant=applicant, submitted_case__isnull=True)
        .filter(_unexpired())
        .select_related("service_version")
        .order_by("-updated_at")
    )


def draft_for_applicant(*, applicant, key) -> Draft | None:
    return (
        Draft.objects.filter(applicant=applicant, key=key).select_related("service_version").first()
    )


def draft_is_expired(draft: Draft) -> bool:
    return draft.expires_at is not None and draft.expires_at < timezone.now()


@dataclass(frozen=True)
class DecisionTiming:
    cases: int
    median: datetime.timedelta
    automated_share: float  # 0..1


def decision_timing(*, service_id: str, days: int = 365) -> DecisionTiming | None:
    """The median time from application to decision over the last year's decided cases.

    Reads the cases app's tables (a candidate for cases.selectors once that app offers it).
    """
    from digikommun.cases.models import Decision

    since = timezone.now() - datetime.timedelta(days=days)
    rows = list(
        Decision.objects.filter(case__service_version__service_id=service_id, decided_at__gte=since)
        .order_by("-decided_at")
        .values_list("decided_at", "case__submitted_at", "decided_by_id")[:2000]
    )
    if len(rows) < MIN_CASES_FOR_TIMING:
        return None
    durations = [max(decided - submitted, datetime.timedelta(0)) for decided, submitted, _ in rows]
    automated = sum(1 for *_, by in rows if by is None)
    return DecisionTiming(
        cases=len(rows),
        median=datetime.timedelta(seconds=statistics.median(d.total_seconds() for d in durations)),
        automated_share=automated / len(rows),
    )
