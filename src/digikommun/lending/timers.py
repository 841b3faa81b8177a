"""What lending asks the process clock to do at a time: end an unanswered offer, remind the
borrower before a loan's end, and mark a loan overdue when the end passes.

The timers are the process engine's (`process.models.Timer`, fired by `digikommun worker`);
the handlers are registered in apps.py. A timer is about one loan and one loan period (the
first, or an extension), so an extension sets new timers and the old ones do nothing.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from digikommun.process.models import Timer

from . import services
from .models import Loan, LoanEvent
from .schema import LendingConfig
from .workflow import OUT, Actor, LoanState

OFFER_DEADLINE = "loan_offer_deadline"
REMINDER = "loan_reminder"
OVERDUE = "loan_overdue"


def _set(kind: str, loan: Loan, subject: int, due: datetime.datetime) -> None:
    Timer.objects.get_or_create(
        kind=kind, case_id=loan.case_id or 0, subject_id=subject, defaults={"due_at": due}
    )


def offer_deadline_set(loan: Loan) -> None:
    assert loan.offer_expires_at is not None
    _set(OFFER_DEADLINE, loan, loan.pk, loan.offer_expires_at)


def period_timers_set(loan: Loan, config: LendingConfig) -> None:
    """Reminders before the end of the loan's current period, and the overdue check at it."""
    now = timezone.now()
    ends_at = loan.ends_at
    assert ends_at is not None
    for index, days in enumerate(config.reminder_days_before_end):
        due = ends_at - datetime.timedelta(days=days)
        if due > now:
            _set(REMINDER, loan, loan.pk * 1000 + loan.extensions * 10 + index, due)
    _set(OVERDUE, loan, loan.pk * 100 + loan.extensions, ends_at)


def on_offer_deadline(timer: Timer) -> str:
    return "expired" if services.offer_expire(loan_id=timer.subject_id) else "answered"


def on_reminder(timer: Timer) -> str:
    loan_id, rest = divmod(timer.subject_id, 1000)
    with transaction.atomic():
        loan = Loan.objects.select_for_update().filter(pk=loan_id).first()
        if loan is None or loan.state not in OUT or rest // 10 != loan.extensions:
            return "not needed"
        LoanEvent.objects.create(loan=loan, kind="reminder", note=f"{loan.ends_at:%Y-%m-%d}")
        if loan.case_id is not None:
            from digikommun.notify.services import notify_case_event

            notify_case_event(
                case_id=loan.case_id, event="loan_reminder", ref=str(timer.subject_id)
            )
        return "reminded"


def on_overdue(timer: Timer) -> str:
    loan_id, period = divmod(timer.subject_id, 100)
    with transaction.atomic():
        loan = Loan.objects.select_for_update().filter(pk=loan_id).first()
        if loan is None or period != loan.extensions:
            return "not needed"
        if loan.state not in (LoanState.ACTIVE, LoanState.EXTENDED, LoanState.PICKED_UP):
            return "not needed"
        if loan.ends_at is None or loan.ends_at > timezone.now():
            return "not yet"
        if loan.state == LoanState.PICKED_UP:  # never confirmed set up, and not returned
            services.loan_state_set(
                loan, LoanState.ACTIVE, Actor.SYSTEM, note="end passed before set-up"
            )
        services.loan_state_set(loan, LoanState.OVERDUE, Actor.SYSTEM)
        if loan.case_id is not None:
            from digikommun.notify.services import notify_case_event

            notify_case_event(case_id=loan.case_id, event="loan_overdue", ref=str(loan.pk))
        return "overdue"
