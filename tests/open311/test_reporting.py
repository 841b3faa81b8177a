"""Fault reports: anyone can report on the web (no login, CSRF kept); places outside the
municipality are refused with a clear message; reports go to the queue of the team their
category and district name; a report near an open one of the same kind is offered as
"already reported"; caseworkers update the status (followers get an email), approve photos
and merge duplicates (the duplicate's followers then hear about the kept report); public
pages show nothing personal.
"""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from digikommun.cases.models import Decision
from tests.conftest import run_pending_tasks

from .conftest import FARSTA, MEDBORGARPLATSEN, SERGELS_TORG, UPPSALA, jpeg_file, submit

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "category": "streetlight",
        "lat": SERGELS_TORG[0],
        "lng": SERGELS_TORG[1],
        "address": "",
        "description": "Lampan vid trappan är släckt. Min granne Anna Andersson såg det.",
        "email": "",
        "a_light_state": "out",
    }
    data.update(overrides)
    return data


def test_anonymous_report_through_the_form_becomes_a_case_in_the_routed_queue(
    fault, django_capture_on_commit_callbacks
):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/felanmalan/report/")
    assert page.status_code == 200
    token = page.cookies["csrftoken"].value
    refused = client.post("/felanmalan/report/", form_data())
    assert refused.status_code == 403  # CSRF is checked for anonymous people too
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/felanmalan/report/",
            form_data(
                csrfmiddlewaretoken=token,
                email="boende@example.org",
                key=page.context["posted"]["key"],
            ),
        )
    assert response.status_code == 302
    from digikommun.open311.models import Report

    report = Report.objects.get()
    assert response["Location"] == f"/felanmalan/reports/{report.public_id}/"
    case = report.case
    assert case.applicant is None and case.register == "FR"
    assert case.team.slug == "stadsmiljo-gator"
    assert case.answers["light_state"] == "out"
    assert report.district == "innerstaden"
    assert report.followers.get().email == "boende@example.org"
    run_pending_tasks()
    case.refresh_from_db()
    assert case.status == "in_review"  # no rules decide a fault report; a caseworker handles it
    assert not Decision.objects.filter(case=case).exists()


def test_the_same_submission_sent_twice_makes_one_report(fault):
    import uuid

    key = uuid.uuid4()
    a = submit(fault, submission_key=key)
    b = submit(fault, submission_key=key)
    assert a.pk == b.pk


def test_category_and_district_choose_the_team(fault):
    assert submit(fault, "graffiti", where=MEDBORGARPLATSEN, photo=jpeg_file()).case.team.slug == (
        "renhallning-innerstad"
    )
    assert submit(fault, "graffiti", where=FARSTA, photo=jpeg_file()).case.team.slug == (
        "renhallning-ytterstad"
    )
    assert submit(fault, "pothole", where=FARSTA).case.team.slug == "stadsmiljo-gator"
    # By address only: no district known, so the category's team.
    report = submit(fault, "litter", where=None, address="Hornsgatan 1")
    assert report.case.team.slug == "renhallning-ytterstad" and report.lat is None


def test_a_place_outside_the_boundary_is_refused_with_a_clear_message(client, fault):
    response = client.post("/felanmalan/report/", form_data(lat=UPPSALA[0], lng=UPPSALA[1]))
    assert response.status_code == 400
    text = response.content.decode()
    assert "utanför kommunens gräns" in text
    assert 'value="Lampan vid trappan' not in text  # textarea keeps it as content instead
    assert "Lampan vid trappan är släckt" in text  # nothing typed is lost
    from digikommun.open311.models import Report

    assert not Report.objects.exists()


def test_no_place_and_missing_answers_are_named(client, fault):
    response = client.post(
        "/felanmalan/report/", form_data(lat="", lng="", a_light_state="", category="streetlight")
    )
    assert response.status_code == 400
    assert set(response.context["errors"]) == {"location", "light_state"}


def test_graffiti_needs_a_photo(client, fault):
    response = client.post(
        "/felanmalan/report/",
        form_data(category="graffiti", a_offensive="no", a_surface_kind="wall"),
    )
    assert response.status_code == 400 and "photo" in response.context["errors"]


