"""Cases and decisions for the letters and notify tests, made the way the platform makes them.

Applications go through the portal's draft functions (so a case has a real diary number,
answers and facts); caseworker decisions are written directly, as the workbench would leave
them.
"""

from __future__ import annotations

import datetime

import factory

from digikommun.cases.models import Case, Decision
from digikommun.catalog.selectors import current_version, definition_for
from digikommun.identity.models import User
from digikommun.portal import services as portal_services
from tests.factories import ResidentFactory

# A single adult, seeking work, with low income: the demo rules approve it with an amount.
# The month applied for: the current one (the form offers the months around today).
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
PARKING = {
    "zone": "inner_city",
    "registered_in_zone": "yes",
    "registration_number": "ABC 123",
    "vehicle_relation": "owner",
    "vehicle_weight": "1500",
}


def submitted_case(
    service: str = "ekonomiskt-bistand",
    answers: dict[str, str] | None = None,
    *,
    person: User | None = None,
    language: str = "sv",
) -> Case:
    """A case submitted through the portal's drafts, as a resident would."""
    answers = BISTAND if answers is None and service == "ekonomiskt-bistand" else answers
    answers = PARKING if answers is None else answers
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
    return portal_services.draft_submit(draft=draft, definition=definition, language=language)


class CaseworkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"handlaggare{n}")
    first_name = "Karin"
    last_name = "Lund"
    is_staff = True


class CaseworkerDecisionFactory(factory.django.DjangoModelFactory):
    """A decision a caseworker made, with reasons in both languages and the appeal text."""

    class Meta:
        model = Decision

    outcome = Decision.Outcome.PARTLY
    amount = None
    reasons = factory.LazyFunction(
        lambda: {
            "sv": ["Hyran är högre än vad som är skäligt på orten.", "Elkostnaden godtas."],
            "en": [
                "The rent is higher than is reasonable locally.",
                "The electricity is accepted.",
            ],
        }
    )
    legal_references = factory.LazyFunction(lambda: ["Socialtjänstlagen (2025:400) 12 kap. 7 §"])
    appeal = factory.LazyAttribute(lambda o: definition_for(o.case.service_version).appeal)
    decided_by = factory.SubFactory(CaseworkerFactory)
    automated_by = ""
    trace = None
    as_of = factory.LazyAttribute(lambda o: o.case.submitted_at.date())
