"""Writes of co-signing: hold a new case for the people it names, sign, decline, expire.

A service whose definition has a `cosigning` section (digikommun.cosigning.schema) names the
people who must confirm an application (the partner in a two-adult household, both guardians
of a child). When the application is sent, `cosigning_hold` (called by cases.services for
every new case) asks each named person and holds the case in `awaiting_cosigning`: its
process does not start. When all have signed, the case goes back to `received` and its
process starts (an automated decision, or a caseworker). A decline, or no answer by the
deadline, does not end the case: it goes to a caseworker's inbox, and both the applicant and
the co-signer are told. Every answer is in the case's timeline and the audit log.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digikommun.audit.services import audit_log
from digikommun.cases.attention import case_mark_attention
from digikommun.cases.models import Attention, Case, CaseEvent
from digikommun.cases.workflow import Actor, Status, check_transition
from digikommun.catalog.facts import AnswerErrors
from digikommun.identity.models import User
from digikommun.identity.personnummer import InvalidPersonnummer, normalise

from .models import CoSignature
from .signals import cosigning_done

DEADLINE, REMINDER = "cosigning_deadline", "cosigning_reminder"


class CosignRefused(Exception):
    """The person may not sign or decline this request; `code` says why."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _pnr(value: Any) -> str | None:
    try:
        return normalise(str(value)) if value else None
    except InvalidPersonnummer:
        return None


def self_named_message() -> str:
    return _(
        "You cannot name yourself here: give the other person's personal identity number. "
        "You confirm the application yourself when you send it."
    )


def self_named_errors(*, definition, raw, step_index: int, applicant) -> dict[str, str]:
    """A step check (portal.services.STEP_CHECKS): the applicant may not name themself."""
    config = definition.cosigning
    own = getattr(applicant, "personnummer", None)
    if config is None or not own:
        return {}
    from digikommun.forms.answers import shown_raw

    on_step = {f.id for f in definition.steps[step_index].fields}
    shown = shown_raw(definition.steps, raw)
    return {
        s.field: self_named_message()
        for s in config.signers
        if s.field in on_step and _pnr(shown.get(s.field)) == own
    }


def _event(case: Case, kind: str, actor=None, **data) -> None:
    CaseEvent.objects.create(case=case, kind=kind, actor=actor, data=data)


def _notify_person(case_id: int, personnummer: str, event: str, ref: str) -> None:
    from digikommun.notify.services import notify_person

    user = User.objects.filter(personnummer=personnummer).first()
    if user is not None:
        notify_person(case_id=case_id, user_id=user.pk, event=event, ref=ref)


def cosigning_hold(*, case: Case, definition, answers: dict[str, Any]) -> bool:
    """Ask the people the application names, and hold the case until they answer.

    Called inside the submitting transaction. Returns False (start the process now) when the
    service needs no co-signing or the form named no one (a one-adult household).
    """
    config = definition.cosigning
    if config is None:
        return False
    named = [(s, _pnr(answers.get(s.field))) for s in config.signers]
    named = [(s, pnr) for s, pnr in named if pnr]
    if not named:
        return False
    own = getattr(case.applicant, "personnummer", None)
    refused = {s.field: self_named_message() for s, pnr in named if pnr == own}
    if refused:
        raise AnswerErrors(refused)
    check_transition(case.status, Status.AWAITING_COSIGNING, Actor.SYSTEM)
    now = timezone.now()
    deadline = now + datetime.timedelta(days=config.deadline_days)
    from digikommun.process.services import timer_set

    for signer, pnr in named:
        cosignature, created = CoSignature.objects.get_or_create(
            case=case,
            personnummer=pnr,
            defaults={"role": signer.role, "field_id": signer.field, "deadline": deadline},
        )
        if not created:
            continue
        timer_set(kind=DEADLINE, case_id=case.pk, subject_id=cosignature.pk, due_at=deadline)
        timer_set(
            kind=REMINDER,
            case_id=case.pk,
            subject_id=cosignature.pk,
            due_at=now + datetime.timedelta(days=config.reminder_days),
        )
        _notify_person(case.pk, pnr, "cosigning_requested", f"c{cosignature.pk}")
    case.status, case.deadline = Status.AWAITING_COSIGNING, deadline
    case.save(update_fields=["status", "deadline", "updated_at"])
    _event(case, CaseEvent.Kind.COSIGNING_REQUESTED, roles=[s.role for s, _p in named])
    audit_log(actor=None, action="cosigning.request", case_id=case.pk, detail={"n": len(named)})
    return True


