"""Cases: lists with filters and cursors, one case, its events, decisions, letters and
attachments; a case made on a resident's behalf; a decision made elsewhere."""

from __future__ import annotations

import datetime
import uuid

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field as NinjaField
from ninja import File, Form, Query, Router, Schema, Status, UploadedFile

from digikommun.cases.models import Case, Decision
from digikommun.cases.workflow import Status as CaseStatus
from digikommun.files.selectors import files_for_case
from digikommun.files.services import storage
from digikommun.files.sniff import KINDS
from digikommun.files.uploads import skipped_for
from digikommun.letters.selectors import (
    LetterDamaged,
    letter_for_case,
    letter_pdf,
    letters_for_case,
)

from . import selectors, services
from .auth import caller_of, require
from .problems import Problem
from .schemas import (
    AttachmentOut,
    CaseIn,
    CaseOut,
    CasePage,
    DecisionIn,
    DecisionOut,
    EventOut,
    LetterOut,
    ProblemOut,
)
from .scopes import CASES_READ, CASES_WRITE, DECISIONS_WRITE

router = Router(tags=["cases"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut, 429: ProblemOut}


class CaseFilters(Schema):
    service: str = NinjaField("", max_length=80, description="Only cases of this service.")
    status: CaseStatus | None = NinjaField(None, description="Only cases in this status.")
    submitted_since: datetime.datetime | None = None
    decided_since: datetime.datetime | None = NinjaField(
        None, description="Only cases with a decision made at or after this moment."
    )
    cursor: str = NinjaField("", max_length=200, description="From the previous page.")
    limit: int = NinjaField(50, ge=1, le=selectors.PAGE_MAX)


def _in_utc(field: str, value: datetime.datetime | None) -> datetime.datetime | None:
    """A moment as UTC: any offset Python reads (up to ±23:59) is one the database can
    compare; a moment that falls outside the calendar in UTC is refused."""
    try:
        return selectors.as_utc(value)
    except ValueError:
        message = _("The moment is outside the calendar in UTC.")
        raise Problem(422, message, errors={field: message}) from None


def case_out(case: Case) -> dict:
    decision = case.decision
    return {
        "id": case.pk,
        "diary_number": case.diary_number,
        "service_id": case.service_id,
        "service_version": case.service_version.number,
        "status": case.status,
        "version": case.version,
        "language": case.language,
        "submitted_at": case.submitted_at,
        "updated_at": case.updated_at,
        "applicant_personnummer": case.applicant.personnummer if case.applicant else None,
        "answers": case.answers,
        "decision_id": decision.pk if decision else None,
    }


def decision_out(d: Decision) -> dict:
    return {
        "id": d.pk,
        "case_id": d.case_id,
        "outcome": d.outcome,
        "amount": None if d.amount is None else str(d.amount),
        "reasons": d.reasons,
        "legal_references": d.legal_references,
        "appeal": d.appeal,
        "automated": d.is_automated,
        "decided_by": d.decided_by.username if d.decided_by else None,
        "approved_by": d.approved_by.username if d.approved_by else None,
        "decided_at": d.decided_at,
        "as_of": d.as_of,
        "replaces": d.replaces_id,
    }


def _case(request: HttpRequest, case_id: int, action: str = CASES_READ) -> Case:
    services_allowed = require(request, action).services(action)
    case = selectors.case_for(services=services_allowed, case_id=case_id)
    if case is None:
        raise Http404
    request.api_case_id = case.pk  # type: ignore[attr-defined]  # for the audit log
    return case


@router.get(
    "",
    response={200: CasePage, 400: ProblemOut, **ERRORS},
    operation_id="cases_list",
    url_name="cases",
)
def cases_list(request: HttpRequest, filters: Query[CaseFilters]):
    """Cases within the token's services, oldest first, a page at a time (keyset cursor)."""
    caller = require(request, CASES_READ, filters.service or None)
    rows, next_cursor = selectors.cases_page(
        services=caller.services(CASES_READ),
        f=selectors.CaseFilter(
            service_id=filters.service,
            status=filters.status or "",
            submitted_since=_in_utc("submitted_since", filters.submitted_since),
            decided_since=_in_utc("decided_since", filters.decided_since),
            cursor=filters.cursor,
            limit=filters.limit,
        ),
    )
    return {"items": [case_out(c) for c in rows], "next_cursor": next_cursor}


@router.post(
    "",
    response={200: CaseOut, 201: CaseOut, **ERRORS},
    operation_id="case_create",
    url_name="case_create",
)
def case_create(request: HttpRequest, payload: CaseIn):
    """Make a case on a resident's behalf, with the same checks as the form (201; 200 when
    the same submission key was sent before)."""
    require(request, CASES_WRITE, payload.service_id)
    try:
        case, created = services.case_create_on_behalf(
            request=services.OnBehalf(
                service_id=payload.service_id,
                personnummer=payload.applicant.personnummer,
                given_name=payload.applicant.given_name,
                family_name=payload.applicant.family_name,
                answers=payload.answers,
                language=payload.language,
                submission_key=payload.submission_key or uuid.uuid4(),
            ),
            client_name=caller_of(request).client.name,
        )
    except LookupError:
        raise services.InputErrors(
            {"service_id": _("No service is published with this id.")}
        ) from None
    request.api_case_id = case.pk  # type: ignore[attr-defined]
    fresh = selectors.case_for(services=None, case_id=case.pk)
    assert fresh is not None
    return Status(201 if created else 200, case_out(fresh))


@router.get(
    "/{case_id}", response={200: CaseOut, **ERRORS}, operation_id="case_read", url_name="case"
)
def case_read(request: HttpRequest, case_id: int):
    """One case."""
    return case_out(_case(request, case_id))


@router.get(
    "/{case_id}/events",
    response={200: list[EventOut], **ERRORS},
    operation_id="case_events",
    url_name="case_events",
)
def case_events(request: HttpRequest, case_id: int):
    """The case's timeline, oldest first."""
    case = _case(request, case_id)
    return [{"kind": e.kind, "at": e.at, "data": e.data} for e in case.events.order_by("at", "pk")]


@router.get(
    "/{case_id}/decisions",
    response={200: list[DecisionOut], **ERRORS},
    operation_id="case_decisions",
    url_name="case_decisions",
)
def case_decisions(request: HttpRequest, case_id: int):
    """Every decision of the case, oldest first; the last is the one in force."""
    case = _case(request, case_id)
    found = case.decisions.select_related("decided_by", "approved_by").order_by("pk")
    return [decision_out(d) for d in found]


@router.post(
    "/{case_id}/decisions",
    response={201: DecisionOut, 409: ProblemOut, **ERRORS},
    operation_id="decision_record",
    url_name="decision_record",
)
def decision_record(request: HttpRequest, case_id: int, payload: DecisionIn):
    """Record a decision an official made in another system, through the case's transition
    table (409 when the case cannot be decided now), with the reasons (förvaltningslagen 32 §)."""
    case = _case(request, case_id, DECISIONS_WRITE)
    decision = services.decision_record_elsewhere(
        request=services.ElsewhereDecision(
            case_id=case.pk,
            official=payload.official,
            approved_by=payload.approved_by,
            outcome=payload.outcome,
            amount=payload.amount,
            reasons=payload.reasons,
            override_reason=payload.override_reason,
            expected_version=payload.expected_version,
        ),
        client_name=caller_of(request).client.name,
    )
    return Status(201, decision_out(decision))


@router.get(
    "/{case_id}/letters",
    response={200: list[LetterOut], **ERRORS},
    operation_id="case_letters",
    url_name="case_letters",
)
def case_letters(request: HttpRequest, case_id: int):
    """The case's letters (decision letters, PDF/A)."""
    case = _case(request, case_id)
    return [
        {
            "id": item.pk,
            "decision_id": item.decision_id,
            "language": item.language,
            "size": item.size,
            "sha256": item.sha256,
            "created_at": item.created_at,
        }
        for item in letters_for_case(case_id=case.pk)
    ]


PDF = {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}
FILES = {k.mime: {"schema": {"type": "string", "format": "binary"}} for k in KINDS.values()}


@router.get(
    "/{case_id}/letters/{letter_id}/pdf",
    response={200: None, 409: ProblemOut, **ERRORS},
    operation_id="case_letter_pdf",
    url_name="case_letter_pdf",
    openapi_extra={"responses": {"200": {"description": "The letter", "content": PDF}}},
)
def case_letter_pdf(request: HttpRequest, case_id: int, letter_id: int):
    """A letter's PDF, checked against the hash recorded when it was made."""
    case = _case(request, case_id)
    letter = letter_for_case(case_id=case.pk, letter_id=letter_id)
    if letter is None:
        raise Http404
    try:
        data = letter_pdf(letter)
    except (LetterDamaged, OSError):
        raise Problem(409, _("The stored letter is damaged; ask the municipality.")) from None
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="letter-{letter.pk}.pdf"'
    return response


@router.get(
    "/{case_id}/attachments",
    response={200: list[AttachmentOut], **ERRORS},
    operation_id="case_attachments",
    url_name="case_attachments",
)
def case_attachments(request: HttpRequest, case_id: int):
    """The files the applicant sent with the case."""
    case = _case(request, case_id)
    return list(files_for_case(case_id=case.pk))


@router.post(
    "/{case_id}/attachments",
    response={201: AttachmentOut, 409: ProblemOut, **ERRORS},
    operation_id="case_attachment_add",
    url_name="case_attachment_add",
)
def case_attachment_add(
    request: HttpRequest,
    case_id: int,
    file: File[UploadedFile] = None,  # type: ignore[assignment]
    field_id: Form[str] = "",
):
    """Add a file to a case on the applicant's behalf (multipart/form-data: `file`, and
    `field_id` naming a file field of the service, whose rules then apply). The file is
    judged by its content as the form judges uploads: its kind, size and how many the field
    holds; a refused file is a 422 naming why. 409 when the case is closed."""
    case = _case(request, case_id, CASES_WRITE)
    try:
        stored = services.attachment_add_on_behalf(
            case=case,
            upload=file,
            too_large=skipped_for(request, "file"),
            field_id=field_id,
            client_name=caller_of(request).client.name,
        )
    except services.CaseClosed:
        raise Problem(409, _("The case is closed; nothing more is added to it.")) from None
    return Status(201, stored)


@router.get(
    "/{case_id}/attachments/{key}/content",
    response={200: None, **ERRORS},
    operation_id="case_attachment_content",
    url_name="case_attachment_content",
    openapi_extra={"responses": {"200": {"description": "The file", "content": FILES}}},
)
def case_attachment_content(request: HttpRequest, case_id: int, key: uuid.UUID):
    """One attachment's content, as it was judged when it came in."""
    case = _case(request, case_id)
    stored = files_for_case(case_id=case.pk).filter(key=key).first()
    if stored is None:
        raise Http404
    try:
        handle = storage().open(stored.blob, "rb")
    except OSError:
        raise Http404 from None
    return FileResponse(
        handle, content_type=stored.content_type, as_attachment=True, filename=stored.name
    )
