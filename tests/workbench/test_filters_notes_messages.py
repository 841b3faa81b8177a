"""The workbench's queue filters, and notes and messages written from the case page."""

from __future__ import annotations

import datetime

from django.utils import timezone

from digikommun.cases.models import Case, CaseMessage, CaseNote
from digikommun.cases.workflow import Status
from digikommun.identity.models import User
from digikommun.notify.models import Delivery
from tests.workbench.test_workbench import KARIN, client_for, review_cases

JOHAN = "197609219816"


def queue(pnr: str, **params: str) -> str:
    return client_for(pnr).get("/workbench/", params).content.decode()


def test_the_queue_filters_by_assignee_age_deadline_and_recommendation(demo):
    mine, theirs, old = review_cases(3)
    karin, johan = (User.objects.get(personnummer=p) for p in (KARIN, JOHAN))
    Case.objects.filter(pk=mine.pk).update(assignee=karin)
    Case.objects.filter(pk=theirs.pk).update(assignee=johan)
    Case.objects.filter(pk=old.pk).update(
        submitted_at=timezone.now() - datetime.timedelta(days=40),
        deadline=timezone.now() + datetime.timedelta(days=2),
        recommended_outcome="rejected",
    )
    numbers = {c.pk: Case.objects.get(pk=c.pk).diary_number for c in (mine, theirs, old)}

    def shown(**params: str) -> set[int]:
        page = queue(KARIN, **params)
        return {pk for pk, number in numbers.items() if number in page}

    assert shown() == {mine.pk, theirs.pk, old.pk}
    assert shown(assignee="me") == {mine.pk}
    assert shown(assignee="none") == {old.pk}
    assert shown(older_than_days="30") == {old.pk}
    in_a_week = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    assert shown(deadline_before=in_a_week) == {old.pk}
    assert shown(recommended="rejected") == {old.pk}
    assert shown(service="boendeparkering") == set()
    assert shown(status=Status.DECIDED) == set()
    assert shown(status="open") == {mine.pk, theirs.pk, old.pk}
    assert shown(team="socialtjanst-ekonomi") == {mine.pk, theirs.pk, old.pk}
    # Nonsense in a filter is ignored, never a 500.
    assert client_for(KARIN).get("/workbench/", {"older_than_days": "x"}).status_code == 200


def test_a_note_stays_inside_and_a_message_reaches_the_applicant(demo):
    [case] = review_cases(1)
    client = client_for(KARIN)
    base = f"/workbench/cases/{case.pk}"
    client.post(f"{base}/note/", {"note": "  Ring hyresvärden.  ", "version": case.version})
    client.post(f"{base}/message/", {"message": "Vi har tagit emot din ansökan."})
    note = CaseNote.objects.get(case=case)
    assert note.text == "Ring hyresvärden." and note.author.personnummer == KARIN
    message = CaseMessage.objects.get(case=case)
    assert message.direction == CaseMessage.Direction.TO_APPLICANT
    assert Delivery.objects.filter(case=case, event="message", ref=str(message.pk)).exists()
    # The applicant reads the message on Mina sidor, never the note.
    applicant = client_for(case.applicant.personnummer)
    page = applicant.get(f"/my-pages/cases/{case.pk}/").content.decode()
    assert "Vi har tagit emot din ansökan." in page
    assert "Ring hyresvärden." not in page
    assert "Ring hyresvärden." in client.get(f"{base}/").content.decode()


def test_an_empty_note_or_message_is_refused_and_nothing_is_stored(demo):
    [case] = review_cases(1)
    client = client_for(KARIN)
    for action, field in (("note", "note"), ("message", "message")):
        response = client.post(f"/workbench/cases/{case.pk}/{action}/", {field: "   "})
        assert response.status_code == 400
        assert response.context["errors"].keys() == {field}
    assert not CaseNote.objects.filter(case=case).exists()
    assert not CaseMessage.objects.filter(case=case).exists()


def test_a_note_or_message_sent_twice_is_kept_and_told_once(demo):
    """The form sent twice (a double click, a reload): one note, one message and one email;
    the same words written again later are a new message."""
    [case] = review_cases(1)
    client = client_for(KARIN)
    base = f"/workbench/cases/{case.pk}"
    for _ in range(2):
        client.post(f"{base}/note/", {"note": "Ring hyresvärden.", "version": case.version})
        client.post(f"{base}/message/", {"message": "Skicka hyresavin."})
    assert CaseNote.objects.filter(case=case).count() == 1
    [message] = CaseMessage.objects.filter(case=case)
    assert Delivery.objects.filter(case=case, event="message").count() == 1
    applicant = client_for(case.applicant.personnummer)
    for _ in range(2):
        applicant.post(f"/my-pages/cases/{case.pk}/message/", {"message": "Här är den."})
    assert CaseMessage.objects.filter(case=case, sender=case.applicant).count() == 1
    # Later, the same words are a new message.
    CaseMessage.objects.filter(pk=message.pk).update(at=message.at - datetime.timedelta(hours=1))
    client.post(f"{base}/message/", {"message": "Skicka hyresavin."})
    assert CaseMessage.objects.filter(case=case, sender__personnummer=KARIN).count() == 2
