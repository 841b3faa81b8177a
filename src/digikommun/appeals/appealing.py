"""Appeals (överklagande, förvaltningslagen 43–46 §§): lodge, check the time, reject, judge."""

from __future__ import annotations

import datetime
import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from digikommun.audit.services import audit_log
from digikommun.cases.handling import may_handle
from digikommun.cases.models import Case, CaseEvent
from digikommun.cases.workflow import Actor, Status
from digikommun.letters.deadlines import appeal_deadline

from . import documents
from ._common import (
    APPEAL_RECONSIDERATION_DAYS,
    InvalidInput,
    NotAllowed,
    Stale,
    _bump,
    _case_to,
    _close_later,
    _event,
    _text,
)
from .models import Appeal, LateException, Origin
from .reconsidering import _open_reconsideration
from .workflow import (
    APPEAL_OPEN,
    AppealStatus,
    ReconsiderationStatus,
    check_appeal,
)

# ── Appeal ───────────────────────────────────────────────────────────────────────────────


def appeal_lodge(
    *, case_id: int, appellant, change_wanted: str, grounds: str, submission_key: uuid.UUID
) -> Appeal:
    """The applicant appeals the decision in force (43 §), at any time: the time is checked
    by a caseworker (45 §). Idempotent on the form's key, and one open appeal per case.

    Files the form received under `submission_key` (files.files_receive with that draft key)
    become the case's documents.
    """
    existing = Appeal.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return _sent_again(existing, submission_key)
    try:
        with transaction.atomic():
            return _appeal_lodge(case_id, appellant, change_wanted, grounds, submission_key)
    except IntegrityError:
        again = Appeal.objects.filter(submission_key=submission_key).first() or (
            Appeal.objects.filter(case_id=case_id, status__in=APPEAL_OPEN).first()
        )
        if again is None:
            raise
        return _sent_again(again, submission_key)


def _sent_again(appeal: Appeal, submission_key: uuid.UUID) -> Appeal:
    """The form sent again (a double click): the appeal it lodged stands, with the files it
    came with; the copies the second sending stored under the same key are dropped."""
    from digikommun.files.services import files_delete_for_draft

    files_delete_for_draft(draft_key=submission_key)
    return appeal


def _appeal_lodge(case_id, appellant, change_wanted, grounds, submission_key) -> Appeal:
    case = Case.objects.select_for_update().filter(pk=case_id, applicant=appellant).first()
    if case is None:
        raise NotAllowed
    open_one = case.appeals.filter(status__in=APPEAL_OPEN).first()
    if open_one is not None:
        return open_one
    errors: dict[str, str] = {}
    change_wanted = _text(errors, "change_wanted", change_wanted)
    grounds = _text(errors, "grounds", grounds)
    if case.decision is None:
        errors["decision"] = "none"
    if errors:
        raise InvalidInput(errors)
    _case_to(case, Status.APPEALED, Actor.APPLICANT)
    appeal = Appeal.objects.create(
        case=case,
        decision=case.decision,
        appellant=appellant,
        change_wanted=change_wanted,
        grounds=grounds,
        submission_key=submission_key,
        submitted_at=timezone.now(),
    )
    from digikommun.files.selectors import files_for_draft
    from digikommun.files.services import files_attach_to_case

    keys = [str(f.key) for f in files_for_draft(draft_key=submission_key)]
    files_attach_to_case(draft_key=submission_key, case_id=case.pk, keys=keys)
    _event(case, CaseEvent.Kind.APPEAL_RECEIVED, appellant, appeal=appeal.pk, files=len(keys))
    audit_log(actor=appellant, action="case.appeal", case_id=case.pk, detail={"appeal": appeal.pk})
    return appeal


def _locked_appeal(appeal_id: int, user, expected_version: int) -> tuple[Appeal, Case]:
    appeal = Appeal.objects.select_for_update().get(pk=appeal_id)
    case = Case.objects.select_for_update().get(pk=appeal.case_id)
    if not may_handle(user, case):
        raise NotAllowed
    if appeal.version != expected_version:
        raise Stale
    return appeal, case


def timeliness(appeal: Appeal, received_on: datetime.date) -> tuple[datetime.date, bool]:
    """The last day (44 §, counted by the 1930 act) and whether the appeal came in by then."""
    last_day = appeal_deadline(received_on)
    return last_day, timezone.localdate(appeal.submitted_at) <= last_day