def test_a_report_near_an_open_one_is_offered_as_already_reported(client, fault):
    first = submit(fault)
    response = client.post("/felanmalan/report/", form_data(lat="59.332700", lng="18.064950"))
    assert response.status_code == 200
    assert [d["report"].pk for d in response.context["duplicates"]] == [first.pk]
    assert (
        "Follow that one instead" in response.content.decode()
        or "Följ den" in response.content.decode()
    )
    # Following instead adds the address to the earlier report.
    client.post(f"/felanmalan/reports/{first.public_id}/follow/", {"email": "granne@example.org"})
    assert first.followers.filter(email="granne@example.org").exists()
    # Or sending anyway makes a new report.
    again = client.post(
        "/felanmalan/report/",
        form_data(
            lat="59.332700", lng="18.064950", send_anyway="1", key=response.context["posted"]["key"]
        ),
    )
    assert again.status_code == 302
    # Another category, or far away, is not a duplicate.
    assert (
        client.post("/felanmalan/report/", form_data(lat=FARSTA[0], lng=FARSTA[1])).status_code
        == 302
    )


def test_status_updates_reach_followers_by_email_and_close_the_case(fault, caseworker):
    from digikommun.open311.services import report_follow, report_update

    report = submit(fault, email="boende@example.org")
    report_follow(report=report, email="granne@example.org", language="en")
    run_pending_tasks()
    # A follower from the page confirms through the link emailed to them first.
    [confirmation] = [m for m in mail.outbox if m.to == ["granne@example.org"]]
    link = next(line for line in confirmation.body.splitlines() if "/felanmalan/follow/" in line)
    Client().post(link.split("://", 1)[1].split("/", 1)[1].join(["/", ""]))
    mail.outbox.clear()
    report_update(report_id=report.pk, user=caseworker, status="open", notes="Beställt ny lampa.")
    report_update(report_id=report.pk, user=caseworker, status="closed", notes="Lampan är lagad.")
    run_pending_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "boende@example.org",
        "boende@example.org",
        "granne@example.org",
        "granne@example.org",
    ]
    last_sv = [m for m in mail.outbox if m.to == ["boende@example.org"]][-1]
    assert report.number in last_sv.subject
    assert "Lampan är lagad." in last_sv.body and "Åtgärdad" in last_sv.body
    assert "Lampan vid" not in last_sv.body
    english = [m for m in mail.outbox if m.to == ["granne@example.org"]][-1]
    assert "Done" in english.body
    report.case.refresh_from_db()
    assert report.case.status == "closed"
    # Running the tasks again sends nothing twice.
    mail.outbox.clear()
    run_pending_tasks()
    assert mail.outbox == []


def test_a_logged_in_reporter_hears_through_their_notification_settings(fault, caseworker):
    from digikommun.identity.models import User
    from digikommun.notify.models import Delivery
    from digikommun.notify.services import preference_save
    from digikommun.open311.services import report_update

    resident = User.objects.get(personnummer="198507099805")
    preference_save(
        user=resident, email="resident@example.org", events=["status_changed"], language=""
    )
    report = submit(fault, user=resident)
    assert report.case.applicant == resident
    report_update(report_id=report.pk, user=caseworker, status="closed", notes="Klart.")
    run_pending_tasks()
    assert Delivery.objects.get(case=report.case, event="status_changed").status == "sent"
    assert any(m.to == ["resident@example.org"] for m in mail.outbox)


def test_merging_moves_followers_and_closes_the_duplicate(fault, caseworker):
    from digikommun.open311.services import InvalidUpdate, report_merge, report_update

    kept = submit(fault, email="first@example.org")
    duplicate = submit(fault, email="second@example.org")
    with pytest.raises(InvalidUpdate):
        report_merge(report_id=duplicate.pk, into_public_id=duplicate.public_id, user=caseworker)
    report_merge(report_id=duplicate.pk, into_public_id=kept.public_id, user=caseworker)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept and duplicate.status == "closed"
    assert duplicate.case.status == "closed"
    assert set(kept.followers.values_list("email", flat=True)) == {
        "first@example.org",
        "second@example.org",
    }
    run_pending_tasks()
    mail.outbox.clear()
    report_update(report_id=kept.pk, user=caseworker, status="closed", notes="Lagad.")
    run_pending_tasks()
    assert sorted(m.to[0] for m in mail.outbox) == ["first@example.org", "second@example.org"]


