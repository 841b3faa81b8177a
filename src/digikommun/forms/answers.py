"""A whole form's answers: which steps and fields are shown, and what is wrong.

Conditions are evaluated in the order of the form: a field's condition sees the answers of
the fields before it that are shown; a hidden field counts as unanswered. Hidden fields are
not validated, their answers are not kept when the application is sent, and the facts they
would have given are null.

Errors are keyed by path: `income`, `home.postcode` (a part of a composite field),
`children.1.birth_date` (a field in the second row of a repeating group). The input a path
names has the HTML id `f-` + the path with dots as dashes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import ngettext

from .fields import Field, FieldError

if TYPE_CHECKING:
    from .schema import Step


def html_id(path: str) -> str:
    return "f-" + path.replace(".", "-")


@dataclass(frozen=True)
class FormState:
    steps_visible: tuple[bool, ...]
    visible: dict[str, bool]  # top-level field id -> shown
    context: dict[str, Any]  # raw answers of the shown fields; hidden ones are None

    def lookup(self, name: str) -> Any:
        return self.context.get(name)


def form_state(steps: Sequence[Step], raw: Mapping[str, Any]) -> FormState:
    context: dict[str, Any] = {}
    visible: dict[str, bool] = {}
    shown_steps: list[bool] = []
    for step in steps:
        step_shown = step.show_if is None or step.show_if.evaluate(context.get)
        shown_steps.append(step_shown)
        for f in step.fields:
            shown = step_shown and (f.show_if is None or f.show_if.evaluate(context.get))
            visible[f.id] = shown
            context[f.id] = raw.get(f.id) if shown else None
    return FormState(tuple(shown_steps), visible, context)


def row_lookup(row_context: dict[str, Any], outer: Callable[[str], Any]) -> Callable[[str], Any]:
    return lambda name: row_context[name] if name in row_context else outer(name)


def row_visibility(group: Field, row: Mapping[str, Any], outer: Callable[[str], Any]) -> dict:
    """Which sub-fields of one row are shown (their conditions see the row, then the form)."""
    seen: dict[str, Any] = {}
    shown: dict[str, bool] = {}
    lookup = row_lookup(seen, outer)
    for sub in group.fields:
        shown[sub.id] = sub.show_if is None or sub.show_if.evaluate(lookup)
        seen[sub.id] = row.get(sub.id) if shown[sub.id] else None
    return shown


def _parse_into(f: Field, raw: Any, path: str, errors: dict[str, str]) -> Any:
    try:
        return f.parse(raw)
    except FieldError as exc:
        errors[f"{path}.{exc.part}" if exc.part else path] = exc.message
        return None


def validate_group(
    group: Field, raw: Any, *, context: Mapping[str, Any], path: str
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    rows = [r if isinstance(r, dict) else {} for r in raw] if isinstance(raw, list) else []
    errors: dict[str, str] = {}
    if len(rows) < group.min_items:
        errors[path] = ngettext("Add at least %(n)d.", "Add at least %(n)d.", group.min_items) % {
            "n": group.min_items
        }
    if len(rows) > group.max_items:
        errors[path] = ngettext("Add at most %(n)d.", "Add at most %(n)d.", group.max_items) % {
            "n": group.max_items
        }
    values: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        shown = row_visibility(group, row, lambda n: context.get(n))
        value: dict[str, Any] = {}
        for sub in group.fields:
            value[sub.id] = (
                _parse_into(sub, row.get(sub.id), f"{path}.{i}.{sub.id}", errors)
                if shown[sub.id]
                else None
            )
        values.append(value)
    return values, errors


def validate(
    steps: Sequence[Step], raw: Mapping[str, Any], *, only_step: int | None = None
) -> tuple[dict[str, Any], dict[str, str]]:
    """Typed values of every top-level field (None when hidden or empty) and the errors.

    With only_step, only that step's fields are judged (the rest still decide what shows).
    """
    state = form_state(steps, raw)
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for index, step in enumerate(steps):
        judged = only_step is None or index == only_step
        for f in step.fields:
            if not state.visible[f.id] or not judged:
                values[f.id] = None
                continue
            if f.type == "group":
                values[f.id], group_errors = validate_group(
                    f, raw.get(f.id), context=state.context, path=f.id
                )
                errors.update(group_errors)
            else:
                values[f.id] = _parse_into(f, raw.get(f.id), f.id, errors)
    return values, errors


def shown_raw(steps: Sequence[Step], raw: Mapping[str, Any]) -> dict[str, Any]:
    """The raw answers of the fields that are shown; hidden ones (and hidden row fields) are
    left out, so what a person typed into a field they then skipped is not sent."""
    state = form_state(steps, raw)
    kept: dict[str, Any] = {}
    for step in steps:
        for f in step.fields:
            if not state.visible[f.id] or f.id not in raw:
                continue
            value = raw[f.id]
            if f.type == "group" and isinstance(value, list):
                rows = []
                for row in value:
                    row = row if isinstance(row, dict) else {}
                    shown = row_visibility(f, row, state.lookup)
                    rows.append({k: v for k, v in row.items() if shown.get(k)})
                value = rows
            kept[f.id] = value
    return kept
