"""Writes of the resident portal: drafts, and sending a draft as an application."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from digikommun.cases import services as case_services
from digikommun.cases.models import Case
from digikommun.catalog.definition import ServiceDefinition
from digikommun.catalog.models import ServiceVersion
from digikommun.catalog.selectors import definition_for
from digikommun.files import services as file_services
from digikommun.forms.answers import shown_raw
from digikommun.forms.answers import validate as validate_answers
from digikommun.registers import services as register_services

from .models import Draft
from .prefill import prefilled_fields

# Checks of a step that need more than the answers (the applicant): each is called as
# check(definition=…, raw=…, step_index=…, applicant=…) and returns errors by path.
STEP_CHECKS: list[Callable[..., dict[str, str]]] = []


def draft_expiry(definition: ServiceDefinition, now: datetime.datetime | None = None):
    return (now or timezone.now()) + datetime.timedelta(days=definition.presentation.draft_days)


# "Apply" pressed twice (a double click) within this time makes one draft, not two.
START_REPEAT_WINDOW = datetime.timedelta(minutes=1)


def draft_start(*, applicant, version: ServiceVersion, raw: dict[str, Any] | None = None) -> Draft:
    """A new draft of the service version for the applicant, with `raw` answers given before
    any step (a next month's application). The same start pressed again moments later (a
    double click) gives the draft it made: untouched, unsent, with the same answers."""
    definition = definition_for(version)
    raw = raw or {}
    with transaction.atomic():
        # The person's row lock: two starts at once take turns, the second finds the first.
        get_user_model().objects.select_for_update().only("pk").get(pk=applicant.pk)
        recent = (
            Draft.objects.filter(
                applicant=applicant,
                service_version=version,
                submitted_case__isnull=True,
                step=0,
                created_at__gte=timezone.now() - START_REPEAT_WINDOW,
                expires_at__gt=timezone.now(),
            )
            .order_by("-pk")
            .first()
        )
        if recent is not None and recent.raw == raw:
            return recent
        return Draft.objects.create(
            applicant=applicant,
            service_version=version,
            raw=raw,
            expires_at=draft_expiry(definition),
        )


def read_step(definition: ServiceDefinition, step_index: int, data: Any) -> dict[str, Any]:
    """The raw answers of one step from form data (a QueryDict or a plain mapping).

    File fields are left out: their value is the list of stored files, kept by the caller.
    """
    step = definition.steps[step_index]
    return {f.id: f.kind.read(f, data, f.id) for f in step.fields if f.type != "file"}


def draft_version(draft: Draft) -> str:
    """What an autosave says it started from: the time of the draft's last change."""
    return draft.updated_at.isoformat() if draft.updated_at else ""


def draft_lock(draft: Draft) -> None:
    """Take the draft's row lock for the rest of the transaction and read it afresh."""
    Draft.objects.select_for_update().only("pk").get(pk=draft.pk)
    draft.refresh_from_db()


def draft_store(
    *,
    draft: Draft,
    definition: ServiceDefinition,
    updates: Mapping[str, Any],
    passed: int = -1,
    if_version: str | None = None,
) -> bool:
    """Merge answers into the draft under a row lock (an autosave may arrive at any time).

    With if_version (an autosave), nothing is stored when the draft has changed since that
    version: a step that was sent meanwhile (a row added, a file attached) is newer than what
    an autosave sent from the page before it. Returns whether anything was stored.
    """
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        if if_version is not None and draft_version(locked) != if_version:
            return False
        locked.raw = {**locked.raw, **updates}
        locked.step = max(locked.step, passed)
        locked.expires_at = draft_expiry(definition)
        locked.save(update_fields=["raw", "step", "updated_at", "expires_at"])
    draft.raw, draft.step, draft.expires_at = locked.raw, locked.step, locked.expires_at
    draft.updated_at = locked.updated_at
    return True


def next_shown_step(definition: ServiceDefinition, raw: Mapping[str, Any], after: int) -> int:
    """The index of the first shown step after `after`, or len(steps) for the review."""
    from digikommun.forms.answers import form_state

    shown = form_state(definition.steps, raw).steps_visible
    for index in range(after + 1, len(definition.steps)):
        if shown[index]:
            return index
    return len(definition.steps)


