"""The caseworker inbox (Inkorg): a message from the applicant or an answered completion
request marks the case in its team's queues, with a count, whatever the case's status; the
first read by a caseworker of the team clears it; other teams never see it; services are
chosen from a list; the queue names the applicant; the case page lists letters and files."""

import pytest

from digikommun.cases import handling
from digikommun.cases.attention import case_mark_attention
from digikommun.cases.models import Attention, Case
from digikommun.cases.services import case_mark_attention as door
from digikommun.cases.workflow import Status
from digikommun.identity.models import User
from digikommun.process.steps import automated_decision
from digikommun.workbench import selectors
from tests.cases.test_process import BISTAND, submit
from tests.workbench.test_workbench import ANNA, KARIN, OMAR, client_for

JOHAN = "197609219816"


def decided_case() -> Case:
    case = submit("ekonomiskt-bistand", BISTAND)
    automated_decision(case_id=case.pk)
    case.refresh_from_db()
    assert case.status == Status.DECIDED
    return case


def inbox_for(pnr: str) -> list[int]:
    user = User.objects.get(personnummer=pnr)
    page = selectors.queue_page(user=user, f=selectors.QueueFilter(status=selectors.INBOX))
    return [c.pk for c in page.cases]


def test_a_message_on_a_decided_case_is_in_the_teams_inbox_until_read(demo):
    case = decided_case()
    assert inbox_for(KARIN) == []
    handling.case_message_from_applicant(
        case_id=case.pk, applicant=case.applicant, text="Jag vill att en person tittar."
    )
    assert inbox_for(KARIN) == [case.pk]
    assert inbox_for(JOHAN) == [case.pk]  # the same team
    assert inbox_for(OMAR) == []  # another team, other services
    page = client_for(KARIN).get("/workbench/?status=inbox").content.decode()
    assert case.diary_number in page and 'data-unread="1"' in page
    assert 'id="inbox-count">1<' in page
    assert "Anna Andersson" in page  # the applicant's name in the list

    opened = client_for(JOHAN).get(f"/workbench/cases/{case.pk}/").content.decode()
    assert 'id="unread-notice"' in opened
    assert inbox_for(KARIN) == [] and inbox_for(JOHAN) == []
    attention = Attention.objects.get(case=case)
    assert attention.cleared_by.personnummer == JOHAN
    again = client_for(KARIN).get(f"/workbench/cases/{case.pk}/").content.decode()
    assert 'id="unread-notice"' not in again


def test_an_answered_completion_request_marks_the_case(demo):
    case = submit("ekonomiskt-bistand", {**BISTAND, "work_situation": "other"})
    automated_decision(case_id=case.pk)
    karin = User.objects.get(personnummer=KARIN)
    handling.completion_request(
        case_id=case.pk, user=karin, text="Skicka intyg", days=7, expected_version=1
    )
    handling.completion_answer(case_id=case.pk, applicant=case.applicant, text="Här är det")
    assert Attention.objects.get(case=case).reason == Attention.Reason.COMPLETION_ANSWERED
    assert selectors.inbox_count(user=karin) == 1


def test_the_door_is_idempotent_and_refuses_unknown_reasons(demo):
    case = decided_case()
    assert door is case_mark_attention
    first = door(case=case, reason=Attention.Reason.PERSON_REQUESTED, ref="7")
    assert door(case=case, reason="person_requested", ref="7").pk == first.pk
    assert Attention.objects.filter(case=case).count() == 1
    with pytest.raises(ValueError):
        door(case=case, reason="whatever")


def test_queues_are_scoped_to_the_caseworkers_teams(demo):
    from digikommun.identity.models import Role, RoleGrant

    case = submit("ekonomiskt-bistand", {**BISTAND, "work_situation": "other"})
    automated_decision(case_id=case.pk)
    omar = User.objects.get(personnummer=OMAR)
    # Omar may handle the service, but he is not in the team the case was routed to.
    RoleGrant.objects.create(user=omar, role=Role.CASEWORKER, service_id="ekonomiskt-bistand")
    page = selectors.queue_page(user=omar, f=selectors.QueueFilter())
    assert case.pk not in [c.pk for c in page.cases]
    client_for(OMAR).post("/workbench/take-next/")
    assert Case.objects.get(pk=case.pk).assignee is None  # nor can he take it next
    client_for(KARIN).post("/workbench/take-next/")
    assert Case.objects.get(pk=case.pk).assignee.personnummer == KARIN


def test_services_are_chosen_from_a_list(demo):
    page = client_for(KARIN).get("/workbench/").content.decode()
    assert '<select id="q-service" name="service">' in page
    assert '<option value="ekonomiskt-bistand"' in page and "Ekonomiskt bistånd" in page


def test_residents_cannot_read_the_inbox(demo):
    assert client_for(ANNA).get("/workbench/?status=inbox").status_code == 403


def test_every_letter_can_be_previewed_and_downloaded(demo, django_capture_on_commit_callbacks):
    from digikommun.letters.models import Letter
    from tests.conftest import run_pending_tasks

    with django_capture_on_commit_callbacks(execute=True):
        case = decided_case()
    run_pending_tasks()
    [letter] = Letter.objects.filter(case=case)
    karin = client_for(KARIN)
    page = karin.get(f"/workbench/cases/{case.pk}/").content.decode()
    url = f"/workbench/cases/{case.pk}/letters/{letter.pk}/"
    assert url in page and f"{url}?download=1" in page
    preview = karin.get(url)
    assert preview["Content-Disposition"].startswith("inline")
    assert preview.content.startswith(b"%PDF-")
    assert karin.get(f"{url}?download=1")["Content-Disposition"].startswith("attachment")
    assert client_for(OMAR).get(url).status_code == 404
