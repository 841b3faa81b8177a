"""From a person's answers to the facts a service's rules read.

One function, used by the live path (a submitted application) and by the example cases
(`digikommun services test`), so what the tests check is what residents get.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from digikommun.forms.fields import FieldError
from digikommun.identity.personnummer import age_on

from .definition import ServiceDefinition


class AnswerErrors(Exception):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def parse_answers(definition: ServiceDefinition, raw: dict[str, Any]) -> dict[str, Any]:
    """Typed answers for every field, or AnswerErrors naming each field that is wrong."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field in definition.fields():
        value = raw.get(field.id)
        try:
            values[field.id] = field.parse(None if value is None else str(value))
        except FieldError as exc:
            errors[field.id] = exc.message
    if errors:
        raise AnswerErrors(errors)
    return values


def facts_for(
    definition: ServiceDefinition,
    answers: dict[str, Any],
    *,
    applicant_personnummer: str | None,
    on: datetime.date,
    applicant_age: int | None = None,
) -> dict[str, Any]:
    facts = dict(answers)
    if applicant_age is None and applicant_personnummer:
        applicant_age = age_on(applicant_personnummer, on)
    facts["applicant_age"] = applicant_age
    return facts


def jsonable_answers(values: dict[str, Any]) -> dict[str, Any]:
    """Typed answers as JSON: Decimals as strings, so no precision is lost."""
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}
