"""A case decided automatically, ready to be reconsidered or appealed."""

import pytest

from digikommun.cases.workflow import Status
from digikommun.identity.models import User
from digikommun.process.steps import automated_decision
from tests.cases.test_process import BISTAND, submit

ANNA, ERIK = "198507099805", "199003159820"
KARIN, JOHAN, OMAR = "198103129816", "197609219816", "198806149814"


def person(pnr: str) -> User:
    return User.objects.get(personnummer=pnr)


def confirm(item, motivation: str, *, by: str = KARIN, version: int | None = None):
    """The caseworker keeps the decision under reconsideration, with the motivation."""
    from digikommun.appeals import services

    return services.reconsideration_resolve(
        reconsideration_id=item.pk,
        user=person(by),
        expected_version=item.version if version is None else version,
        change=False,
        motivation=motivation,
    )


@pytest.fixture
def decided(demo):
    """An application for financial assistance approved automatically, with an amount."""
    case = submit("ekonomiskt-bistand", BISTAND)
    automated_decision(case_id=case.pk)
    case.refresh_from_db()
    assert case.status == Status.DECIDED
    assert case.decision.is_automated and case.decision.amount
    return case
