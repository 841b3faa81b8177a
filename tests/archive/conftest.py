"""Closed cases for the archive tests, made the way the platform makes them: submitted through
the portal, decided by the rules, a letter rendered, then closed after the appeal time."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from digikommun.cases.models import Case, CaseEvent
from digikommun.cases.workflow import Status
from digikommun.identity.models import User
from digikommun.letters.services import letter_for_decision
from digikommun.process.steps import automated_decision
from tests.answers import BISTAND, PARKING, submitted_case

ANNA = "198507099805"  # born on the 9th
ERIK = "199003159820"  # born on the 15th: spared for research


def closed_case(service: str, *, person: str = ANNA, letter: bool = False) -> Case:
    answers = BISTAND if service == "ekonomiskt-bistand" else PARKING
    case = submitted_case(service, answers, person=User.objects.get(personnummer=person))
    automated_decision(case_id=case.pk)
    case.refresh_from_db()
    assert case.decision is not None, case.status
    if letter:
        letter_for_decision(decision_id=case.decision.pk)
    Case.objects.filter(pk=case.pk).update(status=Status.CLOSED)
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.CLOSED)
    case.refresh_from_db()
    return case


def years_on(years: int, days: int = 0) -> datetime.date:
    """A day `years` whole years (and `days`) from today."""
    today = timezone.localdate()
    return today.replace(year=today.year + years) + datetime.timedelta(days=days)


@pytest.fixture
def out(tmp_path):
    return tmp_path / "e-archive"
