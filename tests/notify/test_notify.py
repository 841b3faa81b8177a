"""A case event sends one email, in the person's language, with nothing personal in it.

The email names the service, the case number and what happened, and links to the case on
Mina sidor; never the person's name or personal identity number, the reasons, the amount or
the answers. The same event is sent once however often it is reported. Nothing is sent when
no address is known or the person turned the event off; both are recorded.
"""

from __future__ import annotations

import pytest

from digikommun.cases.models import Case
from digikommun.notify.models import Delivery
from digikommun.notify.services import UnknownEvent, notify_case_event
from digikommun.process.steps import automated_decision
from tests.conftest import run_pending_tasks
from tests.letters.factories import BISTAND, submitted_case
from tests.notify.factories import PreferenceFactory
from tests.notify.smtp import body, subject


def decided_case(language: str = "sv") -> Case:
    """A decided case whose earlier notifications (if the platform sent any) are settled.

    They ran before the person gave an address, so each test sees only the emails it causes.
    """
    case = submitted_case("ekonomiskt-bistand", BISTAND, language=language)
    assert automated_decision(case_id=case.pk) == "approved"
    run_pending_tasks()
    return Case.objects.select_related("applicant").prefetch_related("decisions").get(pk=case.pk)


def delivery(case: Case, event: str) -> Delivery:
    return Delivery.objects.get(case=case, event=event)


def test_a_decision_is_told_in_swedish_with_a_link_and_nothing_personal(demo, smtp):
    case = decided_case("sv")
    PreferenceFactory(user=case.applicant)
    notify_case_event(case_id=case.pk, event="decided")
    run_pending_tasks()

    [message] = smtp.received
    text = body(message)
    assert message["To"] == "anna.andersson@example.se"
    assert subject(message) == f"Ditt ärende har fått ett beslut – {case.diary_number}"
    assert message["Content-Language"] == "sv"
    assert message["Auto-Submitted"] == "auto-generated"
    assert "Det finns nu ett beslut i ditt ärende." in text
    assert "Tjänst: Ekonomiskt bistånd" in text
    assert f"Ärendenummer: {case.diary_number}" in text
    assert f"https://e.demokommun.se/my-pages/cases/{case.pk}/" in text
    # Nothing personal: not the name, not the personnummer in any form, not the decision.
    pnr = case.applicant.personnummer
    for secret in (pnr, f"{pnr[:8]}-{pnr[8:]}", f"{pnr[2:8]}-{pnr[8:]}", "Anna", "Andersson"):
        assert secret not in text and secret not in subject(message)
    amount = case.decision.amount
    for form in (f"{amount:.0f}", f"{amount:,.0f}".replace(",", " "), f"{amount:,.0f}"):
        assert form not in text
    for reason in case.decision.reasons["sv"]:
        assert reason not in text
    assert "Beviljas" not in text and "beviljas" not in text
    sent = delivery(case, "decided")
    assert (sent.status, sent.attempts, sent.address, sent.language) == (
        "sent",
        1,
        "anna.andersson@example.se",
        "sv",
    )
    assert sent.sent_at is not None


def test_an_english_case_gets_english_email(demo, smtp):
    case = decided_case("en")
    PreferenceFactory(user=case.applicant)
    notify_case_event(case_id=case.pk, event="decided")
    run_pending_tasks()
    [message] = smtp.received
    assert subject(message) == f"Your case has been decided – {case.diary_number}"
    assert "Service: Financial assistance" in body(message)
    assert message["Content-Language"] == "en"


def test_a_chosen_language_wins_over_the_applications(demo, smtp):
    case = decided_case("sv")
    PreferenceFactory(user=case.applicant, language="en")
    notify_case_event(case_id=case.pk, event="completion_requested", ref="1")
    run_pending_tasks()
    [message] = smtp.received
    assert subject(message) == f"We need more information – {case.diary_number}"


def test_the_same_event_is_sent_once_however_often_it_is_reported(demo, smtp):
    case = decided_case()
    PreferenceFactory(user=case.applicant)
    for _ in range(3):
        notify_case_event(case_id=case.pk, event="decided")
    run_pending_tasks()
    notify_case_event(case_id=case.pk, event="decided")
    run_pending_tasks()
    assert len(smtp.received) == 1
    assert Delivery.objects.filter(case=case, event="decided").count() == 1


def test_repeated_events_of_one_kind_are_told_apart_by_their_ref(demo, smtp):
    case = decided_case()
    PreferenceFactory(user=case.applicant)
    notify_case_event(case_id=case.pk, event="message", ref="17")
    notify_case_event(case_id=case.pk, event="message", ref="18")
    notify_case_event(case_id=case.pk, event="message", ref="17")
    run_pending_tasks()
    assert len(smtp.received) == 2


def test_without_an_address_nothing_is_sent_and_that_is_recorded(demo, smtp):
    case = decided_case()
    notify_case_event(case_id=case.pk, event="decided")
    run_pending_tasks()
    assert smtp.received == []
    skipped = delivery(case, "decided")
    assert skipped.status == "skipped"
    assert skipped.last_error == "no notification address is known"


def test_an_event_the_person_turned_off_is_not_sent(demo, smtp):
    case = decided_case()
    PreferenceFactory(user=case.applicant, events=["decided"])
    notify_case_event(case_id=case.pk, event="completion_reminder", ref="1")
    run_pending_tasks()
    assert smtp.received == []
    assert delivery(case, "completion_reminder").status == "skipped"


def test_an_unknown_event_is_refused(demo):
    case = decided_case()
    with pytest.raises(UnknownEvent):
        notify_case_event(case_id=case.pk, event="gossip")
    assert not Delivery.objects.filter(event="gossip").exists()
