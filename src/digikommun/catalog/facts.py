"""From a person's answers to the facts a service's rules read.

One function, used by the live path (a submitted application) and by the example cases
(`digikommun services test`), so what the tests check is what residents get.

A field hidden by its condition is not validated and gives the fact null (None). Facts the
definition derives (`derived_facts`, e.g. children per age band from a repeating group of
household members) are computed here from the typed answers, on the application date.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from digikommun.forms.answers import validate
from digikommun.identity.personnummer import age_on

from .definition import ServiceDefinition


class AnswerErrors(Exception):
    """Answers that are missing or wrong, by path (`income`, `children.0.birth_date`)."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))


def parse_answers(definition: ServiceDefinition, raw: dict[str, Any]) -> dict[str, Any]:
    """Typed answers for every field (None where hidden or left empty), or AnswerErrors."""
    values, errors = validate(definition.steps, raw)
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
    platform: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The facts the rules read: the answers, the derived facts (on `on`), and the facts the
    platform gives (`platform`, e.g. the history of earlier cases)."""
    facts = dict(answers)
    facts.update(platform or {})
    if applicant_age is None and applicant_personnummer:
        applicant_age = age_on(applicant_personnummer, on)
    facts["applicant_age"] = applicant_age
    for derived in definition.derived_facts:
        facts[derived.name] = derived.compute(answers, on)
    return facts


def jsonable_answers(values: Any) -> Any:
    """Typed answers as JSON: Decimals as strings (no precision lost), dates as ISO text."""
    if isinstance(values, dict):
        return {k: jsonable_answers(v) for k, v in values.items()}
    if isinstance(values, list | tuple):
        return [jsonable_answers(v) for v in values]
    if isinstance(values, Decimal):
        return str(values)
    if isinstance(values, datetime.date):
        return values.isoformat()
    return values
