"""Cases through the API: made on a resident's behalf with the form's checks (a wrong answer
is a 422 problem naming the field), decisions made elsewhere recorded through the transition
table (a refused change is a 409 problem; reasons are required, förvaltningslagen 32 §),
lists with filters and keyset cursors, every call in the audit log, and the rate limit."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.utils import timezone

from digikommun.api.services import api_client_create
from digikommun.audit.models import Entry
from digikommun.cases.models import CaseEvent
from digikommun.cases.workflow import Status
from tests import answers

from .conftest import Api, assert_problem, token_for
from .world import KARIN, OMAR, make_world

pytestmark = pytest.mark.django_db


def new_case(**changes):
    body = {
        "service_id": "boendeparkering",
        "applicant": {"personnummer": "19900315-9820", "given_name": "Erik"},
        "answers": answers.parking(),
        "language": "en",
    }
    return {**body, **changes}


def test_a_case_made_on_behalf_is_checked_as_the_form_checks_it(demo, api_for):
    api = api_for("cases:write", "cases:read")
    bad = api.post("/cases", new_case(answers=answers.parking(vehicle_weight="heavy")))
    problem = assert_problem(bad, 422)
    assert list(problem["errors"]) == ["answers.vehicle_weight"]
    assert problem["errors"]["answers.vehicle_weight"]
    missing = assert_problem(api.post("/cases", new_case(answers={})), 422)
    assert "answers.zone" in missing["errors"]
    pnr = assert_problem(api.post("/cases", new_case(applicant={"personnummer": "12"})), 422)
    assert list(pnr["errors"]) == ["applicant.personnummer"]
    shape = assert_problem(api.post("/cases", {"service_id": "boendeparkering"}), 422)
    assert "applicant" in shape["errors"] and "answers" in shape["errors"]
    fault = assert_problem(api.post("/cases", new_case(service_id="felanmalan")), 422)
    assert list(fault["errors"]) == ["service_id"]

    key = str(uuid.uuid4())
    made = api.post("/cases", new_case(submission_key=key))
    assert made.status_code == 201, made.content
    case = made.json()
    assert case["applicant_personnummer"] == "199003159820"
    assert case["answers"]["registration_number"] == "ABC 123"
    again = api.post("/cases", new_case(submission_key=key))
    assert again.status_code == 200 and again.json()["id"] == case["id"]
    other = new_case(submission_key=key, applicant={"personnummer": "198507099805"})
    assert_problem(api.post("/cases", other), 422)
    events = api.get(f"/cases/{case['id']}/events").json()
    assert events[0]["kind"] == CaseEvent.Kind.SUBMITTED


def test_a_decision_made_elsewhere_goes_through_the_transition_table(demo, api_for):
    w = make_world()
    api = api_for("decisions:write", "cases:read")
    path = f"/cases/{w.review.pk}/decisions"
    body = {"outcome": "rejected", "reasons": "Income above the norm.", "official": KARIN}
    no_reasons = assert_problem(api.post(path, {**body, "reasons": ""}), 422)
    assert list(no_reasons["errors"]) == ["reasons"]
    blank = assert_problem(api.post(path, {**body, "reasons": "   "}), 422)
    assert list(blank["errors"]) == ["reasons"]
    stranger = assert_problem(api.post(path, {**body, "official": OMAR}), 422)
    assert list(stranger["errors"]) == ["official"]
    stale = assert_problem(api.post(path, {**body, "expected_version": w.review.version + 5}), 409)
    assert stale["type"].endswith("/conflict")

    made = api.post(path, {**body, "expected_version": w.review.version})
    assert made.status_code == 201, made.content
    decision = made.json()
    assert decision["decided_by"] == KARIN and not decision["automated"]
    assert decision["reasons"] == {"sv": ["Income above the norm."]}
    w.review.refresh_from_db()
    assert w.review.status == Status.DECIDED
    assert w.review.events.filter(kind=CaseEvent.Kind.DECIDED).exists()
    assert Entry.objects.filter(action="case.decision_recorded", case_id=w.review.pk).exists()

    # Decided already: the table has no way from decided to decided.
    refused = assert_problem(api.post(path, body), 409)
    assert "decided" in refused["detail"]
    # Nor from decided-automatically (the parking case) by a person through this call.
    parking = api_for("decisions:write", name="parking-decider")
    body_p = {**body, "official": OMAR}
    assert_problem(parking.post(f"/cases/{w.parking.pk}/decisions", body_p), 409)


def test_cases_are_listed_a_page_at_a_time_with_filters(demo, api_for):
    w = make_world()
    api = api_for("cases:read")
    seen, cursor = [], ""
    for _ in range(5):
        page = api.get("/cases", limit=1, **({"cursor": cursor} if cursor else {})).json()
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == [w.parking.pk, w.review.pk]
    decided = api.get("/cases", status="decided").json()["items"]
    assert [c["id"] for c in decided] == [w.parking.pk]
    since = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    recent = api.get("/cases", decided_since=since).json()["items"]
    assert [c["id"] for c in recent] == [w.parking.pk]
    later = (timezone.now() + datetime.timedelta(days=1)).isoformat()
    assert api.get("/cases", decided_since=later).json()["items"] == []
    assert_problem(api.get("/cases", cursor="not-a-cursor"), 400)
    assert_problem(api.get("/cases", status="nonsense"), 422)
    assert_problem(api.get("/cases", limit=0), 422)
    letters = api.get(f"/cases/{w.parking.pk}/letters").json()
    pdf = api.get(f"/cases/{w.parking.pk}/letters/{letters[0]['id']}/pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert_problem(api.get(f"/cases/{w.parking.pk}/letters/999999/pdf"), 404)


def test_moments_with_any_offset_are_compared_in_utc(demo, api_for):
    """Python reads offsets up to ±23:59, PostgreSQL only up to ±15:59: the API compares in
    UTC, and a moment that leaves the calendar in UTC is a 422, never a server error."""
    import base64

    w = make_world()
    api = api_for("cases:read")
    since = timezone.now() - datetime.timedelta(hours=1)
    far = since.astimezone(datetime.timezone(-datetime.timedelta(hours=21, minutes=52)))
    recent = api.get("/cases", decided_since=far.isoformat()).json()["items"]
    assert [c["id"] for c in recent] == [w.parking.pk]
    assert api.get("/cases", submitted_since="0089-12-25T15:50:20-21:52").status_code == 200
    assert_problem(api.get("/cases", decided_since="0001-01-01T00:00:00+14:00"), 422)
    assert_problem(api.get("/cases", decided_since="9999-12-31T23:59:59-10:00"), 422)
    cursor = base64.urlsafe_b64encode(b"0089-12-25T15:50:20-21:52|1").decode().rstrip("=")
    assert api.get("/cases", cursor=cursor).status_code == 200
    cursor = base64.urlsafe_b64encode(b"0001-01-01T00:00:00+14:00|1").decode().rstrip("=")
    assert_problem(api.get("/cases", cursor=cursor), 400)


def test_every_call_is_in_the_audit_log(demo, api_for):
    w = make_world()
    api = api_for("cases:read", name="counter-tool")
    api.get(f"/cases/{w.review.pk}")
    api.get(f"/cases/{w.review.pk}/decisions")
    entries = list(Entry.objects.filter(action="api.read").order_by("seq"))
    assert [e.case_id for e in entries] == [w.review.pk, w.review.pk]
    assert {e.actor_label for e in entries} == {"api:counter-tool"}
    assert entries[0].detail["status"] == 200


def test_a_client_past_its_limit_gets_429_with_retry_after(demo):
    client, client_id, secret = api_client_create(
        name="busy", scopes=["services:read"], per_minute=2
    )
    from django.test import Client

    from .conftest import _basic

    token = (
        Client()
        .post(
            "/api/oauth/token/",
            {"grant_type": "client_credentials"},
            HTTP_AUTHORIZATION=_basic(client_id, secret),
        )
        .json()["access_token"]
    )
    api = Api(token)
    assert api.get("/services").status_code == 200
    assert api.get("/services").status_code == 200
    over = assert_problem(api.get("/services"), 429)
    assert over["type"].endswith("/rate-limited")
    assert int(api.get("/services")["Retry-After"]) >= 1


def test_a_revoked_client_is_refused(demo, api_for):
    from digikommun.api.services import api_client_revoke

    token = token_for(["services:read"], name="gone")
    assert Api(token).get("/services").status_code == 200
    assert api_client_revoke(name="gone")
    assert_problem(Api(token).get("/services"), 401)


@pytest.mark.parametrize("same_person", [True, False])
def test_the_same_key_sent_by_another_call_at_the_same_moment(
    demo, api_for, monkeypatch, same_person
):
    """Another call with the same submission key makes its case after this call looked for
    one and before it made its own: this call answers 200 with that case (not a second 201),
    or 422 when the key made another person's application."""
    from digikommun.api import services

    api = api_for("cases:write", "cases:read")
    key = str(uuid.uuid4())
    real = services.shown_raw
    first: list = []

    def other_call_lands_now(steps, raw):
        if not first:
            first.append(None)  # the other call runs this once, as itself
            first[0] = api.post("/cases", new_case(submission_key=key))
        return real(steps, raw)

    monkeypatch.setattr(services, "shown_raw", other_call_lands_now)
    body = new_case(submission_key=key)
    if not same_person:
        body["applicant"] = {"personnummer": "198507099805", "given_name": "Anna"}
    this = api.post("/cases", body)
    assert first[0].status_code == 201
    if same_person:
        assert this.status_code == 200 and this.json()["id"] == first[0].json()["id"]
    else:
        assert list(assert_problem(this, 422)["errors"]) == ["submission_key"]
    assert Entry.objects.filter(action="case.create_on_behalf").count() == 1