def test_only_the_services_caseworkers_may_update(fault):
    from digikommun.identity.models import User
    from digikommun.open311.services import NotAllowed, report_update

    report = submit(fault)
    social = User.objects.get(personnummer="198103129816")  # a caseworker of another service
    with pytest.raises(NotAllowed):
        report_update(report_id=report.pk, user=social, status="closed", notes="x")


def test_public_pages_show_no_personal_data_and_no_unapproved_photo(client, fault, caseworker):
    from digikommun.open311.services import photo_approve

    report = submit(
        fault,
        "graffiti",
        photo=jpeg_file(),
        email="secret@example.org",
        description="Anna Andersson på Storgatan 5 klottrade",
        answers={"offensive": "no", "surface_kind": "wall"},
    )
    for url in (
        "/felanmalan/",
        f"/felanmalan/reports/{report.public_id}/",
        "/open311/v2/requests.json",
    ):
        text = client.get(url).content.decode()
        assert report.public_id in text
        assert "secret@example.org" not in text and "Anna Andersson" not in text
        assert "/photo/" not in text
    photo_approve(report_id=report.pk, user=caseworker, approved=True)
    assert "/photo/" in client.get(f"/felanmalan/reports/{report.public_id}/").content.decode()


def test_the_caseworker_page_updates_approves_and_merges(client, fault, caseworker):
    kept = submit(fault)
    report = submit(fault, photo=jpeg_file())
    client.force_login(caseworker)
    case_page = client.get(f"/workbench/cases/{report.case_id}/").content.decode()
    assert f"/workbench/fault-reports/{report.case_id}/" in case_page
    page = client.get(f"/workbench/fault-reports/{report.case_id}/")
    assert page.status_code == 200 and kept.public_id in page.content.decode()  # nearby
    from digikommun.audit.models import Entry

    read = Entry.objects.filter(action="report.read", case_id=report.case_id).get()
    assert read.actor_id == caseworker.pk  # the handling page's read is audit-logged
    assert client.get(f"/felanmalan/reports/{report.public_id}/photo/").status_code == 200
    expected = timezone.localdate() + datetime.timedelta(days=60)  # relative to today
    bad = client.post(
        f"/workbench/fault-reports/{report.case_id}/",
        {"action": "update", "status": "open", "notes": "", "expected": "not a date"},
    )
    assert bad.status_code == 400 and "expected" in bad.context["errors"]
    client.post(
        f"/workbench/fault-reports/{report.case_id}/",
        {
            "action": "update",
            "status": "open",
            "notes": "På gång.",
            "expected": expected.isoformat(),
        },
    )
    report.refresh_from_db()
    assert (report.status, report.status_notes) == ("open", "På gång.")
    assert timezone.localdate(report.expected_at) == expected
    client.post(
        f"/workbench/fault-reports/{report.case_id}/", {"action": "photo", "approve": "yes"}
    )
    client.post(
        f"/workbench/fault-reports/{report.case_id}/", {"action": "merge", "into": kept.public_id}
    )
    report.refresh_from_db()
    assert report.status == "closed"
    # Written in the language of the request (Swedish, the site's default).
    assert report.status_notes == (f"Redan anmält som {kept.number}. Följ den anmälan för nyheter.")
    assert report.photo_approved and report.merged_into == kept
    assert report.expected_at is None  # a merged report expects nothing of its own
    other = Client()
    assert other.get(f"/workbench/fault-reports/{report.case_id}/").status_code == 302


def test_unfollow_stops_the_emails(client, fault):
    report = submit(fault, email="boende@example.org")
    follower = report.followers.get()
    assert client.get(f"/felanmalan/unfollow/{follower.token}/").status_code == 200
    client.post(f"/felanmalan/unfollow/{follower.token}/")
    assert not report.followers.exists()


