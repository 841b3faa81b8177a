"""A form prefilled from the demo registers: the answers are shown as coming from the register,
the resident may correct them (a corrected fact is then the resident's), the case records
where each fact came from, and the decision's trace and reasons say so. A register that does
not answer leaves the form to the resident, loses nothing, and the case notes the failure."""

from __future__ import annotations

import pytest

from digikommun.cases.models import Case
from digikommun.identity.models import User
from digikommun.portal.models import Draft
from digikommun.process.steps import automated_decision
from digikommun.registers.base import Household, RegisterUnavailable
from digikommun.registers.models import FactSource, Lookup
from tests.answers import THIS_MONTH

DEMO = {
    "population": "digikommun.registers.demo.DemoPopulationRegister",
    "vehicle": "digikommun.registers.demo.DemoVehicleRegister",
}


class DownPopulationRegister:
    """A population register that never answers."""

    def household(self, personnummer: str) -> Household | None:
        raise RegisterUnavailable("connection refused")


@pytest.fixture
def registers(settings):
    settings.REGISTER_ADAPTERS = DEMO
    return settings


def _client(client, personnummer: str):
    user = User.objects.get(personnummer=personnummer)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _start(client, service: str) -> Draft:
    assert client.post(f"/services/{service}/apply/").status_code == 302
    return Draft.objects.latest("pk")


def _send(client, draft: Draft) -> Case:
    response = client.post(f"/applications/{draft.key}/review/", {})
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    return draft.submitted_case


@pytest.mark.usefixtures("registers")
def test_parking_prefilled_corrected_and_decided_with_sources(demo, client):
    erik = _client(client, "199003159820")
    draft = _start(erik, "boendeparkering")
    step1 = f"/applications/{draft.key}/step/1/"
    page = erik.get(step1).content.decode()
    assert 'value="Storgatan 1 lgh 1102"' in page
    assert "Från folkbokföringen" in page
    response = erik.post(
        step1,
        {
            "zone": "inner_city",
            "registered_in_zone": "yes",
            "home_address.street": "Storgatan 1 lgh 1102",
            "home_address.postcode": "111 22",
            "home_address.city": "Demokommun",
            "action": "next",
        },
    )
    assert response.status_code == 302
    step2 = f"/applications/{draft.key}/step/2/"
    # The registration number is typed on the same step as the weight: the step is shown again
    # with what the vehicle register says, for the resident to check.
    response = erik.post(step2, {"registration_number": "abc 123", "action": "next"})
    assert response.status_code == 302 and response["Location"].endswith(step2)
    draft.refresh_from_db()
    assert draft.raw["vehicle_weight"] == "1450" and draft.raw["vehicle_relation"] == "owner"
    page = erik.get(step2).content.decode()
    assert "Från vägtrafikregistret" in page and 'value="1450"' in page
    # A towbar fitted since: the resident corrects the weight.
    response = erik.post(
        step2,
        {
            "registration_number": "ABC 123",
            "vehicle_relation": "owner",
            "vehicle_weight": "1500",
            "action": "next",
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("/review/")
    case = _send(erik, draft)

    sources = {s.field_id: s for s in FactSource.objects.filter(case_id=case.pk)}
    assert sources["home_address"].source == "register"
    assert sources["vehicle_relation"].source == "register"
    assert sources["vehicle_relation"].looked_up_at is not None
    assert (sources["vehicle_weight"].source, sources["vehicle_weight"].status) == (
        "applicant",
        "corrected",
    )
    assert sources["vehicle_weight"].register_value == "1450"

    assert automated_decision(case_id=case.pk) == "approved"
    decision = Case.objects.get(pk=case.pk).decision
    traced = {s["fact"]: s for s in decision.trace["fact_sources"]}
    assert traced["vehicle_relation"]["source"] == "register"
    assert traced["vehicle_relation"]["register"] == "vehicle"
    assert traced["vehicle_weight"]["status"] == "corrected"
    sv = [line for s in decision.reasons["sv"]["sections"] for line in s["lines"]]
    en = [line for s in decision.reasons["en"]["sections"] for line in s["lines"]]
    assert any(
        line.startswith("Hur har du tillgång till fordonet?: från vägtrafikregistret, hämtat ")
        for line in sv
    )
    assert (
        "Fordonets totalvikt i kilo: uppgift från dig; du ändrade det som vägtrafikregistret angav."
        in sv
    )
    assert (
        "The vehicle's gross weight in kilograms: given by you; you corrected what the vehicle register said."
        in en
    )


@pytest.mark.usefixtures("registers")
def test_household_prefilled_from_the_population_register(demo, client):
    fatima = _client(client, "197811029847")
    draft = _start(fatima, "ekonomiskt-bistand")
    page = fatima.get(f"/applications/{draft.key}/step/1/").content.decode()
    draft.refresh_from_db()
    # Her children at home, not the grown son registered elsewhere; no spouse, so the number
    # of adults is hers to answer (the register does not show cohabitants).
    assert draft.raw["children"] == [
        {"first_name": "Amir", "birth_date": "2012-03-08"},
        {"first_name": "Sara", "birth_date": "2019-11-23"},
    ]
    assert "adults" not in draft.raw
    assert page.count("Från folkbokföringen") == 1
    statuses = dict(Lookup.objects.filter(draft_key=draft.key).values_list("field_id", "status"))
    assert statuses == {
        "adults": "not_found",
        "partner_personnummer": "not_found",
        "children": "found",
    }


def test_a_register_that_does_not_answer_leaves_the_form_to_the_resident(demo, settings, client):
    settings.REGISTER_ADAPTERS = {"population": f"{__name__}.DownPopulationRegister"}
    fatima = _client(client, "197811029847")
    draft = _start(fatima, "ekonomiskt-bistand")
    url = f"/applications/{draft.key}/step/1/"
    response = fatima.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Folkbokföringen svarade inte. Fyll i det själv." in page
    response = fatima.post(
        url,
        {
            "month": THIS_MONTH,
            "adults": "1",
            "children.rows": "1",
            "children.0.first_name": "Amir",
            "children.0.birth_date": "2012-03-08",
            "resides_in_municipality": "yes",
            "action": "next",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.raw["children"][0]["first_name"] == "Amir"  # nothing typed is lost
    economy = {"income": "0", "housing_cost": "5500", "electricity_cost": "300", "assets": "0"}
    for number, values in ((2, economy), (3, {"work_situation": "seeking_work"})):
        response = fatima.post(
            f"/applications/{draft.key}/step/{number}/", {**values, "action": "next"}
        )
        assert response.status_code == 302, response.content.decode()[:3000]
    draft.refresh_from_db()
    case = _send(fatima, draft)
    sources = {s.field_id: s.status for s in FactSource.objects.filter(case_id=case.pk)}
    assert sources["children"] == "failed"
    automated_decision(case_id=case.pk)
    case.refresh_from_db()
    trace = case.decision.trace if hasattr(case, "decision") else case.recommendation["trace"]
    failed = next(s for s in trace["fact_sources"] if s["fact"] == "children")
    assert failed["status"] == "failed" and failed["source"] == "applicant"
