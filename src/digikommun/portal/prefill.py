"""Prefilling a draft's fields from registers (digikommun.registers; docs/registers.md).

When a step is shown, its fields with `prefill:` that were never answered are looked up by
the applicant's personnummer or by an earlier answer (a registration number); when a step is
sent with a key that is new (a registration number typed on the same step), the look-up is
made then, and the step is shown again with what was found, for the person to check. What
the person typed is never replaced, and a register that does not answer leaves the form as
it would be without registers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from digikommun.catalog.definition import ServiceDefinition
from digikommun.forms.fields import Field, FieldError
from digikommun.registers import services as register_services
from digikommun.registers.facts import FACTS

from .models import Draft


def _key(f: Field, definition: ServiceDefinition, raw: Mapping[str, Any], applicant: str) -> str:
    assert f.prefill is not None
    if FACTS[(f.prefill.register, f.prefill.fact)].keyed_by == "applicant":
        return applicant
    key_field = next((k for k in definition.fields() if k.id == f.prefill.key), None)
    if key_field is None or key_field.is_empty(raw.get(key_field.id)):
        return ""
    try:
        return str(key_field.parse(raw.get(key_field.id)))
    except FieldError:
        return ""


def draft_prefill(
    *,
    draft: Draft,
    definition: ServiceDefinition,
    fields: Iterable[Field],
    raw: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Look up the prefillable fields among `fields`; the answers found, by field id."""
    raw = draft.raw if raw is None else raw
    applicant = getattr(draft.applicant, "personnummer", "") or ""
    wanted = []
    for f in fields:
        if f.prefill is None:
            continue
        key = _key(f, definition, raw, applicant)
        if key:
            wanted.append(
                register_services.Wanted(
                    field_id=f.id,
                    register=f.prefill.register,
                    fact=f.prefill.fact,
                    key=key,
                    current=raw.get(f.id),
                )
            )
    if not wanted:
        return {}
    return register_services.prefill(draft_key=draft.key, applicant=applicant, wanted=wanted)


def prefilled_fields(definition: ServiceDefinition) -> dict[str, tuple[str, str]]:
    return {
        f.id: (f.prefill.register, f.prefill.fact)
        for f in definition.fields()
        if f.prefill is not None
    }