def _locked(cosignature_id: int, user) -> tuple[CoSignature, Case]:
    cosignature = CoSignature.objects.select_for_update().get(pk=cosignature_id)
    case = Case.objects.select_for_update().get(pk=cosignature.case_id)
    if case.applicant_id == user.pk:
        raise CosignRefused("self")
    if not user.personnummer or user.personnummer != cosignature.personnummer:
        raise CosignRefused("not_you")
    if not cosignature.is_pending or case.status != Status.AWAITING_COSIGNING:
        raise CosignRefused("closed")
    return cosignature, case


def _start(case_id: int) -> None:
    from digikommun.process.services import process_start

    process_start(case_id=case_id)


@transaction.atomic
def cosign_sign(*, cosignature_id: int, user) -> CoSignature:
    """The named person confirms the application; the last confirmation releases the case."""
    cosignature, case = _locked(cosignature_id, user)
    cosignature.status, cosignature.signer = CoSignature.Status.SIGNED, user
    cosignature.answered_at = timezone.now()
    cosignature.save(update_fields=["status", "signer", "answered_at"])
    _event(case, CaseEvent.Kind.COSIGNED, user, role=cosignature.role)
    audit_log(actor=user, action="cosigning.sign", case_id=case.pk)
    if not case.cosignatures.exclude(status=CoSignature.Status.SIGNED).exists():
        check_transition(case.status, Status.RECEIVED, Actor.SYSTEM)
        case.status, case.deadline = Status.RECEIVED, None
        case.save(update_fields=["status", "deadline", "updated_at"])
        cosigning_done.send(sender=CoSignature, case_id=case.pk)
        transaction.on_commit(lambda: _start(case.pk))
    return cosignature


def _to_caseworker(case: Case, cosignature: CoSignature, reason: str) -> None:
    """A decline or a silence: the case goes to a caseworker, and both people are told."""
    if case.status == Status.AWAITING_COSIGNING:
        check_transition(case.status, Status.IN_REVIEW, Actor.SYSTEM)
        case.status, case.deadline = Status.IN_REVIEW, None
        case.save(update_fields=["status", "deadline", "updated_at"])
    case_mark_attention(case=case, reason=reason, ref=str(cosignature.pk))
    from digikommun.notify.services import notify_case_event

    notify_case_event(case_id=case.pk, event="cosigning_declined", ref=f"c{cosignature.pk}")
    _notify_person(case.pk, cosignature.personnummer, "cosigning_declined", f"c{cosignature.pk}")


@transaction.atomic
def cosign_decline(*, cosignature_id: int, user, reason: str = "") -> CoSignature:
    cosignature, case = _locked(cosignature_id, user)
    cosignature.status, cosignature.signer = CoSignature.Status.DECLINED, user
    cosignature.answered_at, cosignature.reason = timezone.now(), reason.strip()[:2000]
    cosignature.save(update_fields=["status", "signer", "answered_at", "reason"])
    _event(case, CaseEvent.Kind.COSIGNING_DECLINED, user, role=cosignature.role)
    audit_log(actor=user, action="cosigning.decline", case_id=case.pk)
    _to_caseworker(case, cosignature, Attention.Reason.COSIGNING_DECLINED)
    return cosignature


def cosigning_timer_deadline(timer) -> str:
    """The deadline passed: a request still unanswered expires and the case goes to a person."""
    with transaction.atomic():
        cosignature = CoSignature.objects.select_for_update().get(pk=timer.subject_id)
        case = Case.objects.select_for_update().get(pk=cosignature.case_id)
        if not cosignature.is_pending:
            return "answered"
        cosignature.status, cosignature.answered_at = CoSignature.Status.EXPIRED, timezone.now()
        cosignature.save(update_fields=["status", "answered_at"])
        _event(case, CaseEvent.Kind.COSIGNING_EXPIRED, role=cosignature.role)
        audit_log(actor=None, action="cosigning.expire", case_id=case.pk)
        _to_caseworker(case, cosignature, Attention.Reason.COSIGNING_EXPIRED)
        return "expired"


def cosigning_timer_reminder(timer) -> str:
    cosignature = CoSignature.objects.get(pk=timer.subject_id)
    if not cosignature.is_pending:
        return "not needed"
    _notify_person(
        cosignature.case_id, cosignature.personnummer, "cosigning_reminder", f"c{cosignature.pk}"
    )
    return "reminded"


def cosigner_user_ids(case_id: int) -> list[int]:
    """The accounts of the people who co-signed or were asked to: parties to the case."""
    pnrs = list(CoSignature.objects.filter(case_id=case_id).values_list("personnummer", flat=True))
    return list(User.objects.filter(personnummer__in=pnrs).values_list("pk", flat=True))
