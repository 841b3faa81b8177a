"""A municipality's own choices for a definition in its overlay (docs/overlays.md,
`definition:`): the delegation order, the department and contact, the service's texts. They are
laid on when the deployment names the overlay, checked with file and line, part of the content
hash, and shown by the register."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.test import override_settings

from digikommun.catalog.definition import DefinitionErrors, load_definition
from digikommun.catalog.package_install import package_install, package_plan
from digikommun.catalog.packages import package_read
from digikommun.catalog.services import service_publish

from .test_packages import NOW, make_package

SERVICES = Path(__file__).resolve().parents[2] / "services"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

CHOICES = """\
overlay: kommun
description: {sv: Kommunens egna val, en: The municipality's own choices}
definition:
  title: {sv: Boendeparkering i Ekby, en: Resident parking in Ekby}
  department: {sv: Stadsbyggnadskontoret, en: City planning office}
  automation:
    delegation:
      body: Stadsbyggnadsnämnden
      date: 2026-09-15
      reference: SBN 2026/00077 punkt 4.2
  algorithm_register:
    contact: {email: parkering@ekby.example}
"""


def service_copy(tmp_path: Path, name: str, overlay: str | None = None) -> Path:
    folder = tmp_path / name
    shutil.copytree(SERVICES / name, folder)
    if overlay is not None:
        (folder / "overlays").mkdir(exist_ok=True)
        (folder / "overlays" / "kommun.yaml").write_text(overlay, encoding="utf-8")
    return folder


def test_the_overlay_sets_the_definitions_choices_when_named(tmp_path):
    folder = service_copy(tmp_path, "boendeparkering", CHOICES)
    shared = load_definition(folder)
    local = load_definition(folder, overlays=("kommun",))
    assert shared.title["en"] == "Resident parking permit"
    assert local.title == {"sv": "Boendeparkering i Ekby", "en": "Resident parking in Ekby"}
    assert local.department["sv"] == "Stadsbyggnadskontoret"
    assert local.delegation["body"] == "Stadsbyggnadsnämnden"
    assert local.delegation["example"] is False
    assert local.algorithm_register.contact_email == "parkering@ekby.example"
    # What the overlay does not set stays as shared.
    assert local.summary == shared.summary
    assert local.automation.legal_basis == shared.automation.legal_basis
    # The overlay file is part of the published content.
    plain = load_definition(service_copy(tmp_path / "plain", "boendeparkering"))
    assert local.content_hash == shared.content_hash != plain.content_hash


@pytest.mark.parametrize(
    ("body", "message", "line"),
    [
        ("  appeal: {sv: a, en: b}\n", "an overlay cannot set 'appeal' of the definition", 4),
        (
            "  automation:\n    legal_basis: []\n",
            "an overlay cannot set 'automation.legal_basis'",
            5,
        ),
        (
            "  automation:\n    delegation: {body: N, date: soon, reference: R}\n",
            "the delegation date must be a date",
            5,
        ),
        ("  title: {sv: Bara svenska}\n", "'title' has no en text", 4),
    ],
)
def test_a_bad_choice_names_the_overlay_file_and_line(tmp_path, body, message, line):
    head = "overlay: kommun\ndescription: {sv: a, en: b}\ndefinition:\n"
    folder = service_copy(tmp_path, "boendeparkering", head + body)
    for overlays in ((), ("kommun",)):
        with pytest.raises(DefinitionErrors) as exc:
            load_definition(folder, overlays=overlays)
        [error] = [e for e in exc.value.errors if message in e.message]
        assert error.source == "boendeparkering/overlays/kommun.yaml"
        assert error.line == line


def test_a_service_without_rules_takes_text_choices(tmp_path):
    overlay = (
        "overlay: kommun\ndescription: {sv: a, en: b}\n"
        "definition:\n  title: {sv: Felanmälan i Ekby, en: Fault reports in Ekby}\n"
    )
    folder = service_copy(tmp_path, "felanmalan", overlay)
    assert load_definition(folder, overlays=("kommun",)).title["en"] == "Fault reports in Ekby"


@pytest.mark.django_db
def test_the_register_shows_the_overlays_delegation_and_title(client, tmp_path):
    folder = service_copy(tmp_path, "boendeparkering", CHOICES)
    with override_settings(DIGIKOMMUN_RULE_OVERLAYS=["demo", "kommun"]):
        service_publish(definition=load_definition(folder, overlays=("demo", "kommun")))
        page = client.get("/register/algorithms/boendeparkering/", **EN).content.decode()
        [model] = client.get("/register/algorithms.json").json()["models"]
    assert "Resident parking in Ekby" in page
    assert "Stadsbyggnadsnämnden" in page and "SBN 2026/00077 punkt 4.2" in page
    assert "Trafiknämnden" not in page
    assert model["delegation"]["reference"] == "SBN 2026/00077 punkt 4.2"


@pytest.mark.django_db
def test_an_installed_package_with_the_overlays_choices(client, tmp_path):
    overlay = (
        "overlay: kommun\ndescription: {sv: a, en: b}\ndefinition:\n"
        "  title: {sv: Ekonomiskt bistånd i Ekby, en: Financial assistance in Ekby}\n"
        "  automation:\n    delegation:\n      body: Socialnämnden i Ekby\n"
        "      date: 2026-10-01\n      reference: SN 2026/00123 punkt 3.1\n"
    )
    package = package_read(make_package())
    plan = package_plan(package=package, dest=tmp_path, overlay=("kommun.yaml", overlay))
    assert plan.definition.delegation["reference"] == "SN 2026/00123 punkt 3.1"
    assert all(result.passed for result in plan.examples)
    origin = package_install(plan=plan, now=NOW)
    with override_settings(DIGIKOMMUN_RULE_OVERLAYS=["demo", "kommun"]):
        definition = load_definition(plan.folder, overlays=("demo", "kommun"))
        service_publish(definition=definition, origin=origin)
        page = client.get("/register/algorithms/ekonomiskt-bistand/", **EN).content.decode()
    assert "Financial assistance in Ekby" in page
    assert "Socialnämnden i Ekby" in page and "SN 2026/00123 punkt 3.1" in page