@transaction.atomic
def appeal_accept(
    *,
    appeal_id: int,
    user,
    expected_version: int,
    received_on: datetime.date | None,
    late_exception: str = "",
    late_note: str = "",
) -> Appeal:
    """The appeal came in on time (or a 45 § exception excuses it): reconsider it first."""
    appeal, case = _locked_appeal(appeal_id, user, expected_version)
    errors: dict[str, str] = {}
    if received_on is None:
        errors["received_on"] = "date"
    elif received_on > timezone.localdate(appeal.submitted_at):
        errors["received_on"] = "after_appeal"
    if errors:
        raise InvalidInput(errors)
    last_day, on_time = timeliness(appeal, received_on)
    if not on_time:
        if late_exception not in LateException.values:
            errors["late_exception"] = "required"
        late_note = _text(errors, "late_note", late_note)
        if errors:
            raise InvalidInput(errors)
    check_appeal(appeal.status, AppealStatus.RECONSIDERING, Actor.CASEWORKER)
    item = case.reconsiderations.filter(status=ReconsiderationStatus.OPEN).first()
    if item is None:
        item = _open_reconsideration(
            case=case,
            origin=Origin.APPEAL,
            reason=appeal.change_wanted,
            user=appeal.appellant,
            days=APPEAL_RECONSIDERATION_DAYS,
        )
    appeal.status, appeal.reconsideration = AppealStatus.RECONSIDERING, item
    appeal.received_on, appeal.last_day, appeal.on_time = received_on, last_day, on_time
    appeal.late_exception = "" if on_time else late_exception
    appeal.late_note = "" if on_time else late_note.strip()
    appeal.checked_by, appeal.checked_at = user, timezone.now()
    _bump(appeal, *_CHECK_FIELDS, "reconsideration")
    _event(case, CaseEvent.Kind.RECONSIDERATION_STARTED, user, appeal=appeal.pk)
    audit_log(
        actor=user,
        action="case.appeal_accept",
        case_id=case.pk,
        detail={"appeal": appeal.pk, "on_time": on_time, "exception": appeal.late_exception},
        reason=appeal.late_note,
    )
    return appeal


_CHECK_FIELDS = (
    "status",
    "received_on",
    "last_day",
    "on_time",
    "late_exception",
    "late_note",
    "checked_by",
    "checked_at",
)


@transaction.atomic
def appeal_reject_late(
    *,
    appeal_id: int,
    user,
    expected_version: int,
    received_on: datetime.date | None,
    reasons: str,
) -> Appeal:
    """Reject a late appeal by a decision of its own, with its own letter (45 §)."""
    appeal, case = _locked_appeal(appeal_id, user, expected_version)
    errors: dict[str, str] = {}
    reasons = _text(errors, "reasons", reasons)
    if received_on is None:
        errors["received_on"] = "date"
    elif received_on > timezone.localdate(appeal.submitted_at):
        errors["received_on"] = "after_appeal"
    elif timeliness(appeal, received_on)[1]:
        errors["received_on"] = "on_time"
    if errors:
        raise InvalidInput(errors)
    check_appeal(appeal.status, AppealStatus.REJECTED, Actor.CASEWORKER)
    appeal.received_on = received_on
    appeal.last_day, appeal.on_time = timeliness(appeal, received_on)
    appeal.status, appeal.checked_by, appeal.checked_at = (
        AppealStatus.REJECTED,
        user,
        timezone.now(),
    )
    appeal.rejection_reasons, appeal.rejected_by, appeal.rejected_at = reasons, user, timezone.now()
    appeal.closed_at = appeal.rejected_at
    documents.rejection_letter_store(appeal=appeal)
    _bump(
        appeal,
        *_CHECK_FIELDS,
        "rejection_reasons",
        "rejected_by",
        "rejected_at",
        "closed_at",
        "rejection_letter",
        "rejection_letter_sha256",
    )
    _case_to(case, Status.DECIDED, Actor.CASEWORKER)
    _close_later(case, appeal_id=appeal.pk)
    _event(case, CaseEvent.Kind.APPEAL_REJECTED, user, appeal=appeal.pk)
    audit_log(
        actor=user,
        action="case.appeal_reject_late",
        case_id=case.pk,
        detail={"appeal": appeal.pk, "last_day": appeal.last_day.isoformat()},
        reason=reasons,
    )
    from digikommun.notify.services import notify_case_event

    notify_case_event(case_id=case.pk, event="decided", ref=f"appeal-{appeal.pk}")
    return appeal


@transaction.atomic
def appeal_record_judgment(
    *,
    appeal_id: int,
    user,
    expected_version: int,
    judgment: str,
    text: str,
    judged_on: datetime.date | None,
) -> Appeal:
    """Record the court's judgment; the case is decided again and closes in time."""
    appeal, case = _locked_appeal(appeal_id, user, expected_version)
    errors: dict[str, str] = {}
    if judgment not in Appeal.Judgment.values:
        errors["judgment"] = "choose"
    text = _text(errors, "judgment_text", text)
    if judged_on is None:
        errors["judged_on"] = "date"
    elif judged_on > timezone.localdate() or (
        appeal.sent_at and judged_on < timezone.localdate(appeal.sent_at)
    ):
        errors["judged_on"] = "range"
    if errors:
        raise InvalidInput(errors)
    check_appeal(appeal.status, AppealStatus.JUDGED, Actor.CASEWORKER)
    appeal.status, appeal.judgment, appeal.judgment_text = AppealStatus.JUDGED, judgment, text
    appeal.judgment_on, appeal.closed_at = judged_on, timezone.now()
    _bump(appeal, "status", "judgment", "judgment_text", "judgment_on", "closed_at")
    _case_to(case, Status.DECIDED, Actor.CASEWORKER)
    _close_later(case, appeal_id=appeal.pk)
    _event(case, CaseEvent.Kind.COURT_JUDGMENT, user, appeal=appeal.pk, judgment=judgment)
    audit_log(
        actor=user,
        action="case.court_judgment",
        case_id=case.pk,
        detail={"appeal": appeal.pk, "judgment": judgment},
    )
    return appeal
