"""Writes through the API: clients, cases made on a resident's behalf, decisions made
elsewhere. Each goes through the same services as the pages do (cases, forms, workflow)."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from oauth2_provider.models import get_application_model

from digikommun.audit.services import audit_log
from digikommun.cases import handling
from digikommun.cases.models import Case, Decision, DecisionProposal
from digikommun.cases.services import AnswerErrors, SubmittedBefore, case_create
from digikommun.cases.workflow import Status as CaseStatus
from digikommun.catalog.selectors import current_version, definition_for
from digikommun.files.models import StoredFile
from digikommun.files.selectors import files_for_case
from digikommun.files.services import UploadRules, files_receive
from digikommun.forms.answers import shown_raw
from digikommun.identity.models import Role
from digikommun.identity.personnummer import InvalidPersonnummer, normalise
from digikommun.identity.selectors import has_role
from digikommun.identity.services import resident_for
from digikommun.portal.services import STEP_CHECKS
from digikommun.portal.steps import upload_rules

from . import scopes as api_scopes
from .models import ApiClient


class InputErrors(Exception):
    """Input that is wrong, by field path -> message (answered with 422)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class ClientExists(ValueError):
    pass


@transaction.atomic
def api_client_create(
    *, name: str, scopes: list[str], per_minute: int | None = None
) -> tuple[ApiClient, str, str]:
    """A new client with its scopes; returns it, its client id and its secret (shown once:
    only the secret's hash is kept)."""
    name = name.strip()
    if not name:
        raise ValueError("a client needs a name")
    checked = api_scopes.normalise(scopes)  # raises BadScope
    if not checked:
        raise api_scopes.BadScope("a client needs at least one scope")
    if ApiClient.objects.filter(name=name).exists():
        raise ClientExists(name)
    Application = get_application_model()
    secret = secrets.token_urlsafe(40)
    application = Application.objects.create(
        name=f"api:{name}",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,
        hash_client_secret=True,
    )
    client = ApiClient.objects.create(
        name=name, application=application, scopes=checked, per_minute=per_minute
    )
    audit_log(actor=None, action="api.client_create", detail={"client": name, "scopes": checked})
    return client, application.client_id, secret


def api_client_revoke(*, name: str) -> bool:
    from django.utils import timezone
    from oauth2_provider.models import get_access_token_model

    with transaction.atomic():
        client = ApiClient.objects.select_for_update().filter(name=name, revoked_at=None).first()
        if client is None:
            return False
        client.revoked_at = timezone.now()
        client.save(update_fields=["revoked_at"])
        get_access_token_model().objects.filter(application_id=client.application_id).delete()
        audit_log(actor=None, action="api.client_revoke", detail={"client": name})
        return True


class CaseClosed(Exception):
    """The case is closed: nothing more is added to it (answered with 409)."""


# A file sent with no form field named is judged by the upload defaults (PDF, JPEG or PNG,
# at most 10 MB), and a case holds at most this many of them.
UNNAMED_FILES_MAX = 20


def attachment_add_on_behalf(
    *, case: Case, upload, too_large: list[str], field_id: str, client_name: str
) -> StoredFile:
    """Store a file on a resident's case, judged as the form judges the same field's files
    (kind by content, size, how many); `field_id` names a file field of the case's service,
    or is empty for a document that belongs to none. The file is the applicant's. Raises
    InputErrors with the reason a file is refused, CaseClosed."""
    definition = definition_for(case.service_version)
    fields = {f.id: f for f in definition.fields() if f.type == "file"}
    if field_id and field_id not in fields:
        raise InputErrors({"field_id": _("This case's service has no file field with this id.")})
    rules = upload_rules(fields[field_id]) if field_id else UploadRules(max_files=UNNAMED_FILES_MAX)
    if upload is None and not too_large:
        raise InputErrors({"file": _("Attach a file.")})
    with transaction.atomic():
        # The case's row lock: posts at once for the same case take turns, so the count of
        # files already in the field is still true when the new one is stored.
        locked = Case.objects.select_for_update().only("status").get(pk=case.pk)
        if locked.status == CaseStatus.CLOSED:
            raise CaseClosed(case.pk)
        already = files_for_case(case_id=case.pk).filter(field_id=field_id).count()
        received = files_receive(
            owner=case.applicant,
            uploads=[upload] if upload is not None else [],
            rules=rules,
            already=already,
            too_large=too_large,
            field_id=field_id,
            case_id=case.pk,
        )
        if received.refused:
            raise InputErrors({"file": str(received.refused[0])})
        [stored] = received.stored
        audit_log(
            actor=None,
            label=f"api:{client_name}",
            action="case.attachment_add_on_behalf",
            case_id=case.pk,
            detail={"client": client_name, "file": str(stored.key), "field": field_id},
        )
    return stored


@dataclass(frozen=True)
class OnBehalf:
    service_id: str
    personnummer: str
    given_name: str
    family_name: str
    answers: dict[str, Any]
    language: str
    submission_key: uuid.UUID


def _made_before(existing: Case, request: OnBehalf, pnr: str) -> Case:
    """The case this submission key made before: the same application, or refused."""
    if existing.service_id != request.service_id or (
        existing.applicant is None or existing.applicant.personnummer != pnr
    ):
        raise InputErrors({"submission_key": _("This key was used for another application.")})
    return existing


