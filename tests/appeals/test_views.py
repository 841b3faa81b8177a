"""The pages: only the applicant reaches their case's forms (another person's case is a 404),
bad input is refused with a translated error and everything typed is kept, a double-sent
form gives one appeal, and a second caseworker's stale form gets a clear message (409)."""

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from digikommun.appeals.models import Appeal, Reconsideration
from digikommun.files.models import StoredFile
from digikommun.identity.models import User

from .conftest import ANNA, ERIK, JOHAN, KARIN, OMAR

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def client_for(pnr: str, lang: str = "sv") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    client.force_login(User.objects.get(personnummer=pnr))
    return client


def test_the_case_page_offers_a_person_and_an_appeal_and_says_the_clock_runs(decided):
    page = client_for(ANNA).get(f"/my-pages/cases/{decided.pk}/").content.decode()
    assert f"/my-pages/cases/{decided.pk}/ask-a-person/" in page
    assert f"/my-pages/cases/{decided.pk}/appeal/" in page
    assert "stoppar inte tiden för att överklaga" in page


def test_another_residents_case_is_not_found(decided):
    erik = client_for(ERIK)
    for path in ("ask-a-person/", "appeal/"):
        assert erik.get(f"/my-pages/cases/{decided.pk}/{path}").status_code == 404
    response = erik.post(f"/my-pages/cases/{decided.pk}/ask-a-person/", {"reason": "x"})
    assert response.status_code == 404
    assert not Reconsideration.objects.exists()


def test_an_empty_reason_is_refused_in_swedish_and_english(decided):
    for lang, text in (("sv", "Skriv varför"), ("en", "Write why")):
        response = client_for(ANNA, lang).post(
            f"/my-pages/cases/{decided.pk}/ask-a-person/", {"reason": " "}
        )
        assert response.status_code == 400
        assert text in response.content.decode()


def test_an_appeal_missing_its_reasons_keeps_what_was_typed(decided):
    response = client_for(ANNA).post(
        f"/my-pages/cases/{decided.pk}/appeal/",
        {"key": str(uuid.uuid4()), "change_wanted": "Räkna med hela hyran", "grounds": ""},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Räkna med hela hyran" in page and "Skriv varför beslutet" in page
    assert not Appeal.objects.exists()


def test_a_double_sent_appeal_gives_one_with_its_file_once(decided):
    anna, key = client_for(ANNA), str(uuid.uuid4())
    form = {"key": key, "change_wanted": "Hela hyran", "grounds": "Ny hyra"}
    url = f"/my-pages/cases/{decided.pk}/appeal/"
    for _ in range(2):
        receipt = SimpleUploadedFile("hyresavi.pdf", PDF, content_type="application/pdf")
        assert anna.post(url, {**form, "attachments": receipt}).status_code == 302
    assert Appeal.objects.count() == 1
    [kept] = StoredFile.objects.filter(name="hyresavi.pdf")  # not stored a second time
    assert kept.case_id == decided.pk


def test_a_stale_reconsideration_form_is_refused_and_keeps_the_text(decided):
    client_for(ANNA).post(f"/my-pages/cases/{decided.pk}/ask-a-person/", {"reason": "Hyran"})
    item = Reconsideration.objects.get()
    url = f"/workbench/reconsiderations/{item.pk}/"
    karin, johan = client_for(KARIN), client_for(JOHAN)
    assert karin.get(url).status_code == 200
    assert johan.get(url).status_code == 200
    form = {"version": item.version, "choice": "confirm", "motivation": "Karins skäl"}
    assert karin.post(url, form).status_code == 302
    response = johan.post(url, {**form, "motivation": "Johans egna skäl"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Någon annan" in page and "Johans egna skäl" in page


def test_a_caseworker_of_another_service_sees_no_task(decided):
    client_for(ANNA).post(f"/my-pages/cases/{decided.pk}/ask-a-person/", {"reason": "Hyran"})
    item = Reconsideration.objects.get()
    omar = client_for(OMAR)
    assert omar.get(f"/workbench/reconsiderations/{item.pk}/").status_code == 404
    assert decided.diary_number not in omar.get("/workbench/reconsiderations/").content.decode()
    assert (
        decided.diary_number
        in client_for(KARIN).get("/workbench/reconsiderations/").content.decode()
    )


def test_the_appeal_form_checks_csrf_after_setting_its_upload_limit(decided):
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(personnummer=ANNA))
    response = client.post(
        f"/my-pages/cases/{decided.pk}/appeal/",
        {"key": str(uuid.uuid4()), "change_wanted": "x", "grounds": "y"},
    )
    assert response.status_code == 403
    assert not Appeal.objects.exists()


def test_the_register_extract_holds_requests_and_appeals(decided):
    anna = client_for(ANNA)
    anna.post(f"/my-pages/cases/{decided.pk}/ask-a-person/", {"reason": "Hyran är fel"})
    data = anna.get("/my-pages/register-extract.json").json()
    mine = data["sections"]["appeals"]
    assert mine["reconsiderations"][0]["reason"] == "Hyran är fel"
    assert (
        "Dina begäranden om omprövning" in anna.get("/my-pages/register-extract/").content.decode()
    )
