"""Register extract (registerutdrag): everything the e-services hold about the person asking,
as a readable page and as JSON; nothing about anyone else."""

from __future__ import annotations

import json

from digikommun.portal import extract


def test_the_extract_holds_the_person_cases_drafts_and_files(resident, anna, showcase):
    from digikommun.portal import services
    from tests import answers
    from tests.answers import PARKING, filled_draft

    draft, definition = filled_draft("boendeparkering", PARKING, person=anna)
    case = services.draft_submit(draft=draft, definition=definition, language="sv")
    resident.post("/services/ekonomiskt-bistand/apply/")
    from digikommun.identity.models import User

    erik = User.objects.get(personnummer="199003159820")
    filled_draft("boendeparkering", answers.parking(registration_number="XYZ 999"), person=erik)

    response = resident.get("/my-pages/register-extract.json")
    assert response["Content-Disposition"].startswith('attachment; filename="registerutdrag-')
    data = json.loads(response.content)
    sections = data["sections"]
    assert sections["person"]["personnummer"] == "19850709-9805"
    [mine] = sections["cases"]
    assert mine["case_number"] == case.diary_number
    assert mine["answers"]["registration_number"] == "ABC 123"
    assert mine["timeline"][0]["event"] == "submitted"
    assert len(sections["drafts"]) == 1
    assert "XYZ 999" not in response.content.decode()  # someone else's application

    page = resident.get("/my-pages/register-extract/").content.decode()
    for text in ("Registerutdrag", "Om dig", "19850709-9805", case.diary_number, "ABC 123"):
        assert text in page, text


def test_another_app_adds_its_own_section(resident, anna):
    extract.register_section("notes", "Test notes", lambda user: [{"text": f"about {user.pk}"}])
    try:
        page = resident.get("/my-pages/register-extract/").content.decode()
        assert "Test notes" in page and f"about {anna.pk}" in page
        data = json.loads(resident.get("/my-pages/register-extract.json").content)
        assert data["sections"]["notes"] == [{"text": f"about {anna.pk}"}]
    finally:
        extract._SECTIONS[:] = [s for s in extract._SECTIONS if s[0] != "notes"]


def test_the_extract_needs_a_login(client, demo):
    assert client.get("/my-pages/register-extract.json").status_code == 302
