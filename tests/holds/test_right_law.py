"""The right law for the right decision, on the decision page and in the letter.

A caseworker's decision never cites förvaltningslagen 28 § (automated decisions); an
automated one cites it, kommunallagen 6 kap. 37–38 §§ and the delegation order (body, date,
reference). Production settings refuse to decide automatically on a delegation that is
missing or marked `example`: the case goes to a caseworker, who sees why.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from django.test import Client

from digikommun.cases import handling
from digikommun.cases.models import Case
from digikommun.cases.workflow import Status
from digikommun.catalog import selectors as catalog_selectors
from digikommun.catalog.legal import Automation
from digikommun.holds.services import automation_holds
from digikommun.identity.models import User
from digikommun.letters.selectors import letter_pdf
from digikommun.letters.services import letter_for_decision
from digikommun.process import steps
from tests.letters.factories import BISTAND, submitted_case
from tests.letters.pdf import pdf_text

KARIN, ANNA, ERIK = "198103129816", "198507099805", "199003159820"


def client_for(pnr: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(personnummer=pnr))
    return client


def page_text(case: Case, pnr: str = ANNA) -> str:
    return client_for(pnr).get(f"/my-pages/cases/{case.pk}/").content.decode()


def anna() -> User:
    return User.objects.get(personnummer=ANNA)


def decided_by_caseworker(language: str) -> Case:
    case = submitted_case(
        "ekonomiskt-bistand",
        {**BISTAND, "work_situation": "other"},
        person=anna(),
        language=language,
    )
    assert steps.automated_decision(case_id=case.pk) == "manual review"
    case.refresh_from_db()
    handling.decision_make(
        case_id=case.pk,
        user=User.objects.get(personnummer=KARIN),
        outcome="approved",
        amount=Decimal("4200"),
        motivation="Du har rätt till försörjningsstöd för månaden.",
        override_reason="Arbetsförmågan är bedömd: hon söker arbete på heltid.",
        expected_version=case.version,
        four_eyes=False,
    )
    return Case.objects.get(pk=case.pk)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_caseworkers_decision_never_cites_section_28(demo, language):
    case = decided_by_caseworker(language)
    decision = case.decision
    assert decision.legal_references
    assert not any("28 §" in ref or "section 28" in ref for ref in decision.legal_references)
    letter = pdf_text(letter_pdf(letter_for_decision(decision_id=decision.pk)))
    page = page_text(case)
    for text in (letter, page):
        assert "28 §" not in text and "section 28" not in text
        assert "Socialtjänstlagen (2025:400) 12 kap. 1 §" in text or (
            "Social Services Act (2025:400) chapter 12 section 1" in text
        )
        assert "delegeringsbeslut" not in text.lower()


def test_an_automated_decision_cites_section_28_and_the_delegation(demo):
    case = submitted_case("ekonomiskt-bistand", BISTAND, person=anna())
    assert steps.automated_decision(case_id=case.pk) == "approved"
    case.refresh_from_db()
    references = case.decision.legal_references
    assert "Förvaltningslagen (2017:900) 28 § – beslut som fattas automatiserat" in references
    assert any(ref.startswith("Kommunallagen (2017:725) 6 kap. 37–38 §§") for ref in references)
    delegation = (
        "Socialnämndens delegeringsbeslut 2026-01-20 "
        "(SN 2026/00012, delegationsordning punkt 4.1) – exempel"
    )
    assert delegation in references
    letter = pdf_text(letter_pdf(letter_for_decision(decision_id=case.decision.pk)))
    assert "förvaltningslagen (2017:900) 28 §" in letter
    assert "Kommunallagen (2017:725) 6 kap. 37–38 §§" in letter
    assert "beslut den 20 januari 2026 (SN 2026/00012, delegationsordning punkt 4.1)" in letter
    page = page_text(case)
    assert "section 28" in page or "28 §" in page
    assert delegation in page


def test_production_sends_a_case_to_a_caseworker_on_an_example_delegation(demo, settings):
    settings.DIGIKOMMUN_DECIDE_ON_EXAMPLE_VALUES = False  # as production settings say
    case = submitted_case("ekonomiskt-bistand", BISTAND, person=anna())
    assert steps.automated_decision(case_id=case.pk) == "manual review"
    case.refresh_from_db()
    assert case.status == Status.IN_REVIEW
    assert {"code": "delegation_example"} in case.recommendation["holds"]
    page = client_for(KARIN).get(f"/workbench/cases/{case.pk}/").content.decode()
    assert 'data-hold="delegation_example"' in page
    assert "Delegeringsbeslutet i tjänstens definition är ett exempel" in page


def test_a_missing_delegation_sends_the_case_to_a_caseworker_in_any_settings(
    demo, settings, monkeypatch
):
    settings.DIGIKOMMUN_DECIDE_ON_EXAMPLE_VALUES = True  # as demo and test settings say
    real = catalog_selectors.definition_for

    def without_delegation(version):
        definition = real(version)
        automation = Automation(legal_basis=definition.automation.legal_basis, delegation=None)
        return dataclasses.replace(definition, automation=automation)

    monkeypatch.setattr(steps, "definition_for", without_delegation)
    case = submitted_case("ekonomiskt-bistand", BISTAND, person=anna())
    assert steps.automated_decision(case_id=case.pk) == "manual review"
    case.refresh_from_db()
    assert case.recommendation["holds"] == [{"code": "delegation_missing"}]


def test_production_accepts_a_real_delegation(demo, settings):
    settings.DIGIKOMMUN_DECIDE_ON_EXAMPLE_VALUES = False
    case = submitted_case("ekonomiskt-bistand", BISTAND, person=anna())
    definition = catalog_selectors.definition_for(case.service_version)
    delegation = dataclasses.replace(definition.automation.delegation, example=False)
    real = dataclasses.replace(
        definition, automation=dataclasses.replace(definition.automation, delegation=delegation)
    )
    assert automation_holds(case=case, definition=definition) == [{"code": "delegation_example"}]
    other = submitted_case(
        "ekonomiskt-bistand", BISTAND, person=User.objects.get(personnummer=ERIK)
    )
    assert automation_holds(case=other, definition=real) == []


def test_the_service_page_keeps_the_two_bases_apart(demo):
    page = Client().get("/services/ekonomiskt-bistand/").content.decode()
    service_law, automation = page.split("Grund för automatiserade beslut")
    assert "Socialtjänstlagen (2025:400) 12 kap. 1 §" in service_law
    assert "28 §" not in service_law
    assert "Förvaltningslagen (2017:900) 28 §" in automation
    assert "Kommunallagen (2017:725) 6 kap. 37–38 §§" in automation
    assert "Delegeringsbeslut av Socialnämnden, 2026-01-20" in automation
