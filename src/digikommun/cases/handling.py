"""What caseworkers (and applicants, answering) do with a case in review.

Every change by a person checks that the person may act on the case, goes through the
transition table, raises the case's version (a form sent with an older version is refused
with CaseChanged, so two caseworkers never overwrite each other), is written to the
timeline and to the audit log.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from digikommun.audit.services import audit_log
from digikommun.common.repeats import sent_moments_ago
from digikommun.identity.models import Role
from digikommun.identity.selectors import has_role

from . import signals
from .attention import case_mark_attention
from .models import (
    Attention,
    Case,
    CaseEvent,
    CaseMessage,
    CaseNote,
    CompletionRequest,
    Decision,
    DecisionProposal,
)
from .workflow import Actor, Status, check_transition

DECIDABLE = {Decision.Outcome.APPROVED, Decision.Outcome.REJECTED, Decision.Outcome.PARTLY}


class CaseChanged(Exception):
    """The case changed since the person loaded it; nothing was overwritten."""


class NotAllowed(Exception):
    pass


class InvalidAction(ValueError):
    """The request is not valid (a missing motivation, a wrong amount, …).

    `errors` maps each field at fault to a code; `field` and `message` are the first.
    """

    def __init__(self, field: str, message: str, *, errors: dict[str, str] | None = None):
        super().__init__(message)
        self.errors = errors or {field: message}
        self.field, self.message = next(iter(self.errors.items()))


# What one note, message, answer or reason may hold where it is stored (issue 14): far above
# any real text, and no NUL characters (PostgreSQL refuses them; nobody types them).
TEXT_MAX_CHARS = 20_000


def checked_text(field: str, text: str) -> str:
    """The text, stripped; InvalidAction(field, "too_long" | "nul") past the limits."""
    if "\x00" in text:
        raise InvalidAction(field, "nul")
    if len(text) > TEXT_MAX_CHARS:
        raise InvalidAction(field, "too_long")
    return text.strip()


def may_handle(user, case: Case) -> bool:
    """A caseworker of the case's service and, when the case is in a team's queue, a member
    of that team: teams limit what a caseworker sees and does within a service."""
    if not has_role(user, Role.CASEWORKER, service_id=case.service_id):
        return False
    return case.team_id is None or case.team.memberships.filter(user_id=user.pk).exists()


def _locked(case_id: int, user, expected_version: int | None) -> Case:
    case = Case.objects.select_for_update().get(pk=case_id)
    if not may_handle(user, case):
        raise NotAllowed
    if expected_version is not None and case.version != expected_version:
        raise CaseChanged
    return case


def _bump(case: Case, *fields: str) -> None:
    case.version = F("version") + 1
    case.save(update_fields=["version", "updated_at", *fields])
    case.refresh_from_db(fields=["version"])


def _event(case: Case, kind: str, actor=None, **data) -> None:
    CaseEvent.objects.create(case=case, kind=kind, actor=actor, data=data)


def _notify(case_id: int, event: str, ref: object = "") -> None:
    """Announce it in the same transaction as the change it tells of (notify queues the email)."""
    signals.case_notice.send(sender=Case, case_id=case_id, event=event, ref=str(ref))


@transaction.atomic
def case_assign(*, case_id: int, user, expected_version: int | None = None) -> Case:
    case = _locked(case_id, user, expected_version)
    if case.assignee_id != user.pk:
        case.assignee = user
        _bump(case, "assignee")
        _event(case, CaseEvent.Kind.ASSIGNED, user)
        audit_log(actor=user, action="case.assign", case_id=case.pk)
    return case


def case_take_next(*, user, service_ids: set[str] | None) -> Case | None:
    """Assign to the person the oldest unassigned case in review in their services, routed to
    one of their teams or to none."""
    with transaction.atomic():
        queue = Case.objects.filter(status=Status.IN_REVIEW, assignee__isnull=True)
        if service_ids is not None:
            queue = queue.filter(service_id__in=service_ids)
        # Only cases with no team, or in a team the person belongs to.
        queue = queue.filter(
            Q(team__isnull=True) | Q(team_id__in=user.team_memberships.values("team_id"))
        )
        case = queue.select_for_update(skip_locked=True).order_by("submitted_at", "pk").first()
        if case is None:
            return None
        return case_assign(case_id=case.pk, user=user)


def _repeat(rows, text: str, **who):
    last = rows.filter(**who).order_by("-at", "-pk").first()
    if last is not None and last.text == text and sent_moments_ago(last.at):
        return last
    return None


@transaction.atomic
def case_note_add(*, case_id: int, author, text: str) -> CaseNote:
    case = _locked(case_id, author, None)
    text = checked_text("note", text)
    if not text:
        raise InvalidAction("note", "empty")
    repeat = _repeat(case.notes, text.strip(), author=author)
    if repeat is not None:
        return repeat
    note = CaseNote.objects.create(case=case, author=author, text=text.strip())
    audit_log(actor=author, action="case.note", case_id=case.pk)
    return note


@transaction.atomic
def case_message_send(*, case_id: int, sender, text: str) -> CaseMessage:
    case = _locked(case_id, sender, None)
    text = checked_text("message", text)
    if not text:
        raise InvalidAction("message", "empty")
    repeat = _repeat(
        case.messages, text.strip(), sender=sender, direction=CaseMessage.Direction.TO_APPLICANT
    )
    if repeat is not None:
        return repeat
    message = CaseMessage.objects.create(
        case=case, direction=CaseMessage.Direction.TO_APPLICANT, sender=sender, text=text.strip()
    )
    _event(case, CaseEvent.Kind.MESSAGE_TO_APPLICANT, sender)
    audit_log(actor=sender, action="case.message", case_id=case.pk)
    _notify(case.pk, "message", message.pk)
    return message


@transaction.atomic
def case_message_from_applicant(*, case_id: int, applicant, text: str) -> CaseMessage:
    case = Case.objects.select_for_update().get(pk=case_id, applicant=applicant)
    text = checked_text("message", text)
    if not text:
        raise InvalidAction("message", "empty")
    repeat = _repeat(
        case.messages,
        text.strip(),
        sender=applicant,
        direction=CaseMessage.Direction.FROM_APPLICANT,
    )
    if repeat is not None:
        return repeat
    message = CaseMessage.objects.create(
        case=case,
        direction=CaseMessage.Direction.FROM_APPLICANT,
        sender=applicant,
        text=text.strip(),
    )
    _event(case, CaseEvent.Kind.MESSAGE_FROM_APPLICANT, applicant)
    case_mark_attention(case=case, reason=Attention.Reason.MESSAGE, ref=str(message.pk))
    return message


@transaction.atomic
def completion_request(
    *,
    case_id: int,
    user,
    text: str,
    days: int,
    expected_version: int,
    documents: list[dict] | None = None,
) -> CompletionRequest:
    """Ask the applicant for more; `documents` names files to upload ({"id", "label"})."""
    case = _locked(case_id, user, expected_version)
    check_transition(case.status, Status.AWAITING_COMPLETION, Actor.CASEWORKER)
    text = checked_text("text", text)
    if not text:
        raise InvalidAction("text", "empty")
    if not 1 <= days <= 365:
        raise InvalidAction("days", "range")
    deadline = _end_of_day(timezone.localdate() + datetime.timedelta(days=days))
    request = CompletionRequest.objects.create(
        case=case, asked_by=user, text=text.strip(), deadline=deadline, documents=documents or []
    )
    case.status, case.deadline = Status.AWAITING_COMPLETION, deadline
    _bump(case, "status", "deadline")
    _event(case, CaseEvent.Kind.COMPLETION_REQUESTED, user, deadline=deadline.isoformat())
    audit_log(actor=user, action="case.completion_request", case_id=case.pk)
    signals.completion_requested.send(sender=CompletionRequest, request=request)
    _notify(case.pk, "completion_requested", request.pk)
    return request


def _end_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59, 59)))


@transaction.atomic
def completion_answer(
    *, case_id: int, applicant, text: str, with_files: bool = False
) -> CompletionRequest:
    """The applicant answers an open request before its deadline; the case returns to review.

    With files (the documents the request named, see cases.completion_files) the text may
    be empty.
    """
    case = Case.objects.select_for_update().get(pk=case_id, applicant=applicant)
    request = case.completion_requests.filter(answered_at=None, expired_at=None).last()
    if request is None or case.status != Status.AWAITING_COMPLETION:
        raise InvalidAction("answer", completion_closed_reason(case))
    text = checked_text("answer", text)
    if not text and not with_files:
        raise InvalidAction("answer", "empty")
    check_transition(case.status, Status.IN_REVIEW, Actor.APPLICANT)
    request.answer, request.answered_at = text.strip(), timezone.now()
    request.save(update_fields=["answer", "answered_at"])
    case.status, case.deadline = Status.IN_REVIEW, None
    _bump(case, "status", "deadline")
    _event(case, CaseEvent.Kind.COMPLETION_ANSWERED, applicant)
    case_mark_attention(case=case, reason=Attention.Reason.COMPLETION_ANSWERED, ref=str(request.pk))
    _notify(case.pk, "completion_answered", request.pk)
    return request


def completion_closed_reason(case: Case) -> str:
    """Why no request of the case can be answered: "answered" when the latest was answered
    (by the applicant, the only one who answers: a second click of the same answer), else
    "closed"."""
    latest = case.completion_requests.last()
    return "answered" if latest is not None and latest.answered_at is not None else "closed"


def completion_expire(*, request_id: int) -> bool:
    """The deadline passed without an answer: the case goes back to the caseworker."""
    with transaction.atomic():
        request = CompletionRequest.objects.select_for_update().get(pk=request_id)
        case = Case.objects.select_for_update().get(pk=request.case_id)
        if not request.is_open or case.status != Status.AWAITING_COMPLETION:
            return False
        check_transition(case.status, Status.IN_REVIEW, Actor.SYSTEM)
        request.expired_at = timezone.now()
        request.save(update_fields=["expired_at"])
        case.status, case.deadline = Status.IN_REVIEW, None
        _bump(case, "status", "deadline")
        _event(case, CaseEvent.Kind.COMPLETION_EXPIRED)
        return True


def _check_decision(case: Case, outcome: str, amount, motivation: str, override_reason: str):
    errors = {}
    if outcome not in DECIDABLE:
        errors["outcome"] = "choose"
    if amount is not None and amount < Decimal(0):
        errors["amount"] = "negative"
    if not motivation.strip():
        errors["motivation"] = "required"
    recommended = case.recommended_outcome
    if recommended in DECIDABLE and recommended != outcome and not override_reason.strip():
        errors["override_reason"] = "required"
    for field, text in (("motivation", motivation), ("override_reason", override_reason)):
        try:
            checked_text(field, text)
        except InvalidAction as exc:
            errors[field] = exc.message
    if errors:
        raise InvalidAction("", "", errors=errors)


@transaction.atomic
def decision_make(
    *,
    case_id: int,
    user,
    outcome: str,
    amount: Decimal | None,
    motivation: str,
    override_reason: str = "",
    expected_version: int,
    four_eyes: bool,
) -> Decision | DecisionProposal:
    """Decide the case, or propose the decision for a second caseworker's approval."""
    case = _locked(case_id, user, expected_version)
    _check_decision(case, outcome, amount, motivation, override_reason)
    if four_eyes:
        check_transition(case.status, Status.AWAITING_APPROVAL, Actor.CASEWORKER)
        proposal = DecisionProposal.objects.create(
            case=case,
            proposed_by=user,
            outcome=outcome,
            amount=amount,
            motivation=motivation.strip(),
            override_reason=override_reason.strip(),
        )
        case.status = Status.AWAITING_APPROVAL
        _bump(case, "status")
        _event(case, CaseEvent.Kind.DECISION_PROPOSED, user, outcome=outcome)
        audit_log(
            actor=user, action="case.propose_decision", case_id=case.pk, reason=override_reason
        )
        return proposal
    return _decide(case, user, outcome, amount, motivation, override_reason, approved_by=None)


