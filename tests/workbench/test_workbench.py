"""The workbench: only staff may enter; queues page by keyset; reads and changes are audited;
a stale form is refused with what was typed kept; the public register shows nothing personal."""

import pytest
from django.test import Client

from digikommun.audit.selectors import entries_for_case
from digikommun.cases.models import Case
from digikommun.cases.workflow import Status
from digikommun.identity.models import User
from digikommun.process.steps import automated_decision
from digikommun.workbench import selectors
from tests import answers
from tests.answers import submitted_case

KARIN, OMAR, ANNA = "198103129816", "198806149814", "198507099805"


def client_for(pnr: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(personnummer=pnr))
    return client


def review_cases(n: int) -> list[Case]:
    cases = []
    for _ in range(n):
        case = submitted_case("ekonomiskt-bistand", answers.bistand(work_situation="other"))
        automated_decision(case_id=case.pk)
        cases.append(case)
    return cases


def test_residents_may_not_enter_the_workbench(demo):
    assert client_for(ANNA).get("/workbench/").status_code == 403


def test_queue_shows_only_the_caseworkers_services(demo):
    [case] = review_cases(1)
    assert case.diary_number in client_for(KARIN).get("/workbench/").content.decode()
    assert case.diary_number not in client_for(OMAR).get("/workbench/").content.decode()
    assert client_for(OMAR).get(f"/workbench/cases/{case.pk}/").status_code == 404


def test_keyset_pages_cover_the_queue_once_in_order(demo, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    cases = review_cases(5)
    karin = User.objects.get(personnummer=KARIN)
    seen, cursor = [], ""
    while True:
        page = selectors.queue_page(user=karin, f=selectors.QueueFilter(after=cursor))
        seen += [c.pk for c in page.cases]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == [c.pk for c in cases]


def test_reading_a_case_is_written_to_the_audit_log(demo):
    [case] = review_cases(1)
    client_for(KARIN).get(f"/workbench/cases/{case.pk}/")
    actions = [e.action for e in entries_for_case(case_id=case.pk)]
    assert actions == ["case.read"]


def test_an_action_is_logged_once_as_the_change_it_makes(demo):
    [case] = review_cases(1)
    karin = client_for(KARIN)
    karin.get(f"/workbench/cases/{case.pk}/")
    karin.post(
        f"/workbench/cases/{case.pk}/assign/", {"version": Case.objects.get(pk=case.pk).version}
    )
    actions = [e.action for e in entries_for_case(case_id=case.pk)]
    assert actions == ["case.read", "case.assign"]


def test_a_stale_form_is_refused_and_the_text_is_kept(demo):
    [case] = review_cases(1)
    karin = client_for(KARIN)
    old_version = Case.objects.get(pk=case.pk).version
    karin.post(f"/workbench/cases/{case.pk}/assign/", {"version": old_version})
    response = karin.post(
        f"/workbench/cases/{case.pk}/decide/",
        {"version": old_version, "outcome": "approved", "motivation": "Mitt utkast till skäl."},
    )
    assert response.status_code == 409
    assert "Mitt utkast till skäl." in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == Status.IN_REVIEW


def test_a_decision_without_reasons_names_each_missing_field(demo):
    [case] = review_cases(1)
    response = client_for(KARIN).post(
        f"/workbench/cases/{case.pk}/decide/",
        {"version": Case.objects.get(pk=case.pk).version, "amount": "tusen"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter the amount in kronor" in text


@pytest.mark.django_db
def test_the_public_register_shows_no_personal_data(demo):
    [case] = review_cases(1)
    text = Client().get("/register/").content.decode()
    assert case.diary_number in text
    assert "Anna" not in text and "19850709" not in text and "Andersson" not in text


def test_only_auditors_read_the_audit_log(demo):
    [case] = review_cases(1)
    client_for(KARIN).get(f"/workbench/cases/{case.pk}/")
    assert client_for(KARIN).get("/workbench/audit/").status_code == 403
    response = client_for("196904059810").get(f"/workbench/audit/?case={case.pk}")
    assert response.status_code == 200
    assert "case.read" in response.content.decode()
    assert "Karin Berg" in response.content.decode()


def test_the_applicant_sees_only_public_events(demo):
    [case] = review_cases(1)
    from digikommun.cases import handling

    karin = User.objects.get(personnummer=KARIN)
    handling.case_assign(case_id=case.pk, user=karin)
    applicant = Client()
    applicant.force_login(case.applicant)
    text = applicant.get(f"/my-pages/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Sent to a caseworker" in text
    assert "A caseworker took the case" not in text