def case_create_on_behalf(*, request: OnBehalf, client_name: str) -> tuple[Case, bool]:
    """A case made for a resident by counter staff or a partner system, with the same checks
    as the form's; returns the case and whether it is new (the same submission key again
    returns the case it made). Raises InputErrors, LookupError for an unknown service."""
    version = current_version(request.service_id)
    if version is None:
        raise LookupError(request.service_id)
    definition = definition_for(version)
    if definition.fault_reporting is not None:
        raise InputErrors(
            {"service_id": _("Reports of this service are made through the Open311 API.")}
        )
    try:
        pnr = normalise(request.personnummer)
    except InvalidPersonnummer:
        raise InputErrors(
            {"applicant.personnummer": _("Enter a valid personal identity number.")}
        ) from None
    existing = Case.objects.filter(submission_key=request.submission_key).first()
    if existing is not None:
        return _made_before(existing, request, pnr), False
    answers = shown_raw(definition.steps, request.answers)
    repeat: Case | None = None
    with transaction.atomic():
        applicant = resident_for(
            personnummer=pnr, first_name=request.given_name, last_name=request.family_name
        )
        errors: dict[str, str] = {}
        for index in range(len(definition.steps)):
            for check in STEP_CHECKS:
                errors.update(
                    check(definition=definition, raw=answers, step_index=index, applicant=applicant)
                )
        try:
            case = case_create(
                version=version,
                definition=definition,
                applicant=applicant,
                raw_answers=answers,
                language=request.language,
                submission_key=request.submission_key,
                repeat_raises=True,
            )
        except SubmittedBefore as exc:  # the same key sent at the same moment, by another call
            transaction.set_rollback(True)
            repeat = exc.case
        except AnswerErrors as exc:
            errors = {**exc.errors, **errors}
        if repeat is None:
            if errors:
                transaction.set_rollback(True)
                raise InputErrors({f"answers.{k}": str(v) for k, v in errors.items()})
            audit_log(
                actor=None,
                label=f"api:{client_name}",
                action="case.create_on_behalf",
                case_id=case.pk,
                detail={"client": client_name},
            )
    if repeat is not None:
        return _made_before(repeat, request, pnr), False
    return case, True


@dataclass(frozen=True)
class ElsewhereDecision:
    case_id: int
    official: str  # the username of the official who decided
    approved_by: str  # the second official, where the service requires four eyes
    outcome: str
    amount: Decimal | None
    reasons: str
    override_reason: str
    expected_version: int | None


def _official(username: str, field: str, service_id: str):
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None or not has_role(user, Role.CASEWORKER, service_id=service_id):
        raise InputErrors({field: _("No official of this service has that user name.")})
    return user


def decision_record_elsewhere(*, request: ElsewhereDecision, client_name: str) -> Decision:
    """Record a decision an official made in another system, through the cases transition
    table as the workbench's decisions go. The reasons are required (förvaltningslagen
    32 §). Raises InputErrors, handling.CaseChanged, workflow.TransitionRefused."""
    case = Case.objects.filter(pk=request.case_id).first()
    if case is None:
        raise LookupError(request.case_id)
    four_eyes = bool(getattr(definition_for(case.service_version).process, "four_eyes", False))
    errors = {}
    if not request.reasons.strip():
        errors["reasons"] = _("Give the reasons for the decision (förvaltningslagen 32 §).")
    if four_eyes and not request.approved_by:
        errors["approved_by"] = _("This service's decisions are approved by a second official.")
    if errors:
        raise InputErrors(errors)
    official = _official(request.official, "official", case.service_id)
    approver = _official(request.approved_by, "approved_by", case.service_id) if four_eyes else None
    if approver is not None and approver.pk == official.pk:
        raise InputErrors({"approved_by": _("A second official approves, not the same one.")})
    try:
        with transaction.atomic():
            made: Decision | DecisionProposal | None = handling.decision_make(
                case_id=case.pk,
                user=official,
                outcome=request.outcome,
                amount=request.amount,
                motivation=request.reasons,
                override_reason=request.override_reason,
                expected_version=request.expected_version,  # type: ignore[arg-type]
                four_eyes=four_eyes,
            )
            if approver is not None and made is not None:
                case.refresh_from_db(fields=["version"])
                made = handling.proposal_resolve(
                    case_id=case.pk,
                    proposal_id=made.pk,
                    user=approver,
                    approve=True,
                    expected_version=case.version,
                )
            assert isinstance(made, Decision)
            audit_log(
                actor=None,
                label=f"api:{client_name}",
                action="case.decision_recorded",
                case_id=case.pk,
                detail={"client": client_name, "official": request.official},
            )
            return made
    except handling.NotAllowed:
        raise InputErrors(
            {"official": _("That official may not decide cases in this case's queue.")}
        ) from None
    except handling.InvalidAction as exc:
        names = {"motivation": "reasons"}
        raise InputErrors(
            {names.get(k, k): _invalid_text(v) for k, v in exc.errors.items()}
        ) from None


def _invalid_text(code: str) -> str:
    return {
        "choose": _("Choose an outcome."),
        "negative": _("The amount cannot be negative."),
        "required": _("This is required."),
        "too_long": _("The text is too long."),
        "nul": _("The text holds a character that is not allowed."),
        "same_person": _("A second official approves, not the same one."),
    }.get(code, code)
