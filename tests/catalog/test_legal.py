"""A definition keeps the service's legal basis apart from the basis for automation.

The service's law (legal_basis) is what every decision rests on; förvaltningslagen 28 § and
kommunallagen 6 kap. 37–38 §§ with the committee's delegation order (automation) are what
let a machine decide. Older definitions (delegation at the top, 28 § among the legal basis)
still load, with 28 § moved to the automation's basis.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from digikommun.catalog.definition import DefinitionErrors, load_definition
from digikommun.catalog.legal import (
    Automation,
    Delegation,
    appeal_shown,
    automation_references,
    delegation_refusal,
)

SERVICES = Path(__file__).resolve().parents[2] / "services"


def copy_of(tmp_path: Path, service: str) -> Path:
    folder = tmp_path / service
    shutil.copytree(SERVICES / service, folder)
    return folder


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(DefinitionErrors) as caught:
        load_definition(folder)
    return [str(e) for e in caught.value.errors]


@pytest.mark.parametrize("service", ["ekonomiskt-bistand", "boendeparkering"])
def test_the_demo_definitions_keep_section_28_out_of_the_services_legal_basis(service):
    definition = load_definition(SERVICES / service)
    assert definition.legal_basis
    assert not any("28 §" in ref["sv"] for ref in definition.legal_basis)
    automation_sv = [ref["sv"] for ref in definition.automation.legal_basis]
    assert any(ref.startswith("Förvaltningslagen (2017:900) 28 §") for ref in automation_sv)
    assert any("Kommunallagen (2017:725) 6 kap. 37–38 §§" in ref for ref in automation_sv)
    delegation = definition.automation.delegation
    assert delegation is not None and delegation.example is True
    assert definition.delegation["body"] == delegation.body


def test_an_older_definition_still_loads_with_section_28_moved_to_automation(tmp_path):
    folder = copy_of(tmp_path, "boendeparkering")
    text = (folder / "service.yaml").read_text()
    start, end = text.index("automation:\n"), text.index("# Permit decisions")
    old_layout = (
        "  - sv: Förvaltningslagen (2017:900) 28 § – beslut som fattas automatiserat\n"
        "    en: Administrative Procedure Act (2017:900) section 28 – automated decisions\n"
        "delegation:\n"
        "  body: Trafiknämnden\n"
        "  date: 2026-02-12\n"
        "  reference: TN 2026/00031\n"
    )
    (folder / "service.yaml").write_text(text[:start] + old_layout + text[end:])
    definition = load_definition(folder)
    assert definition.automation.legacy
    assert [ref["sv"][:25] for ref in definition.legal_basis] == [
        "Trafikförordningen (1998:",
        "Lagen (1957:259) om rätt ",
    ]
    assert definition.automation.legal_basis[0]["sv"].startswith(
        "Förvaltningslagen (2017:900) 28 §"
    )
    assert definition.automation.delegation == Delegation(
        body="Trafiknämnden", date=datetime.date(2026, 2, 12), reference="TN 2026/00031"
    )


def test_section_28_among_the_services_own_legal_basis_is_an_error(tmp_path):
    folder = copy_of(tmp_path, "boendeparkering")
    text = (folder / "service.yaml").read_text()
    text = text.replace(
        "legal_basis:\n",
        "legal_basis:\n  - {sv: Förvaltningslagen (2017:900) 28 §, en: Section 28}\n",
        1,
    )
    (folder / "service.yaml").write_text(text)
    assert any("belongs under automation.legal_basis" in e for e in errors_of(folder))


def test_a_delegation_given_twice_is_an_error(tmp_path):
    folder = copy_of(tmp_path, "boendeparkering")
    text = (folder / "service.yaml").read_text()
    text = text.replace(
        "appealable: false",
        "delegation: {body: X, date: 2026-01-01, reference: Y}\nappealable: false",
        1,
    )
    (folder / "service.yaml").write_text(text)
    assert any("give the delegation once" in e for e in errors_of(folder))


def test_an_automated_decision_needs_a_delegation_with_a_date(tmp_path):
    folder = copy_of(tmp_path, "boendeparkering")
    text = (folder / "service.yaml").read_text()
    (folder / "service.yaml").write_text(text.replace("date: 2026-02-12", "date: soon"))
    assert any("the delegation date must be a date" in e for e in errors_of(folder))


def test_automation_references_cite_the_law_and_the_delegation_order():
    automation = Automation(
        legal_basis=({"sv": "Förvaltningslagen (2017:900) 28 §", "en": "APA section 28"},),
        delegation=Delegation(
            body="Socialnämnden", date=datetime.date(2026, 1, 20), reference="SN 2026/00012"
        ),
    )
    assert automation_references(automation, "sv") == [
        "Förvaltningslagen (2017:900) 28 §",
        "Socialnämndens delegeringsbeslut 2026-01-20 (SN 2026/00012)",
    ]
    assert automation_references(automation, "en")[1] == (
        "Delegation decision of Socialnämnden, 2026-01-20 (SN 2026/00012)"
    )


def test_production_refuses_a_missing_or_example_delegation():
    real = Delegation(body="SN", date=datetime.date(2026, 1, 20), reference="SN 1")
    example = Delegation(body="SN", date=datetime.date(2026, 1, 20), reference="SN 1", example=True)
    assert delegation_refusal(Automation(delegation=None), refuse_example=False) == "missing"
    assert delegation_refusal(Automation(delegation=example), refuse_example=True) == "example"
    assert delegation_refusal(Automation(delegation=example), refuse_example=False) == ""
    assert delegation_refusal(Automation(delegation=real), refuse_example=True) == ""


@pytest.mark.parametrize(
    ("outcome", "appealable", "shown"),
    [
        ("approved", True, ""),
        ("approved", False, ""),
        ("rejected", True, "appeal"),
        ("partly_approved", True, "appeal"),
        ("rejected", False, "other"),
    ],
)
def test_appeal_instructions_only_where_the_decision_goes_against_the_party(
    outcome, appealable, shown
):
    assert appeal_shown(outcome=outcome, appealable=appealable) == shown
