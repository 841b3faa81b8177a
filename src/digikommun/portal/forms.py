"""What a generated form step needs in its template: each field with its value and error."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from digikommun.catalog.definition import ServiceDefinition
from digikommun.forms.fields import FIELD_TYPES, Field

from .models import Draft


@dataclass(frozen=True)
class BoundField:
    field: Field
    value: str
    error: str | None

    @property
    def widget(self) -> str:
        return f"portal/widgets/{FIELD_TYPES[self.field.type].widget}.html"

    @property
    def input_mode(self) -> str | None:
        return FIELD_TYPES[self.field.type].input_mode

    @property
    def choices(self) -> list[tuple[str, str]]:
        if self.field.type == "boolean":
            return [("yes", _("Yes")), ("no", _("No"))]
        lang = (get_language() or "sv")[:2]
        return [
            (o.value, o.label.get(lang) or o.label.get("sv", o.value)) for o in self.field.options
        ]

    @property
    def html_id(self) -> str:
        return f"f-{self.field.id}"


def step_context(
    *, definition: ServiceDefinition, draft: Draft, number: int, errors: dict[str, str]
) -> dict:
    step = definition.steps[number - 1]
    fields = [
        BoundField(
            field=f,
            value=draft.raw.get(f.id, f.default or ""),
            error=errors.get(f.id),
        )
        for f in step.fields
    ]
    return {
        "service": definition,
        "draft": draft,
        "step": step,
        "number": number,
        "total": len(definition.steps),
        "fields": fields,
        "errors": [bf for bf in fields if bf.error],
    }
