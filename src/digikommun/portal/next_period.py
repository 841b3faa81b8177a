"""Applying for the next period from the last application ("apply for next month").

For a service whose applications cover a period (a month), a person can start a new
application from one they sent: a draft on the service's current version with the same
answers, the month moved on by one, and files left out. The person goes through the steps
and checks every answer before sending; nothing is sent for them.
"""

from __future__ import annotations

from digikommun.cases.models import Case
from digikommun.catalog import selectors as catalog
from digikommun.forms.months import month_start, shift

from .models import Draft
from .services import draft_start


def next_period(*, case: Case) -> str:
    """The month after the one the case covers ("YYYY-MM"), or "" when it names none."""
    definition = catalog.definition_for(case.service_version)
    if not definition.period_field:
        return ""
    start = month_start((case.answers or {}).get(definition.period_field))
    return shift(start, 1).strftime("%Y-%m") if start else ""


def draft_for_next_period(*, case: Case, applicant) -> Draft | None:
    """A new draft prefilled from the case, for the month after it; None when the service
    has no period or is no longer offered."""
    month = next_period(case=case)
    version = catalog.current_version(case.service_id)
    if not month or version is None:
        return None
    definition = catalog.definition_for(version)
    answers = case.answers or {}
    raw = {
        f.id: answers[f.id]
        for f in definition.fields()
        if f.type != "file" and f.id in answers and answers[f.id] not in (None, "")
    }
    raw[definition.period_field or ""] = month
    return draft_start(applicant=applicant, version=version, raw=raw)
