"""Answers for each demo service, and the one way the tests turn answers into a case.

Answers are written as a person types them. `bistand()`, `parking()` and `fault()` give a
service's usual answers with any of them changed; `filled_draft` fills a draft step by step
through the portal's services and `submitted_case` sends it, as a resident would.
"""

from __future__ import annotations

import datetime
from typing import Any

from digikommun.cases.models import Case
from digikommun.catalog.definition import ServiceDefinition
from digikommun.catalog.selectors import current_version, definition_for
from digikommun.identity.models import User
from digikommun.portal import services as portal_services
from digikommun.portal.models import Draft
from tests.factories import ResidentFactory

# Ekonomiskt bistånd: a single adult, seeking work, with low income; the demo rules approve
# it with an amount. The month applied for: the current one (the form offers the months
# around today).
THIS_MONTH = datetime.date.today().strftime("%Y-%m")
BISTAND = {
    "month": THIS_MONTH,
    "adults": "1",
    "children_0": "0",
    "children_1_2": "0",
    "children_3": "0",
    "children_4_6": "0",
    "children_7_10": "0",
    "children_11_14": "0",
    "children_15_18": "0",
    "young_adults_19_20": "0",
    "resides_in_municipality": "yes",
    "income": "2000",
    "housing_cost": "5500",
    "electricity_cost": "300",
    "assets": "0",
    "work_situation": "seeking_work",
}
# Boendeparkering: an owner registered in the zone with a light car; approved.
PARKING = {
    "zone": "inner_city",
    "registered_in_zone": "yes",
    "registration_number": "ABC 123",
    "vehicle_relation": "owner",
    "vehicle_weight": "1500",
}
# Felanmälan: the required questions of each category.
FAULT = {
    "streetlight": {"light_state": "out"},
    "pothole": {"surface": "road", "dangerous": "no"},
    "graffiti": {"offensive": "no", "surface_kind": "wall"},
    "litter": {"litter_kind": "bin_full"},
}
DEFAULTS = {"ekonomiskt-bistand": BISTAND, "boendeparkering": PARKING}


def bistand(**changes: str) -> dict[str, str]:
    return {**BISTAND, **changes}


def parking(**changes: str) -> dict[str, str]:
    return {**PARKING, **changes}


def fault(category: str = "streetlight", **changes: Any) -> dict[str, Any]:
    return {**FAULT[category], **changes}


def filled_draft(
    service: str = "boendeparkering",
    answers: dict[str, str] | None = None,
    person: User | None = None,
) -> tuple[Draft, ServiceDefinition]:
    """A draft with every step saved, checked as the portal checks it."""
    answers = DEFAULTS[service] if answers is None else answers
    version = current_version(service)
    definition = definition_for(version)
    draft = portal_services.draft_start(applicant=person or ResidentFactory(), version=version)
    for index, step in enumerate(definition.steps):
        errors = portal_services.draft_save_step(
            draft=draft,
            definition=definition,
            step_index=index,
            data={f.id: answers.get(f.id, "") for f in step.fields},
        )
        assert errors == {}, errors
    return draft, definition


def submitted_case(
    service: str = "ekonomiskt-bistand",
    answers: dict[str, str] | None = None,
    *,
    person: User | None = None,
    language: str = "sv",
) -> Case:
    """A case submitted through the portal's drafts, as a resident would."""
    draft, definition = filled_draft(service, answers, person)
    return portal_services.draft_submit(draft=draft, definition=definition, language=language)