def _decide(
    case, decider, outcome, amount, motivation, override_reason, *, approved_by
) -> Decision:
    from digikommun.catalog.selectors import definition_for

    from .services import case_as_of

    check_transition(case.status, Status.DECIDED, Actor.CASEWORKER)
    definition = definition_for(case.service_version)
    decision = Decision.objects.create(
        case=case,
        outcome=outcome,
        amount=amount,
        reasons={case.language: [motivation.strip()]},
        legal_references=[
            ref.get(case.language) or ref.get("sv", "") for ref in definition.legal_basis
        ],
        appeal=definition.appeal,
        decided_by=decider,
        approved_by=approved_by,
        override_reason=override_reason.strip(),
        trace=(case.recommendation or {}).get("trace"),
        as_of=case_as_of(case=case, definition=definition),
    )
    case.status = Status.DECIDED
    _bump(case, "status")
    _event(case, CaseEvent.Kind.DECIDED, decider, outcome=outcome)
    audit_log(
        actor=approved_by or decider, action="case.decide", case_id=case.pk, reason=override_reason
    )
    from .services import _after_decision, decision_announce

    decision_announce(decision=decision)
    transaction.on_commit(lambda: _after_decision(decision.pk))
    return decision


@transaction.atomic
def proposal_resolve(
    *, case_id: int, proposal_id: int, user, approve: bool, reason: str = "", expected_version: int
) -> Decision | None:
    """A second caseworker approves the proposed decision, or returns it with a reason. A
    proposal that is not this case's (a form changed, or sent for another case) is refused
    as a change of the case: nothing is resolved."""
    proposal = (
        DecisionProposal.objects.select_for_update().filter(pk=proposal_id, case_id=case_id).first()
    )
    if proposal is None:
        raise CaseChanged
    case = _locked(proposal.case_id, user, expected_version)
    if proposal.resolved_at is not None or case.status != Status.AWAITING_APPROVAL:
        raise CaseChanged
    if proposal.proposed_by_id == user.pk:
        raise InvalidAction("approve", "same_person")
    proposal.resolved_by, proposal.resolved_at, proposal.approved = user, timezone.now(), approve
    if not approve:
        reason = checked_text("return_reason", reason)
        if not reason:
            raise InvalidAction("return_reason", "required")
        proposal.return_reason = reason.strip()
        proposal.save()
        check_transition(case.status, Status.IN_REVIEW, Actor.CASEWORKER)
        case.status = Status.IN_REVIEW
        _bump(case, "status")
        _event(case, CaseEvent.Kind.DECISION_RETURNED, user)
        audit_log(actor=user, action="case.return_decision", case_id=case.pk, reason=reason)
        return None
    proposal.save()
    return _decide(
        case,
        proposal.proposed_by,
        proposal.outcome,
        proposal.amount,
        proposal.motivation,
        proposal.override_reason,
        approved_by=user,
    )


def case_close(*, case_id: int) -> bool:
    """Close a decided case once the time to appeal is over (a timer calls this)."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case_id)
        if case.status != Status.DECIDED:
            return False
        check_transition(case.status, Status.CLOSED, Actor.SYSTEM)
        case.status = Status.CLOSED
        case.save(update_fields=["status", "updated_at"])
        _event(case, CaseEvent.Kind.CLOSED)
        return True
