"""The catalog: services by life situation and department, search, and a service's page
saying who can apply, what it costs, what to have at hand, how long a decision takes
(measured from real cases once there are enough) and whether it can be decided
automatically. The language switch keeps you on the same page."""

from __future__ import annotations

import datetime

import pytest

from digikommun.cases.models import Case, Decision


def test_the_catalog_groups_services_by_life_situation(client, demo):
    page = client.get("/").content.decode()
    assert "Hitta tjänster efter livssituation" in page
    assert 'href="/life/money/"' in page and 'href="/life/transport/"' in page
    money = client.get("/life/money/").content.decode()
    assert "Ekonomiskt bistånd" in money and "Boendeparkering" not in money


def test_services_by_department(client, demo):
    page = client.get("/departments/").content.decode()
    assert page.index("Socialförvaltningen") < page.index("Trafikkontoret")


def test_search(client, demo):
    found = client.get("/search/", {"q": "parkeringstillstånd"}).content.decode()
    assert "1 tjänst hittades" in found and "/services/boendeparkering/" in found
    none = client.get("/search/", {"q": "zzzz"}).content.decode()
    assert "0 tjänster hittades" in none


def test_an_unknown_life_situation_is_not_found(client, demo):
    assert client.get("/life/pets/").status_code == 404
    school = client.get("/life/school/")
    assert school.status_code == 200 and "Låna en robot för skolan" in school.content.decode()


def test_a_service_page_tells_what_a_resident_needs_to_know(client, demo):
    page = client.get("/services/ekonomiskt-bistand/").content.decode()
    for text in (
        "Vem kan ansöka",
        "Vad det kostar",
        "Det kostar ingenting",
        "Ha detta till hands",
        "Hyresavi",
        "Hur lång tid det tar att få beslut",
        "Tydliga ansökningar beslutas direkt",
        "avgörs direkt och automatiserat",
        "sparas i 14 dagar",
    ):
        assert text in page, text


def test_decision_time_is_measured_once_there_are_enough_cases(client, demo, anna):
    from digikommun.portal import services
    from tests.answers import PARKING, filled_draft

    for minutes in (2, 3, 4, 5, 60):
        draft, definition = filled_draft("boendeparkering", PARKING, person=anna)
        case = services.draft_submit(draft=draft, definition=definition, language="sv")
        decision = Decision.objects.create(
            case=case, outcome="approved", reasons={}, appeal={}, as_of=datetime.date.today()
        )
        Decision.objects.filter(pk=decision.pk).update(
            decided_at=case.submitted_at + datetime.timedelta(minutes=minutes)
        )
    page = client.get("/services/boendeparkering/").content.decode()
    assert "Hälften av besluten det senaste året tog högst 4 minuter" in page
    assert "mätt på 5 avgjorda ärenden" in page
    assert "100\u00a0% av besluten automatiserat" in page
    assert Case.objects.count() == 5


@pytest.mark.parametrize("path", ["/services/boendeparkering/", "/search/?q=parkera"])
def test_the_language_switch_keeps_you_on_the_same_page(client, demo, path):
    response = client.post("/i18n/setlang/", {"language": "en", "next": path})
    assert response.status_code == 302 and response["Location"] == path
    page = client.get(path).content.decode()
    assert '<html lang="en">' in page and "På svenska" in page
