"""The holds' public door for writes: decide whether an automated decision may be recorded."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from digikommun.catalog.definition import ServiceDefinition
from digikommun.catalog.legal import delegation_refusal

from .claims import period_claim


def automation_holds(*, case, definition: ServiceDefinition) -> list[dict[str, Any]]:
    """What stops the rules from deciding this case by themselves ([] when nothing does).

    Call inside the decision step's transaction, with the case locked. Each hold is a small
    JSON-safe mapping kept in the case's recommendation for the caseworker.
    """
    holds: list[dict[str, Any]] = []
    refusal = delegation_refusal(
        definition.automation,
        # Production never decides on anything marked `example` (demo and test settings do).
        refuse_example=not settings.DIGIKOMMUN_DECIDE_ON_EXAMPLE_VALUES,
    )
    if refusal:
        holds.append({"code": f"delegation_{refusal}"})
    # One grant per household and month: a second application is never decided by the rules.
    other = period_claim(case=case, definition=definition)
    if other is not None:
        holds.append(
            {
                "code": "repeat",
                "case_id": other.pk,
                "diary_number": other.diary_number,
                "period": str((case.answers or {}).get(definition.period_field or "", "")),
            }
        )
    return holds
