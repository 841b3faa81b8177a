"""One grant per household and month: claim the period, or find the case that holds it.

`period_claim` is called by the automated-decision step for every case of a service with a
period field, inside the step's transaction with the case locked. It inserts one claim per
person of the household (sorted, so two workers never wait on each other in a cycle). A
claim held by another case that is granted or still open makes this case a possible repeat;
a claim held by a case that was refused (or closed without a grant) passes to this case.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from digikommun.cases.models import Case
from digikommun.cases.workflow import OPEN_STATUSES
from digikommun.catalog.definition import ServiceDefinition
from digikommun.catalog.selectors import period_start
from digikommun.identity.personnummer import InvalidPersonnummer, normalise

from .models import PeriodClaim

GRANTED = ("approved", "partly_approved")
PARTNER_FIELD = "partner_personnummer"


class _Repeat(Exception):
    def __init__(self, other: Case):
        self.other = other


def household_of(case: Case) -> list[str]:
    """The personnummer of the applicant and, when given, the partner (sorted, unique)."""
    people: set[str] = set()
    if case.applicant_id and getattr(case.applicant, "personnummer", ""):
        people.add(case.applicant.personnummer)
    partner = str((case.answers or {}).get(PARTNER_FIELD) or "").strip()
    if partner:
        try:
            people.add(normalise(partner))
        except InvalidPersonnummer:
            pass
    return sorted(people)


def holds_the_period(case: Case) -> bool:
    """Whether a case stands in the way of another for the same period: granted, or open."""
    if case.status in OPEN_STATUSES:
        return True
    decision = getattr(case, "decision", None)
    return decision is not None and decision.outcome in GRANTED


def period_claim(*, case: Case, definition: ServiceDefinition) -> Case | None:
    """Claim the case's household-month; return the other case when it is a possible repeat.

    Returns None when the service has no period, or the claim is this case's. Call inside a
    transaction; nothing is claimed for a repeat.
    """
    period = period_start(definition, case.answers or {})
    if period is None:
        return None
    try:
        with transaction.atomic():
            for personnummer in household_of(case):
                _claim_one(case, definition.id, period, personnummer)
    except _Repeat as repeat:
        return repeat.other
    return None


def _claim_one(case: Case, service_id: str, period: datetime.date, personnummer: str) -> None:
    try:
        with transaction.atomic():
            PeriodClaim.objects.create(
                service_id=service_id, period=period, personnummer=personnummer, case=case
            )
        return
    except IntegrityError:
        pass
    # Another case holds it (its transaction has committed: the insert waited for it).
    claim = (
        PeriodClaim.objects.select_for_update(of=("self",))
        .select_related("case")
        .get(service_id=service_id, period=period, personnummer=personnummer)
    )
    if claim.case_id == case.pk:
        return
    if holds_the_period(claim.case):
        raise _Repeat(claim.case)
    claim.case = case  # the other was refused: the period is free again
    claim.save(update_fields=["case"])
