"""What a form step does with a POST: keep every answer, then act on the button pressed.

Buttons (the `action` field): `next` (judge the step and move on), `back`, `save` (keep and
continue later), `add:<group>` and `remove:<group>:<row>` (rows of a repeating group, done on
the server so they work without JavaScript), and `remove_file:<key>`. Every action first
keeps what was typed, so nothing is lost whichever button was pressed. Uploaded files are
judged by their content; the ones refused get a message each and the others are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.utils.translation import gettext as _

from digikommun.catalog.definition import ServiceDefinition
from digikommun.files import services as file_services
from digikommun.files.uploads import skipped_for
from digikommun.forms.answers import html_id
from digikommun.forms.fields import Field
from digikommun.registers.selectors import filled_message

from . import prefill, services
from .models import Draft


@dataclass
class StepOutcome:
    # "next", "back", "saved", "sent" (the draft was sent meanwhile): where to send the person;
    # None: show the step again
    go: str | None = None
    errors: dict[str, str] = field(default_factory=dict)
    refusals: dict[str, list[str]] = field(default_factory=dict)  # file field -> messages
    focus: str | None = None  # the HTML id to put focus on when the step is shown again
    prefilled: bool = False  # answers were just looked up: the step is shown again to check


def upload_rules(f: Field) -> file_services.UploadRules:
    return file_services.UploadRules(
        kinds=f.accept, max_bytes=f.max_size_mb * file_services.MB, max_files=f.max_files
    )


def upload_limits(definition: ServiceDefinition, index: int) -> dict[str, int]:
    return {
        f.id: f.max_size_mb * file_services.MB
        for f in definition.steps[index].fields
        if f.type == "file"
    }


def _rows_action(
    f: Field, rows: list[dict[str, Any]], action: str, outcome: StepOutcome
) -> list[dict[str, Any]]:
    rows = [dict(r) for r in rows]
    if action == f"add:{f.id}" and len(rows) < f.max_items:
        rows.append({})
        first = f.fields[0]
        target = f"{f.id}.{len(rows) - 1}.{first.id}"
        outcome.focus = html_id(f"{target}.{first.kind.parts[0]}" if first.kind.parts else target)
    elif action.startswith(f"remove:{f.id}:"):
        try:
            index = int(action.rsplit(":", 1)[1])
        except ValueError:
            return rows
        if 0 <= index < len(rows):
            rows.pop(index)
            outcome.focus = f"{html_id(f.id)}-add"
    return rows


def step_post(
    *,
    request,
    draft: Draft,
    definition: ServiceDefinition,
    index: int,
) -> StepOutcome:
    post, uploads = request.POST, request.FILES
    action = post.get("action", "next")
    outcome = StepOutcome()
    step = definition.steps[index]
    updates: dict[str, Any] = services.read_step(definition, index, post)
    with transaction.atomic():
        if any(f.type == "file" for f in step.fields):
            # Posts of the same draft at once (a double click, two tabs) take turns on its
            # row: each reads the files the one before it stored, so none is dropped from the
            # draft and a field never holds more than it allows; one sent meanwhile takes none.
            services.draft_lock(draft)
            if draft.submitted_case_id:
                outcome.go = "sent"
                return outcome
        for f in step.fields:
            if f.type == "group":
                updates[f.id] = _rows_action(f, updates[f.id], action, outcome)
            if f.type != "file":
                continue
            current = [str(k) for k in (draft.raw.get(f.id) or []) if k]
            if action.startswith("remove_file:"):
                key = action.split(":", 1)[1]
                if key in current:
                    file_services.file_remove(owner=draft.applicant, key=key, draft_key=draft.key)
                    current.remove(key)
                    outcome.focus = html_id(f.id)
            received = file_services.files_receive(
                owner=draft.applicant,
                uploads=uploads.getlist(f.id),
                rules=upload_rules(f),
                already=len(current),
                too_large=skipped_for(request, f.id),
                draft_key=draft.key,
                field_id=f.id,
            )
            current += [str(s.key) for s in received.stored]
            updates[f.id] = current
            if received.refused:
                outcome.refusals[f.id] = [str(r) for r in received.refused]
        judge = action == "next" and not outcome.refusals
        if judge:
            # A key typed on this step (a registration number): look it up now, and show the
            # step again with what was found for the person to check before going on.
            found = prefill.draft_prefill(
                draft=draft, definition=definition, fields=step.fields, raw={**draft.raw, **updates}
            )
            if found:
                updates.update(found)
                judge, outcome.prefilled = False, True
        outcome.errors = services.draft_save_step(
            draft=draft,
            definition=definition,
            step_index=index,
            validate=judge,
            updates=updates,
        )
    if outcome.refusals:
        outcome.focus = None  # the error summary takes focus
        return outcome
    if outcome.prefilled:
        messages.info(request, filled_message())
        return outcome
    if action == "next" and not outcome.errors:
        outcome.go = "next"
    elif action == "back" and not outcome.errors:  # errors here: answers past the limits
        outcome.go = "back"
    elif action == "save" and not outcome.errors:
        outcome.go = "saved"
    return outcome


def saved_message() -> str:
    return _("Your answers are saved. You can continue from My pages.")
