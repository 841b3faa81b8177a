"""Each event the platform announces becomes a delivery to the subscriptions that want it:
a case received and decided, its decision letter, a request for completion, a fault
report's new status, and the last co-signer's confirmation. Each body names the case and
links to the API; none carries the applicant, the answers or the reasons."""

from __future__ import annotations

import json

from digikommun.cases import handling
from digikommun.cosigning import services as cosigning
from digikommun.cosigning.models import CoSignature
from digikommun.letters.models import Letter
from digikommun.webhooks.models import Delivery, EventType
from digikommun.webhooks.services import subscription_create
from tests.cases.test_handling import KARIN, person, review_case  # noqa: F401 (fixture)
from tests.conftest import run_pending_tasks
from tests.cosigning.test_cosigning import ERIK, TWO, submit, user
from tests.letters.factories import submitted_case
from tests.open311.conftest import submit as submit_fault

URL = "http://127.0.0.1:9/unused"  # deliveries are recorded here, not sent


def subscribe_all():
    return subscription_create(name="Allt", url=URL, event_types=EventType.values, user=None)


def bodies(event_type: str) -> list[dict]:
    found = Delivery.objects.filter(event_type=event_type).order_by("pk")
    return [json.loads(d.body) for d in found]


def test_a_decided_case_and_its_letter_are_announced(demo, django_capture_on_commit_callbacks):
    subscribe_all()
    with django_capture_on_commit_callbacks(execute=True):
        case = submitted_case()
    with django_capture_on_commit_callbacks(execute=True):
        run_pending_tasks()  # the automated decision; after commit, what follows it
    with django_capture_on_commit_callbacks(execute=True):
        run_pending_tasks()
    [decided] = bodies("case.decided")
    assert decided["data"]["case"]["number"] == case.diary_number
    assert decided["data"]["decision"]["outcome"] in ("approved", "rejected", "partly_approved")
    assert decided["data"]["links"]["decisions"].endswith(f"/api/v1/cases/{case.pk}/decisions")
    assert "reasons" not in json.dumps(decided)
    letter = Letter.objects.get(case=case)
    [made] = bodies("letter.created")
    assert made["data"]["letter"] == {"id": letter.pk}
    assert made["data"]["links"]["letter"].endswith(f"/cases/{case.pk}/letters/{letter.pk}")


def test_a_request_for_completion_is_announced(review_case):  # noqa: F811
    subscribe_all()
    request = handling.completion_request(
        case_id=review_case.pk, user=person(KARIN), text="Skicka hyresavtal.", days=14,
        expected_version=review_case.version,
    )  # fmt: skip
    [asked] = bodies("case.completion_requested")
    assert asked["data"]["completion_request"]["id"] == request.pk
    assert asked["data"]["case"]["status"] == "awaiting_completion"
    assert "hyresavtal" not in json.dumps(asked)  # the caseworker's words are not sent


def test_a_fault_reports_new_status_is_announced(demo):
    from digikommun.identity.models import User
    from digikommun.open311.selectors import fault_service
    from digikommun.open311.services import report_update

    subscribe_all()
    report = submit_fault(fault_service("felanmalan"), email="boende@example.org")
    caseworker = User.objects.get(personnummer="198806149814")
    report_update(report_id=report.pk, user=caseworker, state="in_progress", notes="")
    report_update(report_id=report.pk, user=caseworker, state="in_progress", notes="Beställt.")
    report_update(report_id=report.pk, user=caseworker, state="done", notes="Lagad.")
    changes = [b["data"]["report"] for b in bodies("fault.status_changed")]
    assert changes == [
        {"id": report.public_id, "state": "in_progress", "status": "open"},
        {"id": report.public_id, "state": "done", "status": "closed"},
    ]
    assert "boende@example.org" not in "".join(d.body for d in Delivery.objects.all())


def test_the_last_confirmation_of_a_co_signed_application_is_announced(demo):
    subscribe_all()
    case = submit("ekonomiskt-bistand", TWO)
    assert not bodies("cosigning.done")
    cosignature = CoSignature.objects.get(case=case)
    cosigning.cosign_sign(cosignature_id=cosignature.pk, user=user(ERIK))
    [done] = bodies("cosigning.done")
    assert done["data"]["case"] == {
        "id": case.pk,
        "number": case.diary_number,
        "service": "ekonomiskt-bistand",
        "status": "received",
    }
