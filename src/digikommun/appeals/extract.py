"""The register extract (GDPR art. 15): the person's requests for review and appeals."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from .models import Appeal, Reconsideration


def _when(value) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def collect(user) -> dict[str, Any]:
    return {
        "reconsiderations": [
            {
                "case_number": r.case.diary_number,
                "asked_at": _when(r.requested_at),
                "reason": r.reason,
                "status": r.status,
                "resolved_at": _when(r.resolved_at),
            }
            for r in Reconsideration.objects.filter(requested_by=user).select_related("case")
        ],
        "appeals": [
            {
                "case_number": a.case.diary_number,
                "submitted_at": _when(a.submitted_at),
                "change_wanted": a.change_wanted,
                "grounds": a.grounds,
                "status": a.status,
                "judgment": a.judgment,
            }
            for a in Appeal.objects.filter(appellant=user).select_related("case")
        ],
    }