def test_the_catalog_page_links_to_the_report_form(client, fault):
    text = client.get("/services/felanmalan/").content.decode()
    assert "/felanmalan/report/" in text


def test_a_logged_in_reporter_sees_as_much_as_anyone_and_more(client, fault, caseworker):
    """Mina sidor shows a logged-in reporter the report's state, the public notes and a link
    to its public page; the form offers their notification address, so a receipt comes too."""
    from digikommun.identity.models import User
    from digikommun.notify.services import preference_save
    from digikommun.open311.services import report_update

    resident = User.objects.get(personnummer="198507099805")
    preference_save(user=resident, email="resident@example.org", events=[], language="")
    client.force_login(resident)
    form = client.get("/felanmalan/report/").content.decode()
    assert 'value="resident@example.org"' in form
    report = submit(fault, user=resident, email="resident@example.org")
    report_update(report_id=report.pk, user=caseworker, state="in_progress", notes="Beställt.")
    page = client.get(f"/my-pages/cases/{report.case_id}/").content.decode()
    assert "Din felanmälan" in page and "Pågår" in page and "Beställt." in page
    assert f"/felanmalan/reports/{report.public_id}/" in page
    run_pending_tasks()
    receipt = [m for m in mail.outbox if m.subject.startswith("Vi har tagit emot")]
    assert receipt and receipt[0].to == ["resident@example.org"]


def test_a_report_that_is_dealt_with_shows_no_expected_date(client, fault, caseworker):
    """A closed report expects nothing: its expected date is cleared and not shown."""
    import datetime

    from django.utils import timezone

    from digikommun.open311.services import report_update

    report = submit(fault)
    soon = timezone.now() + datetime.timedelta(days=3)
    report_update(
        report_id=report.pk, user=caseworker, state="in_progress", notes="Snart.", expected_at=soon
    )
    assert (
        "Väntas vara klart"
        in client.get(f"/felanmalan/reports/{report.public_id}/").content.decode()
    )
    report_update(report_id=report.pk, user=caseworker, state="done", notes="Klart.")
    report.refresh_from_db()
    assert report.expected_at is None and report.state == "done" and report.status == "closed"
    assert (
        "Väntas vara klart"
        not in client.get(f"/felanmalan/reports/{report.public_id}/").content.decode()
    )


def test_fault_states_follow_their_own_table(fault, caseworker):
    """workflow.py: done, not ours and duplicate are ends; a caseworker cannot set duplicate
    by hand (merging does) nor reopen a report that is dealt with."""
    from digikommun.open311 import workflow
    from digikommun.open311.services import InvalidUpdate, report_update

    assert workflow.OPEN311_STATUS == {
        "received": "open",
        "in_progress": "open",
        "done": "closed",
        "not_ours": "closed",
        "duplicate": "closed",
    }
    report = submit(fault)
    with pytest.raises(InvalidUpdate):
        report_update(report_id=report.pk, user=caseworker, state="duplicate", notes="x")
    report_update(report_id=report.pk, user=caseworker, state="not_ours", notes="Trafikverket.")
    with pytest.raises(InvalidUpdate):
        report_update(report_id=report.pk, user=caseworker, state="in_progress", notes="x")
    report.refresh_from_db()
    assert report.case.status == "closed"


@pytest.mark.parametrize("state", ["in_progress", "done"])
def test_an_update_sent_twice_is_published_once(fault, caseworker, state):
    """The handling form sent twice (a double click): one update, one email per follower;
    the second sending is answered as done, not as "nothing changed"."""
    from digikommun.open311.models import ReportUpdate

    report = submit(fault, email="boende@example.org")
    run_pending_tasks()
    mail.outbox.clear()
    staff = Client()
    staff.force_login(caseworker)
    form = {"action": "update", "state": state, "notes": "Beställt ny lampa."}
    for _ in range(2):
        response = staff.post(f"/workbench/fault-reports/{report.case_id}/", form)
        assert response.status_code == 302, response.content
    assert ReportUpdate.objects.filter(report=report).count() == 1
    run_pending_tasks()
    assert [m.to for m in mail.outbox] == [["boende@example.org"]]
