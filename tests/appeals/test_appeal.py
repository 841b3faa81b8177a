"""An appeal is lodged online at any time (43 §); a caseworker checks the time (44–45 §§): a
late one is rejected by a decision with its own letter, unless a 45 § exception holds; an
appeal on time is reconsidered first, lapses when the decision is changed as asked (39 §),
and otherwise goes to the court with the case's documents as one PDF (46 §)."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from digikommun.appeals import documents, services
from digikommun.appeals.models import Appeal
from digikommun.appeals.workflow import AppealStatus
from digikommun.audit.models import Entry
from digikommun.cases.models import Case, CaseEvent
from digikommun.cases.workflow import Status
from digikommun.files.services import UploadRules, files_receive
from tests.letters.pdf import pdf_text

from .conftest import ANNA, ERIK, KARIN, confirm, person

CHANGE = "Jag vill att hela hyran på 6 700 kr räknas med."
WHY = "Hyresvärden höjde hyran från 1 maj; avtalet är bifogat."


def lodge(case, key=None, **kw):
    return services.appeal_lodge(
        case_id=case.pk,
        appellant=person(ANNA),
        change_wanted=kw.get("change", CHANGE),
        grounds=kw.get("why", WHY),
        submission_key=key or uuid.uuid4(),
    )


def received(case) -> datetime.date:
    return timezone.localdate(case.decision.decided_at)


def accept(appeal, **kw):
    return services.appeal_accept(
        appeal_id=appeal.pk,
        user=person(KARIN),
        expected_version=appeal.version,
        received_on=kw.pop("received_on", received(appeal.case)),
        **kw,
    )


def test_a_double_click_gives_one_appeal(decided):
    key = uuid.uuid4()
    first, again = lodge(decided, key), lodge(decided, key)
    other_tab = lodge(decided)
    assert first.pk == again.pk == other_tab.pk
    assert Appeal.objects.count() == 1
    decided.refresh_from_db()
    assert decided.status == Status.APPEALED
    assert decided.events.filter(kind=CaseEvent.Kind.APPEAL_RECEIVED).count() == 1
    assert Entry.objects.filter(action="case.appeal", case_id=decided.pk).count() == 1


def test_an_appeal_needs_what_and_why_and_only_the_applicant_may_lodge_it(decided):
    with pytest.raises(services.InvalidInput) as exc:
        lodge(decided, change=" ", why="")
    assert exc.value.errors == {"change_wanted": "required", "grounds": "required"}
    with pytest.raises(services.NotAllowed):
        services.appeal_lodge(
            case_id=decided.pk,
            appellant=person(ERIK),
            change_wanted=CHANGE,
            grounds=WHY,
            submission_key=uuid.uuid4(),
        )
    assert not Appeal.objects.exists()


def test_files_sent_with_the_appeal_become_the_cases_documents(decided):
    key = uuid.uuid4()
    pdf = SimpleUploadedFile("hyresavtal.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    got = files_receive(
        owner=person(ANNA), uploads=[pdf], rules=UploadRules(), draft_key=key, field_id="appeal"
    )
    assert got.refused == []
    lodge(decided, key)
    from digikommun.files.selectors import files_for_case

    assert [f.name for f in files_for_case(case_id=decided.pk)] == ["hyresavtal.pdf"]


def test_an_appeal_on_time_is_reconsidered_then_sent_to_the_court_with_one_pdf(decided):
    appeal = accept(lodge(decided))
    assert appeal.status == AppealStatus.RECONSIDERING and appeal.on_time
    item = appeal.reconsideration
    assert item.origin == "appeal"
    confirm(item, "Hyreshöjningen är inte styrkt för ansökningsmånaden.")
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.SENT_TO_COURT and appeal.sent_at
    assert Case.objects.get(pk=decided.pk).status == Status.APPEALED
    data = documents.stored_pdf(appeal.court_file, appeal.court_file_sha256)
    text = pdf_text(data)
    assert decided.diary_number in text
    assert CHANGE in text and WHY in text
    assert "Hyreshöjningen är inte styrkt" in text
    from digikommun.cases.selectors import reasons_view

    first = reasons_view(decided.decision.reasons, "sv")["sections"][0]["lines"][0]
    assert first[:40].replace("\u00a0", " ") in text.replace("\u00a0", " ")
    assert Entry.objects.filter(action="case.appeal_sent_to_court", case_id=decided.pk).exists()

    services.appeal_record_judgment(
        appeal_id=appeal.pk,
        user=person(KARIN),
        expected_version=appeal.version,
        judgment="upheld",
        text="Förvaltningsrätten avslår överklagandet.",
        judged_on=timezone.localdate(),
    )
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.JUDGED
    assert Case.objects.get(pk=decided.pk).status == Status.DECIDED


def test_a_change_as_asked_makes_the_appeal_lapse(decided):
    appeal = accept(lodge(decided))
    item = appeal.reconsideration
    services.reconsideration_resolve(
        reconsideration_id=item.pk,
        user=person(KARIN),
        expected_version=item.version,
        change=True,
        outcome="approved",
        amount=decided.decision.amount + Decimal("1200"),
        motivation="Hela hyran räknas.",
        as_asked=True,
    )
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.LAPSED and not appeal.court_file
    decided.refresh_from_db()
    assert decided.status == Status.DECIDED
    assert decided.events.filter(kind=CaseEvent.Kind.APPEAL_LAPSED).exists()


def test_a_late_appeal_is_rejected_with_a_letter_that_says_how_to_appeal_that(decided):
    appeal = lodge(decided)
    long_ago = received(decided) - datetime.timedelta(days=40)
    # The time check refuses to accept a late appeal without a 45 § exception …
    with pytest.raises(services.InvalidInput) as exc:
        accept(appeal, received_on=long_ago)
    assert set(exc.value.errors) == {"late_exception", "late_note"}
    # … and to reject an appeal that came in on time.
    with pytest.raises(services.InvalidInput) as exc:
        services.appeal_reject_late(
            appeal_id=appeal.pk,
            user=person(KARIN),
            expected_version=appeal.version,
            received_on=received(decided),
            reasons="För sent.",
        )
    assert exc.value.errors == {"received_on": "on_time"}
    appeal = services.appeal_reject_late(
        appeal_id=appeal.pk,
        user=person(KARIN),
        expected_version=appeal.version,
        received_on=long_ago,
        reasons="Beslutet skickades till dig den dag det fattades.",
    )
    assert appeal.status == AppealStatus.REJECTED and appeal.on_time is False
    text = pdf_text(documents.stored_pdf(appeal.rejection_letter, appeal.rejection_letter_sha256))
    assert "avvisas" in text and "förvaltningsrätten" in text.lower()
    assert "tre veckor" in text
    assert Case.objects.get(pk=decided.pk).status == Status.DECIDED
    assert Entry.objects.filter(action="case.appeal_reject_late", case_id=decided.pk).exists()


def test_a_late_appeal_may_be_accepted_on_a_45_exception(decided):
    appeal = lodge(decided)
    long_ago = received(decided) - datetime.timedelta(days=40)
    appeal = accept(
        appeal,
        received_on=long_ago,
        late_exception="wrong_instructions",
        late_note="Beslutsbrevet angav fel sista dag.",
    )
    assert appeal.status == AppealStatus.RECONSIDERING and appeal.on_time is False


def test_a_stale_time_check_is_refused(decided):
    appeal = lodge(decided)
    version = appeal.version
    accept(appeal)
    with pytest.raises(services.Stale):
        services.appeal_reject_late(
            appeal_id=appeal.pk,
            user=person(KARIN),
            expected_version=version,
            received_on=received(decided),
            reasons="x",
        )


def test_an_appeal_joins_an_open_reconsideration(decided):
    item = services.reconsideration_request(
        case_id=decided.pk, applicant=person(ANNA), reason="Titta på hyran."
    )
    appeal = accept(lodge(decided))
    assert appeal.reconsideration_id == item.pk
