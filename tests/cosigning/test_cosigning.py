"""Co-signing: a two-adult application waits for the partner's confirmation, then runs its
process; a decline or no answer sends it to a caseworker's inbox and tells both; only the
named person may answer; the applicant cannot name or sign for themself; every answer is in
the timeline and the audit log; the co-signer is a party who hears of the decision."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from digikommun.audit.selectors import entries_for_case
from digikommun.cases.models import Attention, CaseEvent
from digikommun.cases.workflow import Status
from digikommun.catalog.facts import AnswerErrors
from digikommun.cosigning import services
from digikommun.cosigning.models import CoSignature
from digikommun.identity.models import User
from digikommun.notify.models import Delivery
from digikommun.portal import services as portal_services
from digikommun.process.models import Timer
from digikommun.process.scheduler import fire_due_timers
from tests.cases.test_process import BISTAND
from tests.conftest import run_pending_tasks
from tests.portal.test_submit import filled_draft

ANNA, ERIK, LARS = "198507099805", "199003159820", "195502289886"
TWO = {**BISTAND, "adults": "2", "partner_personnummer": "19900315-9820"}


def user(pnr):
    return User.objects.get(personnummer=pnr)


def submit(service, answers):
    """Anna applies (through the portal's steps and send, as in the browser)."""
    draft, definition = filled_draft(service, answers, person=user(ANNA))
    return portal_services.draft_submit(draft=draft, definition=definition, language="sv")


def client_for(pnr):
    client = Client()
    client.force_login(user(pnr))
    return client


def test_a_one_adult_application_is_not_held(demo):
    case = submit("ekonomiskt-bistand", BISTAND)
    assert case.status == Status.RECEIVED
    assert not CoSignature.objects.filter(case=case).exists()


def test_a_two_adult_application_waits_for_the_partner_then_is_decided(
    demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = submit("ekonomiskt-bistand", TWO)
    run_pending_tasks()
    case.refresh_from_db()
    assert case.status == Status.AWAITING_COSIGNING  # the process did not decide it
    cosignature = CoSignature.objects.get(case=case)
    assert (cosignature.personnummer, cosignature.role) == (ERIK, "partner")
    kinds = {t.kind for t in Timer.objects.filter(case_id=case.pk)}
    assert kinds == {"cosigning_deadline", "cosigning_reminder"}

    with django_capture_on_commit_callbacks(execute=True):
        services.cosign_sign(cosignature_id=cosignature.pk, user=user(ERIK))
    with django_capture_on_commit_callbacks(execute=True):
        run_pending_tasks()  # the decision (and, once committed, what follows it)
    run_pending_tasks()
    case.refresh_from_db()
    assert case.status == Status.DECIDED
    kinds = [e.kind for e in case.events.all()]
    assert CaseEvent.Kind.COSIGNING_REQUESTED in kinds and CaseEvent.Kind.COSIGNED in kinds
    assert kinds[-1] == CaseEvent.Kind.DECIDED_AUTOMATICALLY
    actions = [e.action for e in entries_for_case(case_id=case.pk)]
    assert "cosigning.request" in actions and "cosigning.sign" in actions
    # The co-signer is a party: the decision is also queued to them.
    assert Delivery.objects.filter(case=case, event="decided", recipient=user(ERIK)).exists()


def test_a_decline_goes_to_the_inbox_and_tells_both(demo):
    case = submit("ekonomiskt-bistand", TWO)
    cosignature = CoSignature.objects.get(case=case)
    services.cosign_decline(cosignature_id=cosignature.pk, user=user(ERIK), reason="Vi bor isär")
    case.refresh_from_db()
    assert case.status == Status.IN_REVIEW
    assert Attention.objects.get(case=case).reason == Attention.Reason.COSIGNING_DECLINED
    told = Delivery.objects.filter(case=case, event="cosigning_declined")
    assert {d.recipient_id for d in told} == {None, user(ERIK).pk}  # the applicant and Erik
    assert "cosigning.decline" in [e.action for e in entries_for_case(case_id=case.pk)]
    page = client_for(ANNA).get(f"/my-pages/cases/{case.pk}/").content.decode()
    assert 'id="cosign-declined"' in page
    page = client_for(ERIK).get(f"/my-pages/cosign/{cosignature.pk}/").content.decode()
    assert 'id="cosign-outcome"' in page


def test_no_answer_by_the_deadline_goes_to_a_caseworker(demo):
    case = submit("ekonomiskt-bistand", TWO)
    cosignature = CoSignature.objects.get(case=case)
    fire_due_timers(now=timezone.now() + datetime.timedelta(days=15))
    cosignature.refresh_from_db()
    case.refresh_from_db()
    assert cosignature.status == CoSignature.Status.EXPIRED
    assert case.status == Status.IN_REVIEW
    # The reminder came due first (day 7), while the request was still open.
    assert Timer.objects.get(kind="cosigning_reminder", case_id=case.pk).outcome == "reminded"


def test_the_reminder_goes_to_the_co_signer(demo):
    case = submit("ekonomiskt-bistand", TWO)
    fire_due_timers(now=timezone.now() + datetime.timedelta(days=8))
    assert Timer.objects.get(kind="cosigning_reminder", case_id=case.pk).outcome == "reminded"
    assert Delivery.objects.filter(case=case, event="cosigning_reminder").exists()


def test_only_the_named_person_may_answer(demo):
    case = submit("ekonomiskt-bistand", TWO)
    cosignature = CoSignature.objects.get(case=case)
    with pytest.raises(services.CosignRefused) as refused:
        services.cosign_sign(cosignature_id=cosignature.pk, user=user(ANNA))
    assert refused.value.code == "self"
    with pytest.raises(services.CosignRefused):
        services.cosign_sign(cosignature_id=cosignature.pk, user=user(LARS))
    assert client_for(LARS).get(f"/my-pages/cosign/{cosignature.pk}/").status_code == 404
    services.cosign_sign(cosignature_id=cosignature.pk, user=user(ERIK))
    with pytest.raises(services.CosignRefused) as again:
        services.cosign_decline(cosignature_id=cosignature.pk, user=user(ERIK))
    assert again.value.code == "closed"


def test_the_applicant_cannot_name_themself(demo):
    import uuid

    from digikommun.cases.services import case_create
    from digikommun.catalog.selectors import current_version, definition_for

    version = current_version("ekonomiskt-bistand")
    with pytest.raises(AnswerErrors) as refused:  # the last check, when the case is made
        case_create(
            version=version,
            definition=definition_for(version),
            applicant=user(ANNA),
            raw_answers={**TWO, "partner_personnummer": "19850709-9805"},
            language="sv",
            submission_key=uuid.uuid4(),
        )
    assert "partner_personnummer" in refused.value.errors
    assert not CoSignature.objects.exists()


def test_the_form_refuses_the_applicants_own_number_with_a_clear_error(demo):
    from digikommun.catalog.selectors import current_version
    from digikommun.portal.services import draft_start

    anna = client_for(ANNA)
    draft = draft_start(applicant=user(ANNA), version=current_version("ekonomiskt-bistand"))
    response = anna.post(
        f"/applications/{draft.key}/step/1/",
        {"adults": "2", "partner_personnummer": "19850709-9805", "resides_in_municipality": "yes"},
    )
    page = response.content.decode()
    assert response.status_code in (200, 400)
    assert "Du kan inte ange dig själv" in page
    assert "19850709-9805" in page  # what was typed is kept


def test_signing_needs_the_box_ticked(demo):
    case = submit("ekonomiskt-bistand", TWO)
    cosignature = CoSignature.objects.get(case=case)
    erik = client_for(ERIK)
    response = erik.post(f"/my-pages/cosign/{cosignature.pk}/sign/", {})
    assert response.status_code == 400
    assert 'id="error-summary"' in response.content.decode()
    assert (
        erik.post(f"/my-pages/cosign/{cosignature.pk}/sign/", {"confirm": "yes"}).status_code == 302
    )
    cosignature.refresh_from_db()
    assert cosignature.status == CoSignature.Status.SIGNED
    assert f"/my-pages/cosign/{cosignature.pk}/" in erik.get("/my-pages/").content.decode()


def test_a_definition_with_a_bad_cosigning_section_is_refused(tmp_path):
    from pathlib import Path

    from digikommun.catalog.definition import DefinitionErrors, parse_definition

    folder = Path(__file__).resolve().parents[2] / "services" / "ekonomiskt-bistand"
    files = {p.name: p.read_text() for p in folder.glob("*.yaml")}
    files["service.yaml"] = files["service.yaml"].replace(
        "role: partner}", "role: partner}, {field: adults, role: uncle}"
    )
    with pytest.raises(DefinitionErrors) as errors:
        parse_definition(files, folder_name="ekonomiskt-bistand")
    text = str(errors.value)
    assert "must be a personnummer field" in text and "unknown signer role 'uncle'" in text


def test_every_named_person_must_confirm(demo, django_capture_on_commit_callbacks):
    """Both guardians of a child: the case waits until the last of them has confirmed."""
    from pathlib import Path

    from digikommun.catalog.definition import parse_definition
    from digikommun.catalog.services import service_publish

    folder = Path(__file__).resolve().parents[2] / "services" / "ekonomiskt-bistand"
    files = {p.name: p.read_text() for p in folder.glob("*.yaml")}
    files["service.yaml"] = (
        files["service.yaml"]
        .replace(
            '        show_if: {field: adults, equals: "2"}\n',
            '        show_if: {field: adults, equals: "2"}\n'
            "      - id: other_guardian\n"
            "        type: personnummer\n"
            "        required: false\n"
            "        label: {sv: Den andra vårdnadshavarens personnummer, en: The other guardian}\n",
            1,
        )
        .replace(
            "signers: [{field: partner_personnummer, role: partner}]",
            "signers: [{field: partner_personnummer, role: guardian},"
            " {field: other_guardian, role: guardian}]",
        )
    )
    service_publish(definition=parse_definition(files, folder_name="ekonomiskt-bistand"))
    with django_capture_on_commit_callbacks(execute=True):
        case = submit("ekonomiskt-bistand", {**TWO, "other_guardian": "19550228-9886"})
    assert {c.personnummer for c in CoSignature.objects.filter(case=case)} == {ERIK, LARS}
    assert {c.role for c in CoSignature.objects.filter(case=case)} == {"guardian"}
    services.cosign_sign(
        cosignature_id=CoSignature.objects.get(case=case, personnummer=ERIK).pk, user=user(ERIK)
    )
    case.refresh_from_db()
    assert case.status == Status.AWAITING_COSIGNING  # one of two
    with django_capture_on_commit_callbacks(execute=True) as started:
        services.cosign_sign(
            cosignature_id=CoSignature.objects.get(case=case, personnummer=LARS).pk,
            user=user(LARS),
        )
    case.refresh_from_db()
    assert case.status == Status.RECEIVED and len(started) == 1  # the process starts once
