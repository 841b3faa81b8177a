"""The public register of automated decision models: generated from the published definitions,
the rules as tables, the Algoritmeregister field names, a diff between versions, counts under
5 withheld, no personal data, and publishing refused without the register's fields."""

from __future__ import annotations

import datetime
import shutil
import uuid
from pathlib import Path

import pytest
from django.utils import timezone

from digikommun.cases.models import Case, Decision
from digikommun.catalog.definition import DefinitionErrors, load_definition
from digikommun.catalog.selectors import current_version
from digikommun.catalog.services import PublishRefused, service_publish, services_publish_folder
from digikommun.identity.models import User

from ..catalog.test_cli import digikommun

ROOT = Path(__file__).resolve().parents[2]
SV = {"HTTP_ACCEPT_LANGUAGE": "sv"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _without_register(tmp_path: Path) -> Path:
    target = tmp_path / "services" / "boendeparkering"
    shutil.copytree(ROOT / "services" / "boendeparkering", target)
    text = (target / "service.yaml").read_text()
    start = text.index("algorithm_register:")
    end = text.index("\nappeal:")
    (target / "service.yaml").write_text(text[:start] + text[end + 1 :])
    return target


def _edit(tmp_path: Path, service: str, old: str, new: str, name: str = "rules.yaml") -> Path:
    target = tmp_path / service
    if not target.exists():
        shutil.copytree(ROOT / "services" / service, target)
    text = (target / name).read_text()
    assert old in text
    (target / name).write_text(text.replace(old, new, 1))
    return target


def _decisions(service_id: str, *, automated: int, manual: int) -> None:
    version = current_version(service_id)
    person = User.objects.get(personnummer="198507099805")
    worker = User.objects.filter(is_staff=True).first() or person
    for n in range(automated + manual):
        case = Case.objects.create(
            register="TN",
            year=2026,
            sequence=9000 + n,
            service_version=version,
            service_id=service_id,
            applicant=person,
            answers={},
            facts={},
            submission_key=uuid.uuid4(),
            submitted_at=timezone.now(),
            status="decided",
        )
        Decision.objects.create(
            case=case,
            outcome="approved",
            reasons={"sv": [], "en": []},
            appeal={"sv": "", "en": ""},
            decided_by=None if n < automated else worker,
            as_of=datetime.date(2026, 3, 1),
        )


def test_the_register_section_is_checked(tmp_path):
    long = "x" * 151
    target = _edit(
        tmp_path,
        "boendeparkering",
        "  status: operational\n",
        f"  status: running\n  colour: blue\n  description_short: {{sv: {long}, en: short}}\n",
        "service.yaml",
    )
    text = (target / "service.yaml").read_text()
    # The first description_short stays; drop it so the long one is read.
    first = text.index("  description_short:\n")
    end = text.index("  purpose:")
    (target / "service.yaml").write_text(text[:first] + text[end:])
    with pytest.raises(DefinitionErrors) as exc:
        load_definition(target)
    message = str(exc.value)
    assert "'status' is one of planned, pilot, operational, retired" in message
    assert "unknown key 'colour' in 'algorithm_register'" in message
    assert "is 151 characters; at most 150" in message


def test_the_demo_services_fill_every_register_field():
    for service in ("boendeparkering", "ekonomiskt-bistand"):
        assert load_definition(ROOT / "services" / service).algorithm_register.missing() == []


@pytest.mark.django_db
def test_publishing_an_automated_definition_without_the_register_fields_is_refused(tmp_path):
    target = _without_register(tmp_path)
    with pytest.raises(PublishRefused) as exc:
        services_publish_folder(path=target.parent)
    line = exc.value.lines[0]
    assert line.startswith("boendeparkering: decides automatically")
    for name in ("description_short", "purpose", "human_oversight", "risks"):
        assert name in line
    assert "contact.email, status, start_date" in line
    assert current_version("boendeparkering") is None


def test_the_cli_refuses_to_publish_and_says_what_is_missing(tmp_path):
    target = _without_register(tmp_path)
    result = digikommun(
        "services", "publish", str(target), env={"DIGIKOMMUN_DB_NAME": str(tmp_path / "db.sqlite3")}
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "refused: boendeparkering: decides automatically" in result.stdout
    assert "Nothing was published" in result.stdout
    assert "published as" not in result.stdout


@pytest.mark.django_db
def test_the_list_shows_every_automated_service_and_nothing_else(client, demo):
    page = client.get("/register/algorithms/", **SV).content.decode()
    assert "Register över automatiserade beslutsmodeller" in page
    assert "/register/algorithms/boendeparkering/" in page
    assert "/register/algorithms/ekonomiskt-bistand/" in page
    assert "/register/algorithms/felanmalan/" not in page
    english = client.get("/register/algorithms/", **EN).content.decode()
    assert "Register of automated decision models" in english
    # The public register of cases keeps working beside it.
    assert client.get("/register/").status_code == 200


@pytest.mark.django_db
def test_a_model_page_shows_the_delegation_and_the_rules_as_tables(client, demo):
    response = client.get("/register/algorithms/boendeparkering/", **SV)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Trafiknämnden" in page
    assert "Delegeringsbeslut:" in page
    assert "Förvaltningslagen (2017:900) 28 §" in page
    assert 'class="table decision-table"' in page
    assert '<th scope="row">not-registered</th>' in page
    assert "Trafikförordningen (1998:1276) 10 kap. 1 §" in page  # the rule's legal reference
    assert "Folkbokförd på en adress i zonen" in page  # an input with its label
    assert "Avgift för boendeparkering i innerstaden" in page  # a parameter
    assert "exempelvärde" in page  # example values said to be so
    assert "trafikkontoret@demokommun.example" in page
    bistand = client.get("/register/algorithms/ekonomiskt-bistand/", **EN).content.decode()
    assert "This delegation decision is an example made up for the demo" in bistand
    assert "Socialstyrelsen" in bistand  # parameter sources
    assert client.get("/register/algorithms/felanmalan/").status_code == 404
    assert client.get("/register/algorithms/boendeparkering/v9/").status_code == 404


@pytest.mark.django_db
def test_the_json_has_the_algoritmeregister_field_names(client, demo):
    data = client.get("/register/algorithms.json").json()
    assert data["algoritmeregister_standard"]["version"] == "0.3.1"
    ids = [m["service_id"] for m in data["models"]]
    assert sorted(ids) == ["boendeparkering", "ekonomiskt-bistand", "telepresensrobot"]
    model = next(m for m in data["models"] if m["service_id"] == "ekonomiskt-bistand")
    assert model["delegation"]["example"] is True
    assert model["delegation"]["body"] == "Socialnämnden"
    assert model["decision_tables"][0]["rules"][0]["id"] == "facts-missing"
    nl = model["algoritmeregister"]["en"]
    for name in (
        "standard_version",
        "name",
        "organization",
        "department",
        "description_short",
        "status",
        "goal",
        "impact",
        "risks",
        "lawful_basis",
        "source_data",
        "human_intervention",
        "objection_procedure",
        "algorithm_type",
        "contact_email",
    ):
        assert nl[name], name
    assert nl["algorithm_type"] == "rule-based"
    assert len(nl["description_short"]) <= 150
    assert "Socialnämnden" in nl["lawful_basis"] and "example" in nl["lawful_basis"]
    assert model["algoritmeregister"]["sv"]["lang"] == "sv"


@pytest.mark.django_db
def test_a_diff_between_two_versions(client, demo, tmp_path):
    target = _edit(tmp_path, "boendeparkering", "value: 1100", "value: 1250")
    target = _edit(tmp_path, "boendeparkering", '"rejected"', '"manual"')
    service_publish(definition=load_definition(target))
    page = client.get("/register/algorithms/boendeparkering/?compare=1", **EN).content.decode()
    assert "Changes from version 1 to version 2" in page
    assert "<del>1100 (" in page and "<ins>1250 (" in page
    assert "not-registered" in page and "&quot;manual&quot;" in page
    old = client.get("/register/algorithms/boendeparkering/v1/", **EN).content.decode()
    assert "not the current version" in old
    bad = client.get("/register/algorithms/boendeparkering/?compare=x", **EN)
    assert bad.status_code == 200
    assert "There is no such version to compare with" in bad.content.decode()


@pytest.mark.django_db
def test_counts_under_five_are_withheld(client, demo):
    _decisions("boendeparkering", automated=3, manual=0)
    share = client.get("/register/algorithms.json").json()["models"][0]["automated_share"]
    assert share == {"total": None, "automated": None, "share_percent": None, "withheld": True}
    page = client.get("/register/algorithms/boendeparkering/", **EN).content.decode()
    assert "counts under 5 are withheld" in page


@pytest.mark.django_db
def test_the_share_decided_automatically_and_no_personal_data(client, demo):
    _decisions("boendeparkering", automated=6, manual=5)
    person = User.objects.get(personnummer="198507099805")
    page = client.get("/register/algorithms/boendeparkering/", **EN).content.decode()
    assert "55 % of decisions were made automatically (6 of 11)" in page
    body = client.get("/register/algorithms.json").content.decode()
    for text in (page, body):
        assert "198507099805" not in text and "19850709" not in text
        assert person.last_name not in text if person.last_name else True
