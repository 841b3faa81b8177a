"""What the reconsideration and appeal services share: errors, timeline, versions, timers."""

from __future__ import annotations

import datetime

from django.db.models import F
from django.utils import timezone

from digikommun.cases.models import Case, CaseEvent, Decision
from digikommun.cases.workflow import check_transition

# How long the team has for a reconsideration. A product choice, not a legal figure: 37 §
# asks that it be done "snabbt och enkelt", and 46 § that an appeal be sent on "skyndsamt".
RECONSIDERATION_DAYS = 14
APPEAL_RECONSIDERATION_DAYS = 7
MAX_TEXT = 4000
_CLOSE_AFTER = datetime.timedelta(weeks=4)
FL_37 = "Förvaltningslagen (2017:900) 37 §"
FL_38 = "Förvaltningslagen (2017:900) 38 §"
FL_39 = "Förvaltningslagen (2017:900) 39 §"
_RANK = {Decision.Outcome.REJECTED: 0, Decision.Outcome.PARTLY: 1, Decision.Outcome.APPROVED: 2}


class Stale(Exception):
    """Someone else acted first (or the form was loaded before a change); nothing was saved."""


class NotAllowed(Exception):
    pass


class InvalidInput(ValueError):
    """`errors` maps each field at fault to a code (the views turn codes into sentences)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _text(errors: dict[str, str], field: str, value: str) -> str:
    value = (value or "").strip()
    if not value:
        errors[field] = "required"
    elif len(value) > MAX_TEXT:
        errors[field] = "too_long"
    return value


def _event(case: Case, kind: str, actor=None, **data) -> None:
    CaseEvent.objects.create(case=case, kind=kind, actor=actor, data=data)


def _case_to(case: Case, status: str, actor: str) -> None:
    check_transition(case.status, status, actor)
    case.status = status
    case.version = F("version") + 1
    case.save(update_fields=["status", "version", "updated_at"])
    case.refresh_from_db(fields=["version"])


def _bump(obj, *fields: str) -> None:
    obj.version = F("version") + 1
    obj.save(update_fields=["version", *fields])
    obj.refresh_from_db(fields=["version"])


def _deadline(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def _close_later(case: Case, *, reconsideration_id: int = 0, appeal_id: int = 0) -> None:
    """A closing timer once a reconsideration or an appeal is over (the first one may have
    fired while it was open, and left the case alone). Its subject id is negative, so it never
    meets the timers of decisions (which use the decision's id): -2n for reconsideration n,
    -(2n + 1) for appeal n."""
    subject_id = -2 * reconsideration_id if reconsideration_id else -(2 * appeal_id + 1)
    from digikommun.process.models import Timer
    from digikommun.process.services import timer_set

    timer_set(
        kind=Timer.Kind.CLOSE_AFTER_APPEAL_TIME,
        case_id=case.pk,
        subject_id=subject_id,
        due_at=timezone.now() + _CLOSE_AFTER,
    )
