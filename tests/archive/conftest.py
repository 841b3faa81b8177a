"""Closed cases for the archive tests, made the way the platform makes them: submitted through
the portal, decided by the rules, a letter rendered, then closed after the appeal time."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone

from digikommun.cases.models import Case, CaseEvent
from digikommun.cases.workflow import Status
from digikommun.catalog.definition import parse_definition
from digikommun.catalog.selectors import current_version
from digikommun.catalog.services import service_publish
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


def retention_moved(service_id: str, until: datetime.date) -> None:
    """Publish the service's current definition again with its retention rule's `until`
    moved, as an archivist does once the rule is checked against the law in force."""
    version = current_version(service_id)
    files = dict(version.files)
    text, n = re.subn(r"(?m)^(  until: )\S+$", rf"\g<1>{until.isoformat()}", files["service.yaml"])
    assert n == 1, "the retention rule has no until"
    files["service.yaml"] = text
    definition = parse_definition(files, folder_name=service_id)
    assert definition.retention.until == until
    service_publish(definition=definition)


@pytest.fixture
def retention_checked(demo):
    """The demo with the financial-assistance retention rule checked and moved on: its
    published rule cites the act replaced on 2025-07-01 and holds until the day before."""
    retention_moved("ekonomiskt-bistand", years_on(50))
    return demo


@pytest.fixture
def out(tmp_path):
    return tmp_path / "e-archive"
