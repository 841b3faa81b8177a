"""One grant per household and month.

A second application for the same household and month, while the first is granted or still
open, is never decided by the rules: it goes to a caseworker marked as a possible repeat with
a link to the other case. The household is the applicant and the partner, matched both ways.
Two applications decided at the same moment on two workers still give one automated
decision (the unique claim per household-month; run on SQLite and PostgreSQL).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connections
from django.test import Client

from digikommun.cases.models import Case
from digikommun.cases.workflow import Status
from digikommun.holds import claims
from digikommun.holds.models import PeriodClaim
from digikommun.identity.models import User
from digikommun.process.steps import automated_decision
from tests.letters.factories import BISTAND, submitted_case

ANNA, ERIK, KARIN = "198507099805", "199003159820", "198103129816"
COUPLE = {**BISTAND, "adults": "2", "partner_personnummer": "19900315-9820"}  # Anna and Erik
ERIK_WITH_ANNA = {**COUPLE, "partner_personnummer": "19850709-9805"}


def person(pnr: str) -> User:
    return User.objects.get(personnummer=pnr)


def submitted(answers: dict, pnr: str = ANNA) -> Case:
    """A sent application; a two-adult one confirmed by the partner (co-signing) first."""
    from digikommun.cosigning.models import CoSignature
    from digikommun.cosigning.services import cosign_sign

    case = submitted_case("ekonomiskt-bistand", answers, person=person(pnr))
    for cosignature in CoSignature.objects.filter(case=case):
        cosign_sign(cosignature_id=cosignature.pk, user=person(cosignature.personnummer))
    return Case.objects.get(pk=case.pk)


def decide(answers: dict, pnr: str = ANNA) -> Case:
    case = submitted(answers, pnr)
    automated_decision(case_id=case.pk)
    return Case.objects.get(pk=case.pk)


def repeat_hold(case: Case) -> dict:
    [hold] = [h for h in case.recommendation["holds"] if h["code"] == "repeat"]
    return hold


def test_a_second_application_for_the_same_month_goes_to_a_caseworker_marked(demo):
    first = decide(BISTAND)
    second = decide(BISTAND)
    assert first.status == Status.DECIDED and first.decision.outcome == "approved"
    assert second.status == Status.IN_REVIEW
    assert not hasattr(second, "decision") or second.decision is None
    # The rules would have approved it: only the repeat stopped them.
    assert second.recommended_outcome == "approved"
    assert repeat_hold(second) == {
        "code": "repeat",
        "case_id": first.pk,
        "diary_number": first.diary_number,
        "period": BISTAND["month"],
    }
    client = Client()
    client.force_login(person(KARIN))
    page = client.get(f"/workbench/cases/{second.pk}/").content.decode()
    assert "Möjlig upprepad ansökan" in page
    assert f'href="/workbench/cases/{first.pk}/">{first.diary_number}</a>' in page


def test_an_open_first_application_also_holds_the_month(demo):
    first = decide({**BISTAND, "work_situation": "other"})  # goes to a caseworker
    second = decide(BISTAND)
    assert first.status == Status.IN_REVIEW and "holds" in first.recommendation
    assert repeat_hold(second)["case_id"] == first.pk


@pytest.mark.parametrize(
    ("first_pnr", "first", "second_pnr", "second"),
    [
        (ANNA, COUPLE, ERIK, BISTAND),  # the partner applies alone for the same month
        (ERIK, BISTAND, ANNA, COUPLE),  # … or the other way round
        (ANNA, COUPLE, ERIK, ERIK_WITH_ANNA),
    ],
)
def test_the_partner_applying_for_the_same_household_is_a_repeat(
    demo, first_pnr, first, second_pnr, second
):
    one = decide(first, first_pnr)
    two = decide(second, second_pnr)
    assert one.status == Status.DECIDED
    assert two.status == Status.IN_REVIEW
    assert repeat_hold(two)["case_id"] == one.pk


def test_another_month_or_another_household_is_decided_as_usual(demo):
    first = decide(BISTAND)
    other_month = {**BISTAND, "month": _next_month(BISTAND["month"])}
    assert "holds" not in (first.recommendation or {})
    # The month field offers the month after this one too (w9a: one month either side).
    assert decide(other_month).status == Status.DECIDED
    assert decide(BISTAND, ERIK).status == Status.DECIDED


def test_a_refused_application_leaves_the_month_free(demo):
    refused = decide({**BISTAND, "income": "40000"})
    assert refused.decision.outcome == "rejected"
    again = decide(BISTAND)
    assert again.status == Status.DECIDED and again.decision.outcome == "approved"
    claim = PeriodClaim.objects.get(personnummer=ANNA)
    assert claim.case_id == again.pk


def _next_month(month: str) -> str:
    year, number = (int(x) for x in month.split("-"))
    return f"{year + number // 12}-{number % 12 + 1:02d}"


@pytest.mark.django_db(transaction=True)
def test_two_applications_decided_at_the_same_moment_give_one_automated_decision(demo, monkeypatch):
    cases = [submitted(BISTAND, ANNA), submitted(ERIK_WITH_ANNA, ERIK)]
    # Both workers reach the claim inside their transactions before either inserts (where the
    # database lets them: SQLite's BEGIN IMMEDIATE already keeps them apart).
    both_inside = threading.Barrier(2)
    real_claim_one = claims._claim_one

    def claim_when_both_are_inside(*args):
        try:
            both_inside.wait(timeout=5)
        except threading.BrokenBarrierError:
            pass
        return real_claim_one(*args)

    monkeypatch.setattr(claims, "_claim_one", claim_when_both_are_inside)
    results: dict[int, str] = {}

    def run(case_id: int) -> None:
        try:
            results[case_id] = automated_decision(case_id=case_id)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c.pk,)) for c in cases]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(results.values()) == ["approved", "manual review"]
    decided = Case.objects.get(status=Status.DECIDED, pk__in=[c.pk for c in cases])
    held = Case.objects.get(status=Status.IN_REVIEW, pk__in=[c.pk for c in cases])
    assert repeat_hold(held)["case_id"] == decided.pk
    assert set(PeriodClaim.objects.values_list("case_id", flat=True)) == {decided.pk}
