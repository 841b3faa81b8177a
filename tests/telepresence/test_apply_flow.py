"""Borrowing a telepresence robot, through the real application flow: a guardian fills in the
form step by step and uploads the medical certificate, the other guardian confirms with their
own login, and the rules decide at once. The decision gives its reasons in Swedish and in
English, cites the service's law, förvaltningslagen 28 § and the committee's delegation order
(body, date, reference), and a refusal says what the guardians can do (omprövning and
laglighetsprövning, not an ordinary appeal). A missing certificate goes to a caseworker."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from digikommun.cases.models import Case, Decision
from digikommun.cases.workflow import Status
from digikommun.cosigning.models import CoSignature
from digikommun.identity.models import User
from digikommun.portal.models import Draft
from tests.conftest import run_pending_tasks

SARA, MIKAEL = "198204119823", "198409239814"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def answers(**changed):
    start = timezone.localdate() + datetime.timedelta(days=7)
    base = {
        "applicant_role": "guardian",
        "custody": "joint",
        "other_guardian_personnummer": "19840923-9814",
        "pupil_first_name": "Alva",
        "pupil_last_name": "Lund",
        "pupil_personnummer": "20150520-9823",
        "school": "ekbackeskolan",
        "grade": "4",
        "school_class": "4B",
        "absence_from": start.isoformat(),
        "expected_weeks": "10",
    }
    return {**base, **changed}


def client_for(pnr: str, lang: str = "sv") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    client.force_login(User.objects.get(personnummer=pnr))
    return client


def apply(client: Client, values: dict, *, certificate: bool = True) -> Case:
    """Every step posted as the browser posts it, the certificate uploaded on its step."""
    assert client.post("/services/telepresensrobot/apply/").status_code == 302
    draft = Draft.objects.latest("pk")
    for number, fields in enumerate(
        [
            ["applicant_role", "custody", "guardian_personnummer", "other_guardian_personnummer"],
            [
                "pupil_first_name",
                "pupil_last_name",
                "pupil_personnummer",
                "school",
                "grade",
                "school_class",
            ],
            ["absence_from", "expected_weeks"],
        ],
        start=1,
    ):
        data = {k: values[k] for k in fields if k in values}
        if number == 3 and certificate:
            data["medical_certificate"] = SimpleUploadedFile(
                "intyg.pdf", PDF, content_type="application/pdf"
            )
        response = client.post(
            f"/applications/{draft.key}/step/{number}/", {**data, "action": "next"}
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    assert client.post(f"/applications/{draft.key}/review/").status_code == 302
    draft.refresh_from_db()
    return Case.objects.get(pk=draft.submitted_case_id)


def confirm(case: Case, django_capture_on_commit_callbacks) -> None:
    cosignature = CoSignature.objects.get(case=case)
    assert (cosignature.personnummer, cosignature.role) == (MIKAEL, "guardian")
    mikael = client_for(MIKAEL)
    page = mikael.get(f"/my-pages/cosign/{cosignature.pk}/").content.decode()
    assert "Alva" in page  # the request shows the answers the co-signer confirms
    with django_capture_on_commit_callbacks(execute=True):
        response = mikael.post(f"/my-pages/cosign/{cosignature.pk}/sign/", {"confirm": "yes"})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        run_pending_tasks()
    run_pending_tasks()
    case.refresh_from_db()


def test_a_guardian_applies_the_other_confirms_and_the_rules_grant_a_robot(
    demo, django_capture_on_commit_callbacks
):
    sara = client_for(SARA)
    with django_capture_on_commit_callbacks(execute=True):
        case = apply(sara, answers())
    run_pending_tasks()
    case.refresh_from_db()
    assert case.status == Status.AWAITING_COSIGNING  # nothing is decided before consent
    confirm(case, django_capture_on_commit_callbacks)
    assert case.status == Status.DECIDED
    decision = Decision.objects.get(case=case)
    assert decision.outcome == "approved" and decision.decided_by is None
    sv, en = decision.reasons["sv"], decision.reasons["en"]
    sv_text = " ".join(line for s in sv["sections"] for line in s["lines"])
    en_text = " ".join(line for s in en["sections"] for line in s["lines"])
    assert "10 veckor, minst 4" in sv_text and "Eleven får låna en robot." in sv_text
    assert "10 weeks, at least 4" in en_text and "The pupil may borrow a robot." in en_text
    assert "Ekbackeskolan" in en_text and "veckor" not in en_text  # wholly in English
    assert sv["example"] and en["example"]  # the committee's limits are the demo's examples
    legal = " ".join(str(r) for r in decision.legal_references)
    assert "Skollagen (2010:800) 24 kap. 17 §" in legal
    assert "28 §" in legal and "BUN 2026/00045" in legal
    # The applicant's page in both languages: the reasons, the delegation, no appeal talk for
    # a grant in full (förvaltningslagen 33 §).
    page = sara.get(f"/my-pages/cases/{case.pk}/").content.decode()
    assert "Eleven får låna en robot." in page and "Barn- och utbildningsnämnden" in page
    assert "laglighetsprövning" not in page
    page_en = client_for(SARA, "en").get(f"/my-pages/cases/{case.pk}/").content.decode()
    assert "The pupil may borrow a robot." in page_en


def test_a_pupil_in_upper_secondary_is_refused_with_what_to_do_in_both_languages(
    demo, django_capture_on_commit_callbacks
):
    sara = client_for(SARA)
    with django_capture_on_commit_callbacks(execute=True):
        case = apply(sara, answers(school="stadsgymnasiet", grade="11", school_class="NA2"))
    confirm(case, django_capture_on_commit_callbacks)
    decision = Decision.objects.get(case=case)
    assert decision.outcome == "rejected"
    assert "förvaltningsbesvär" in decision.appeal["sv"]
    assert "laglighetsprövning" in decision.appeal["sv"] and "13 kap." in decision.appeal["sv"]
    assert "laglighetsprövning" in decision.appeal["en"]
    assert "reconsider" in decision.appeal["en"]
    page = sara.get(f"/my-pages/cases/{case.pk}/").content.decode()
    assert "Om du anser att beslutet är fel" in page and "gymnasiet, som inte ingår" in page
    page_en = client_for(SARA, "en").get(f"/my-pages/cases/{case.pk}/").content.decode()
    assert "If you think the decision is wrong" in page_en
    assert "upper-secondary school, which is not included" in page_en


def test_without_the_certificate_a_caseworker_gets_the_case(
    demo, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = apply(client_for(SARA), answers(custody="sole"), certificate=False)
    with django_capture_on_commit_callbacks(execute=True):
        run_pending_tasks()
    run_pending_tasks()
    case.refresh_from_db()
    assert not CoSignature.objects.filter(case=case).exists()  # one guardian: no one to ask
    assert case.status == Status.IN_REVIEW
    assert not Decision.objects.filter(case=case).exists()
    assert case.recommendation["outputs"]["outcome"] == "manual"


def test_the_public_register_describes_the_model(demo):
    page = Client().get("/register/algorithms/telepresensrobot/").content.decode()
    assert "Barn- och utbildningsnämnden" in page and "BUN 2026/00045" in page
    assert "min_absence_weeks" in page or "Kortaste väntade frånvaro" in page
