"""Background tasks of lending: the loan a granted decision requests, tried again after a
failure (a database error, a lock held too long) on the schedule of the case notifications
(notify.services.retry_after), so a granted case does not lose its place in the queue.

Idempotent: a case requests once (`loan_request` returns the case's loan if it has one, under
the pool's lock, and `Loan.case` is unique), so a retry never makes a second loan."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

log = logging.getLogger(__name__)


def loan_retry_enqueue(decision_id: int, attempt: int) -> bool:
    """Queue attempt number `attempt` after the wait before it; False when none is left."""
    from digikommun.notify.services import retry_after

    waits = retry_after()
    if attempt - 1 > len(waits):
        log.error(
            "no loan was requested for decision %s after %d attempts: register it by hand",
            decision_id,
            attempt - 1,
        )
        return False
    run_after = timezone.now() + waits[attempt - 2]
    request_loan_for_decision.using(run_after=run_after).enqueue(decision_id, attempt)
    return True


@task()
def request_loan_for_decision(decision_id: int, attempt: int = 1) -> str:
    from .receivers import loan_for_decision

    try:
        loan = loan_for_decision(decision_id=decision_id)
    except Exception:
        log.exception(
            "attempt %d: no loan could be requested for decision %s", attempt, decision_id
        )
        return "retry" if loan_retry_enqueue(decision_id, attempt + 1) else "failed"
    return "requested" if loan is not None else "not lent"
