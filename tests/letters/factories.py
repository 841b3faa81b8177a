"""Cases and decisions for the letters and notify tests, made the way the platform makes them.

Applications go through the portal's draft functions (so a case has a real diary number,
answers and facts); caseworker decisions are written directly, as the workbench would leave
them.
"""

from __future__ import annotations

import factory

from digikommun.cases.models import Decision
from digikommun.catalog.selectors import definition_for
from digikommun.identity.models import User
from tests.answers import BISTAND, PARKING, THIS_MONTH, submitted_case  # noqa: F401 (re-exported)


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
