"""Lending's answer to what the cases and courses apps announce: a case of a service with a
`lending` section (allocate_on: granted), decided granted, requests an item from the pool; a
cancelled course booking ends the tablet request made for it."""

from __future__ import annotations

import logging

from digikommun.cases.models import Decision
from digikommun.catalog.selectors import definition_for

from . import services

log = logging.getLogger(__name__)

GRANTED = (Decision.Outcome.APPROVED, Decision.Outcome.PARTLY)


def loan_for_decision(*, decision_id: int):
    decision = Decision.objects.select_related("case__service_version", "case__applicant").get(
        pk=decision_id
    )
    case = decision.case
    config = definition_for(case.service_version).lending
    if config is None or config.allocate_on != "granted" or decision.outcome not in GRANTED:
        return None
    services.pool_ensure(config=config, service_id=case.service_id)
    facts = {**case.answers, **case.facts}
    return services.loan_request(
        pool_key=config.pool,
        name=case.applicant.display_name() if case.applicant else case.diary_number,
        borrower=case.applicant,
        case=case,
        facts=facts,
        shared={name: facts.get(name) for name in config.share},
        applied_at=case.submitted_at,
    )


def on_decision_recorded(sender, *, decision_id: int, **kwargs) -> None:
    """Tried at once (the offer is on Mina sidor with the decision); a failure does not undo
    the decision, which stands, and the request is tried again as a task (`tasks.py`)."""
    try:
        loan_for_decision(decision_id=decision_id)
    except Exception:
        log.exception("no loan could be requested for decision %s: tried again", decision_id)
        from .tasks import loan_retry_enqueue

        try:
            loan_retry_enqueue(decision_id, 2)
        except Exception:  # the queue itself is down: staff register the loan by hand
            log.exception("the retry for decision %s could not be queued", decision_id)


def on_booking_cancelled(sender, *, booking_id: int, **kwargs) -> None:
    """Inside the cancellation's transaction: the tablet request ends with the booking."""
    services.loans_for_booking_withdraw(booking_id=booking_id)
