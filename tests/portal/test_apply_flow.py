"""Filling in an application on the server side (JavaScript off): every button keeps what
was typed; rows are added and removed; drafts are saved as typed (autosave), can be saved
for later, resumed from Mina sidor, and expire by the definition's rule."""

from __future__ import annotations

import datetime

from django.core.management import call_command
from django.utils import timezone

from digikommun.catalog.selectors import current_version
from digikommun.portal import services
from digikommun.portal.models import Draft


def start(resident, service="ekonomiskt-bistand") -> Draft:
    response = resident.post(f"/services/{service}/apply/")
    assert response.status_code == 302
    return Draft.objects.latest("pk")


def test_rows_are_added_and_removed_and_typed_text_is_kept(resident):
    draft = start(resident)
    url = f"/applications/{draft.key}/step/1/"
    response = resident.post(url, {"adults": "1", "children.rows": "0", "action": "add:children"})
    assert response.status_code == 302 and response["Location"].endswith("#f-children-0-first_name")
    draft.refresh_from_db()
    assert draft.raw["adults"] == "1" and draft.raw["children"] == [{}]
    page = resident.get(url).content.decode()
    assert 'name="children.0.birth_date"' in page and "Barn 1" in page

    resident.post(
        url,
        {
            "adults": "1",
            "children.rows": "1",
            "children.0.first_name": "Nora",
            "children.0.birth_date": "2017-05-01",
            "action": "add:children",
        },
    )
    resident.post(
        url,
        {
            "adults": "1",
            "children.rows": "2",
            "children.0.first_name": "Nora",
            "children.0.birth_date": "2017-05-01",
            "children.1.first_name": "Ove",
            "action": "remove:children:0",
        },
    )
    draft.refresh_from_db()
    assert draft.raw["children"] == [
        {
            "first_name": "Ove",
            "birth_date": "",
            "lunch_out": "",
            "upper_secondary": "",
            "work_income": "",
            "work_income_earlier": "",
        }
    ]
    response = resident.post(
        url, {"adults": "1", "children.rows": "1", "children.0.first_name": "Ove", "action": "next"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#f-children-0-birth_date"' in page
    assert "Barn 1: Födelsedatum: Fyll i fältet." in page


def test_autosave_keeps_text_without_judging_it(resident):
    draft = start(resident)
    page = resident.get(f"/applications/{draft.key}/step/1/").content.decode()
    version = page.split('data-draft-version="', 1)[1].split('"', 1)[0]
    url = f"/applications/{draft.key}/step/2/autosave/"
    response = resident.post(url, {"_version": version, "income": "tvåtusen", "assets": "5"})
    assert response.status_code == 200 and response.json()["saved"] is True
    assert "Utkastet sparades kl." in response.json()["message"]
    draft.refresh_from_db()
    assert draft.raw["income"] == "tvåtusen" and draft.step == 0
    assert response.json()["version"] == draft.updated_at.isoformat()

    # An autosave sent before the step itself was sent (a row added) must not undo it.
    resident.post(f"/applications/{draft.key}/step/1/", {"adults": "1", "action": "add:children"})
    late = resident.post(url, {"_version": response.json()["version"], "income": "0"})
    assert late.status_code == 409
    draft.refresh_from_db()
    assert draft.raw["income"] == "tvåtusen" and draft.raw["children"] == [{}]


def test_save_and_continue_later_then_resume(resident):
    draft = start(resident)
    response = resident.post(
        f"/applications/{draft.key}/step/1/", {"adults": "2", "action": "save"}
    )
    assert response.status_code == 302 and response["Location"] == "/my-pages/"
    my_pages = resident.get("/my-pages/").content.decode()
    assert f"/applications/{draft.key}/" in my_pages and "sparas till" in my_pages
    resumed = resident.get(f"/applications/{draft.key}/")
    assert resumed["Location"] == f"/applications/{draft.key}/step/1/"
    assert 'value="2" id="f-adults-2" checked' in resident.get(resumed["Location"]).content.decode()


def test_a_step_cannot_be_skipped_and_review_sends_you_to_what_is_missing(resident):
    draft = start(resident, "boendeparkering")
    assert resident.get(f"/applications/{draft.key}/step/2/")["Location"].endswith("/step/1/")
    assert resident.get(f"/applications/{draft.key}/review/")["Location"].endswith("/step/1/")
    draft.raw, draft.step = {"zone": "inner_city"}, 2  # passed, then changed behind its back
    draft.save()
    response = resident.get(f"/applications/{draft.key}/review/")
    assert response["Location"].endswith("/step/1/")


def test_a_company_car_asks_for_the_employer_and_an_owner_is_not_asked(resident):
    draft = start(resident, "boendeparkering")
    step2 = f"/applications/{draft.key}/step/2/"
    resident.post(
        f"/applications/{draft.key}/step/1/",
        {"zone": "inner_city", "registered_in_zone": "yes", "action": "next"},
    )
    answers = {"registration_number": "ABC 123", "vehicle_weight": "1500", "action": "next"}
    response = resident.post(step2, {**answers, "vehicle_relation": "company_car"})
    assert response.status_code == 400
    assert "Arbetsgivarens organisationsnummer: Fyll i fältet." in response.content.decode()
    response = resident.post(
        step2, {**answers, "vehicle_relation": "owner", "employer_orgnr": "typed anyway"}
    )
    assert response.status_code == 302
    resident.post(f"/applications/{draft.key}/review/")
    draft.refresh_from_db()
    assert (
        "employer_orgnr" not in draft.submitted_case.answers
        or not (draft.submitted_case.answers["employer_orgnr"])
    )
    assert draft.submitted_case.facts["employer_orgnr"] is None


def test_a_draft_expires_by_the_definitions_rule(resident, anna):
    draft = start(resident, "boendeparkering")
    assert draft.expires_at.date() == (timezone.now() + datetime.timedelta(days=30)).date()
    Draft.objects.filter(pk=draft.pk).update(expires_at=timezone.now() - datetime.timedelta(1))
    response = resident.get(f"/applications/{draft.key}/step/1/")
    assert response.status_code == 410
    assert "Ansökan har gått ut" in response.content.decode()
    assert f"/applications/{draft.key}/" not in resident.get("/my-pages/").content.decode()
    kept = services.draft_start(applicant=anna, version=current_version("boendeparkering"))
    call_command("drafts_purge")
    assert list(Draft.objects.values_list("pk", flat=True)) == [kept.pk]


def test_an_unsent_application_can_be_removed(resident):
    draft = start(resident)
    assert resident.post(f"/applications/{draft.key}/delete/").status_code == 302
    assert not Draft.objects.filter(pk=draft.pk).exists()


def test_someone_elses_draft_is_not_found(client, demo, resident):
    from digikommun.identity.models import User

    draft = start(resident)
    client.force_login(
        User.objects.get(personnummer="199003159820"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    assert client.get(f"/applications/{draft.key}/step/1/").status_code == 404


def test_what_was_sent_after_the_session_ended_is_kept_through_the_next_login(resident, anna):
    draft = start(resident, "boendeparkering")
    resident.logout()  # the session ran out while the person was typing
    url = f"/applications/{draft.key}/step/1/"
    response = resident.post(url, {"zone": "outer_city", "registered_in_zone": "no"})
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")
    resident.force_login(anna, backend="django.contrib.auth.backends.ModelBackend")
    page = resident.get(url).content.decode()
    assert "Det du hade fyllt i har sparats" in page
    draft.refresh_from_db()
    assert draft.raw["zone"] == "outer_city" and draft.raw["registered_in_zone"] == "no"
    assert "Det du hade fyllt i" not in resident.get(url).content.decode()  # once only


def test_a_map_step_may_load_tiles_from_the_configured_server_only(resident, showcase, settings):
    from tests.browser.helpers import SHOWCASE

    resident.post("/services/falttyper/apply/")
    draft = Draft.objects.latest("pk")
    draft.raw, draft.step = dict(SHOWCASE), 7
    draft.save()
    settings.PORTAL_MAP_TILE_URL = "https://tiles.example.se/{z}/{x}/{y}.png"
    policy = resident.get(f"/applications/{draft.key}/step/4/")["Content-Security-Policy"]
    assert "img-src 'self' data: https://tiles.example.se" in policy
    other = resident.get(f"/applications/{draft.key}/step/1/")["Content-Security-Policy"]
    assert "tiles.example.se" not in other
    settings.PORTAL_MAP_TILE_URL = ""
    assert (
        "img-src 'self' data:;"
        in resident.get(f"/applications/{draft.key}/step/4/")["Content-Security-Policy"] + ";"
    )


def test_apply_pressed_twice_makes_one_draft(resident, anna):
    """A double click on "Apply" gives one draft; once the person has passed a step, or a
    minute later, "Apply" starts a new one."""
    for _ in range(2):
        assert resident.post("/services/boendeparkering/apply/").status_code == 302
    [draft] = Draft.objects.filter(applicant=anna)
    Draft.objects.filter(pk=draft.pk).update(
        created_at=timezone.now() - services.START_REPEAT_WINDOW - datetime.timedelta(seconds=1)
    )
    resident.post("/services/boendeparkering/apply/")
    assert Draft.objects.filter(applicant=anna).count() == 2
