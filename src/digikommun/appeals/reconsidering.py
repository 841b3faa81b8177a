"""Reconsideration (omprövning, förvaltningslagen 37–39 §§): ask, start, confirm or change."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from digikommun.audit.services import audit_log
from digikommun.cases.handling import DECIDABLE, may_handle
from digikommun.cases.models import Case, CaseEvent, Decision
from digikommun.cases.workflow import Actor, Status
from digikommun.catalog.selectors import definition_for

from . import documents
from ._common import (
    _RANK,
    FL_37,
    FL_38,
    RECONSIDERATION_DAYS,
    InvalidInput,
    NotAllowed,
    Stale,
    _bump,
    _case_to,
    _close_later,
    _deadline,
    _event,
    _text,
)
from .models import Appeal, DetrimentGround, Origin, Reconsideration
from .workflow import (
    AppealStatus,
    ReconsiderationStatus,
    check_appeal,
    check_reconsideration,
)

# ── Reconsideration ──────────────────────────────────────────────────────────────────────


def _open_reconsideration(
    *, case: Case, origin: str, reason: str, user, days: int
) -> Reconsideration:
    existing = case.reconsiderations.filter(status=ReconsiderationStatus.OPEN).first()
    if existing is not None:
        return existing
    with transaction.atomic():  # a savepoint: a racing twin hits the constraint, not us
        return Reconsideration.objects.create(
            case=case,
            decision=case.decision,
            origin=origin,
            reason=reason,
            requested_by=user,
            deadline=_deadline(days),
        )


@transaction.atomic
def reconsideration_request(*, case_id: int, applicant, reason: str) -> Reconsideration:
    """The applicant asks for a person to look at an automated decision (GDPR art. 22(3)).

    Idempotent: asking again while one is open returns the open one.
    """
    case = Case.objects.select_for_update().filter(pk=case_id, applicant=applicant).first()
    if case is None:
        raise NotAllowed
    open_one = case.reconsiderations.filter(status=ReconsiderationStatus.OPEN).first()
    if open_one is not None:
        return open_one
    errors: dict[str, str] = {}
    reason = _text(errors, "reason", reason)
    decision = case.decision
    if decision is None or not decision.is_automated:
        errors["decision"] = "not_automated"
    if errors:
        raise InvalidInput(errors)
    _case_to(case, Status.RECONSIDERING, Actor.APPLICANT)
    item = _open_reconsideration(
        case=case, origin=Origin.RESIDENT, reason=reason, user=applicant, days=RECONSIDERATION_DAYS
    )
    _event(case, CaseEvent.Kind.RECONSIDERATION_REQUESTED, applicant)
    audit_log(actor=applicant, action="case.reconsideration_request", case_id=case.pk)
    return item


@transaction.atomic
def reconsideration_start(*, case_id: int, user, reason: str) -> Reconsideration:
    """A caseworker reconsiders a decision on their own initiative (37 §)."""
    case = Case.objects.select_for_update().get(pk=case_id)
    if not may_handle(user, case):
        raise NotAllowed
    open_one = case.reconsiderations.filter(status=ReconsiderationStatus.OPEN).first()
    if open_one is not None:
        return open_one
    errors: dict[str, str] = {}
    reason = _text(errors, "reason", reason)
    if errors:
        raise InvalidInput(errors)
    _case_to(case, Status.RECONSIDERING, Actor.CASEWORKER)
    item = _open_reconsideration(
        case=case, origin=Origin.CASEWORKER, reason=reason, user=user, days=RECONSIDERATION_DAYS
    )
    _event(case, CaseEvent.Kind.RECONSIDERATION_STARTED, user)
    audit_log(actor=user, action="case.reconsideration_start", case_id=case.pk, reason=reason)
    return item


def is_detriment(old: Decision, outcome: str, amount: Decimal | None) -> bool:
    """Whether the new outcome or amount is worse for the party than the old one."""
    old_rank, new_rank = _RANK.get(old.outcome, 0), _RANK.get(outcome, 0)
    if new_rank != old_rank:
        return new_rank < old_rank
    if old.amount is None:
        return False
    return amount is None or amount < old.amount


def _check_change(old: Decision, outcome: str, amount, ground: str) -> dict[str, str]:
    errors: dict[str, str] = {}
    if outcome not in DECIDABLE:
        errors["outcome"] = "choose"
        return errors
    if amount is not None and amount < 0:
        errors["amount"] = "negative"
    elif outcome == old.outcome and amount == old.amount:
        errors["outcome"] = "unchanged"
    elif is_detriment(old, outcome, amount) and ground not in DetrimentGround.values:
        errors["detriment_ground"] = "required"
    return errors


@transaction.atomic
def reconsideration_resolve(
    *,
    reconsideration_id: int,
    user,
    expected_version: int,
    change: bool,
    motivation: str,
    outcome: str = "",
    amount: Decimal | None = None,
    detriment_ground: str = "",
    as_asked: bool = False,
) -> Reconsideration:
    """Confirm the decision, or change it by a new Decision that replaces it.

    A change to the party's detriment is refused unless one of 38 §'s grounds is recorded.
    When the reconsideration was made for an appeal, the appeal then lapses (changed as
    asked) or is sent to the court (39 §: it covers the new decision).
    """
    item = Reconsideration.objects.select_for_update().get(pk=reconsideration_id)
    case = Case.objects.select_for_update().get(pk=item.case_id)
    if not may_handle(user, case):
        raise NotAllowed
    if item.version != expected_version or item.status != ReconsiderationStatus.OPEN:
        raise Stale
    errors: dict[str, str] = {}
    motivation = _text(errors, "motivation", motivation)
    old = case.decision
    if change:
        errors.update(_check_change(old, outcome, amount, detriment_ground))
    if errors:
        raise InvalidInput(errors)
    target = ReconsiderationStatus.CHANGED if change else ReconsiderationStatus.CONFIRMED
    check_reconsideration(item.status, target, Actor.CASEWORKER)
    item.status, item.resolved_by, item.resolved_at = target, user, timezone.now()
    item.motivation = motivation
    if change:
        item.new_decision = _new_decision(
            case, old, user, outcome, amount, motivation, detriment_ground
        )
        item.detriment_ground = detriment_ground if is_detriment(old, outcome, amount) else ""
        _event(case, CaseEvent.Kind.DECISION_CHANGED, user, outcome=outcome, replaces=old.pk)
    else:
        _event(case, CaseEvent.Kind.DECISION_CONFIRMED, user)
    _bump(
        item,
        "status",
        "resolved_by",
        "resolved_at",
        "motivation",
        "new_decision",
        "detriment_ground",
    )
    audit_log(
        actor=user,
        action="case.reconsideration_change" if change else "case.reconsideration_confirm",
        case_id=case.pk,
        detail={"reconsideration": item.pk, "ground": item.detriment_ground},
        reason=motivation,
    )
    appeal = Appeal.objects.select_for_update().filter(reconsideration=item).first()
    if appeal is not None:
        _appeal_after_reconsideration(appeal, case, lapsed=change and as_asked)
    elif case.status == Status.RECONSIDERING:
        _case_to(case, Status.DECIDED, Actor.CASEWORKER)
        if not change:  # a changed decision gets its closing timer from after_decision
            _close_later(case, reconsideration_id=item.pk)
    return item


def _new_decision(case, old, user, outcome, amount, motivation, ground) -> Decision:
    definition = definition_for(case.service_version)
    references = [FL_37] + ([FL_38] if ground and is_detriment(old, outcome, amount) else [])
    decision = Decision.objects.create(
        case=case,
        replaces=old,
        outcome=outcome,
        amount=amount,
        reasons={case.language: [motivation]},
        legal_references=[
            *(ref.get(case.language) or ref.get("sv", "") for ref in definition.legal_basis),
            *references,
        ],
        appeal=definition.appeal,
        decided_by=user,
        trace=old.trace,
        as_of=old.as_of,
    )
    from digikommun.cases.services import decision_announce
    from digikommun.process.services import process_after_decision

    decision_announce(decision=decision)
    transaction.on_commit(lambda: process_after_decision(decision_id=decision.pk))
    return decision


def _appeal_after_reconsideration(appeal: Appeal, case: Case, *, lapsed: bool) -> None:
    if lapsed:  # 39 §: changed as the appellant asked, the appeal has nothing left
        check_appeal(appeal.status, AppealStatus.LAPSED, Actor.SYSTEM)
        appeal.status, appeal.closed_at = AppealStatus.LAPSED, timezone.now()
        _bump(appeal, "status", "closed_at")
        _case_to(case, Status.DECIDED, Actor.CASEWORKER)
        _event(case, CaseEvent.Kind.APPEAL_LAPSED, appeal=appeal.pk)
        audit_log(
            actor=None, action="case.appeal_lapsed", case_id=case.pk, detail={"appeal": appeal.pk}
        )
        return
    # 46 §: sent on to the court with the case's documents; 39 §: it covers a new decision.
    check_appeal(appeal.status, AppealStatus.SENT_TO_COURT, Actor.SYSTEM)
    appeal.status, appeal.sent_at = AppealStatus.SENT_TO_COURT, timezone.now()
    documents.court_file_store(appeal=appeal)
    _bump(appeal, "status", "sent_at", "court_file", "court_file_sha256")
    _event(case, CaseEvent.Kind.APPEAL_SENT_TO_COURT, appeal=appeal.pk)
    audit_log(
        actor=None,
        action="case.appeal_sent_to_court",
        case_id=case.pk,
        detail={"appeal": appeal.pk, "sha256": appeal.court_file_sha256},
    )
