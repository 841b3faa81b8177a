"""Writes of the resident portal: drafts, and sending a draft as an application."""

from __future__ import annotations

from django.db import transaction

from digikommun.cases import services as case_services
from digikommun.cases.models import Case
from digikommun.catalog.definition import ServiceDefinition
from digikommun.catalog.models import ServiceVersion
from digikommun.forms.fields import FieldError

from .models import Draft


def draft_start(*, applicant, version: ServiceVersion) -> Draft:
    return Draft.objects.create(applicant=applicant, service_version=version)


def draft_save_step(
    *,
    draft: Draft,
    definition: ServiceDefinition,
    step_index: int,
    data: dict[str, str],
    validate: bool = True,
) -> dict[str, str]:
    """Keep what was typed on one step and return the errors on it (empty when all is well).

    With validate=False (the person goes back a step) the text is kept and not judged yet.
    """
    step = definition.steps[step_index]
    errors: dict[str, str] = {}
    raw = dict(draft.raw)
    for field in step.fields:
        text = data.get(field.id, "")
        raw[field.id] = text
        if not validate:
            continue
        try:
            field.parse(text)
        except FieldError as exc:
            errors[field.id] = exc.message
    draft.raw = raw
    if validate and not errors:
        draft.step = max(draft.step, step_index + 1)
    draft.save(update_fields=["raw", "step", "updated_at"])
    return errors


def draft_submit(*, draft: Draft, definition: ServiceDefinition, language: str) -> Case:
    """Send a complete draft as an application. Sending it again returns the same case.

    Raises AnswerErrors when an answer is missing or wrong (the draft is kept as it is).
    """
    with transaction.atomic():
        locked = Draft.objects.select_for_update().select_related("applicant").get(pk=draft.pk)
        if locked.submitted_case_id:
            return locked.submitted_case
        case = case_services.case_create(
            version=locked.service_version,
            definition=definition,
            applicant=locked.applicant,
            raw_answers=locked.raw,
            language=language,
            submission_key=locked.key,
        )
        locked.submitted_case = case
        locked.save(update_fields=["submitted_case"])
        return case
