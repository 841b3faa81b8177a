"""Reads of registers: what the form says under a prefilled field, and a case's sources."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .facts import REGISTER_NAMES
from .models import FactSource, Lookup
from .services import same_answer


def _from(register: str) -> str:
    return {
        "population": _("From the population register"),
        "vehicle": _("From the vehicle register"),
        "property": _("From the property register"),
    }[register]


def _unanswered(register: str) -> str:
    return {
        "population": _("The population register did not answer. Fill this in yourself."),
        "vehicle": _("The vehicle register did not answer. Fill this in yourself."),
        "property": _("The property register did not answer. Fill this in yourself."),
    }[register]


def field_notes(*, draft_key: uuid.UUID, raw: Mapping[str, Any]) -> dict[str, str]:
    """Field id -> what to say under it: where a prefilled answer came from, or that the
    register did not answer. Nothing for an answer the person has changed."""
    notes: dict[str, str] = {}
    for x in Lookup.objects.filter(draft_key=draft_key):
        if x.status == Lookup.Status.FAILED:
            notes[x.field_id] = _unanswered(x.register)
        elif x.filled and same_answer(x.value, raw.get(x.field_id)):
            notes[x.field_id] = _(
                "%(source)s. Change it if it is not right: then it counts as your own answer."
            ) % {"source": _from(x.register)}
    return notes


def fact_sources(*, case_id: int) -> list[dict[str, Any]]:
    """Where each prefillable fact of a case came from, as plain data (for the rules' trace):
    field, source ("register" or "applicant"), status, register, its name per language, and
    the local time of the look-up."""
    out = []
    for s in FactSource.objects.filter(case_id=case_id).order_by("pk"):
        at = (
            timezone.localtime(s.looked_up_at).strftime("%Y-%m-%d %H:%M")
            if s.looked_up_at
            else None
        )
        out.append(
            {
                "field": s.field_id,
                "source": s.source,
                "status": s.status,
                "register": s.register,
                "register_name": dict(REGISTER_NAMES.get(s.register, {})),
                "looked_up_at": at,
            }
        )
    return out


def filled_message() -> str:
    """Said when a step is shown again with answers just looked up."""
    return _("Some answers were filled in from a register. Check them and go on.")