def draft_save_step(
    *,
    draft: Draft,
    definition: ServiceDefinition,
    step_index: int,
    data: Any = None,
    validate: bool = True,
    updates: Mapping[str, Any] | None = None,
) -> dict[str, str]:
    """Keep what was given on one step and return its errors by path (empty when all is well).

    With validate=False (going back, saving for later, an autosave) the answers are kept and
    not judged yet. A step that passes moves the draft past it and past any hidden steps.
    """
    typed = read_step(definition, step_index, data) if data is not None else {}
    refused = _refused(definition, {**typed, **(updates or {})})
    raw = {**draft.raw, **typed, **(updates or {})}
    for field_id in refused:  # keep what was stored before; never store past the limits
        raw.pop(field_id, None)
        if field_id in draft.raw:
            raw[field_id] = draft.raw[field_id]
    errors: dict[str, str] = {}
    passed = -1
    if validate and not refused:
        errors = step_errors(definition, raw, step_index)
        for check in STEP_CHECKS:
            errors.update(
                check(
                    definition=definition, raw=raw, step_index=step_index, applicant=draft.applicant
                )
            )
        if not errors:
            passed = next_shown_step(definition, raw, step_index)
    changed = {k: v for k, v in raw.items() if draft.raw.get(k) != v or k not in draft.raw}
    draft_store(draft=draft, definition=definition, updates=changed, passed=passed)
    return {**errors, **refused}


class AnswersRefused(ValueError):
    """Answers past the storage limits (portal.storelimits); the others were stored."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def _refused(definition: ServiceDefinition, updates: Mapping[str, Any]) -> dict[str, str]:
    from .storelimits import store_problems

    return store_problems({f.id: f for f in definition.fields()}, dict(updates))


def draft_autosave(
    *, draft: Draft, definition: ServiceDefinition, step_index: int, data: Any, version: str
) -> bool:
    """Keep what is being typed on a step, unless the draft changed since the page was shown."""
    typed = read_step(definition, step_index, data)
    refused = _refused(definition, typed)
    typed = {k: v for k, v in typed.items() if k not in refused}
    stored = draft_store(draft=draft, definition=definition, updates=typed, if_version=version)
    if refused and stored:
        raise AnswersRefused(refused)
    return stored


def step_errors(definition: ServiceDefinition, raw: Mapping[str, Any], index: int) -> dict:
    return validate_answers(definition.steps, raw, only_step=index)[1]


def draft_delete(*, draft: Draft) -> bool:
    """Remove an unsent draft with its files; False (and nothing removed) when it was sent
    meanwhile (`draft` is read afresh under its lock: see `submitted_case_id`)."""
    with transaction.atomic():
        try:
            draft_lock(draft)
        except Draft.DoesNotExist:
            return True  # removed meanwhile (another tab, the purge)
        if draft.submitted_case_id:
            return False
        file_services.files_delete_for_draft(draft_key=draft.key)
        register_services.lookups_forget(draft_key=draft.key)
        draft.delete()
        return True


def drafts_purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Remove unsent drafts past their expiry, with their files. Returns how many."""
    expired = Draft.objects.filter(
        submitted_case__isnull=True, expires_at__lt=now or timezone.now()
    )
    count = 0
    for draft in expired.iterator():
        with transaction.atomic():
            draft_delete(draft=draft)
        count += 1
    return count


def draft_submit(*, draft: Draft, definition: ServiceDefinition, language: str) -> Case:
    """Send a complete draft as an application. Sending it again returns the same case.

    Only the answers of shown fields are sent; files named by the answers go to the case.
    Raises AnswerErrors when an answer is missing or wrong (the draft is kept as it is).
    """
    with transaction.atomic():
        locked = (
            Draft.objects.select_for_update(of=("self",))
            .select_related("applicant")
            .get(pk=draft.pk)
        )
        if locked.submitted_case_id:
            return locked.submitted_case
        answers = shown_raw(definition.steps, locked.raw)
        case = case_services.case_create(
            version=locked.service_version,
            definition=definition,
            applicant=locked.applicant,
            raw_answers=answers,
            language=language,
            submission_key=locked.key,
        )
        file_keys = [
            k for f in definition.fields() if f.type == "file" for k in (answers.get(f.id) or [])
        ]
        file_services.files_attach_to_case(draft_key=locked.key, case_id=case.pk, keys=file_keys)
        register_services.sources_record(
            case_id=case.pk,
            draft_key=locked.key,
            prefilled=prefilled_fields(definition),
            answers=answers,
        )
        locked.submitted_case = case
        locked.save(update_fields=["submitted_case"])
        return case
