"""`case.decided` is recorded in the transaction that makes the decision, on every path that
decides: the rules, a caseworker, two caseworkers, the API and a changed decision on
reconsideration. Exactly one delivery per decision, none when the transaction rolls back,
and none lost when the process dies right after the commit (no after-commit work runs): the
sweep sends it to a real receiver."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from standardwebhooks.webhooks import Webhook

from digikommun.appeals import services as appeals
from digikommun.cases import handling
from digikommun.cases.models import Case, Decision
from digikommun.process import recovery
from digikommun.process.steps import automated_decision
from digikommun.webhooks.models import Delivery, EventType
from digikommun.webhooks.services import subscription_create
from tests import answers
from tests.answers import submitted_case
from tests.api.conftest import Api, token_for
from tests.appeals.conftest import ANNA, decided, person  # noqa: F401 (fixture)
from tests.cases.test_handling import JOHAN, KARIN, review_case  # noqa: F401 (fixture)
from tests.conftest import run_pending_tasks

URL = "http://127.0.0.1:9/unused"  # recorded here, not sent


def subscribe(url: str = URL, events: list[str] | None = None):
    return subscription_create(
        name="Beslut", url=url, event_types=events or [EventType.CASE_DECIDED], user=None
    )


def decided_rows(case: Case) -> list[Delivery]:
    return list(Delivery.objects.filter(event_type=EventType.CASE_DECIDED, case_id=case.pk))


def by_rules(case: Case) -> Decision:
    automated_decision(case_id=case.pk)
    return Decision.objects.filter(case=case).latest("pk")


def by_caseworker(case: Case) -> Decision:
    return handling.decision_make(
        case_id=case.pk, user=person(KARIN), outcome="rejected", amount=None,
        motivation="Arbetsförmågan är inte utredd.", expected_version=case.version,
        four_eyes=False,
    )  # fmt: skip


def by_workbench_page(case: Case) -> Decision:
    client = Client()
    client.force_login(person(KARIN))
    response = client.post(
        f"/workbench/cases/{case.pk}/decide/",
        {"version": case.version, "outcome": "rejected", "motivation": "Inte utrett."},
    )
    assert response.status_code == 302, response.content
    return Decision.objects.get(case=case)


def by_two_caseworkers(case: Case) -> Decision:
    proposal = handling.decision_make(
        case_id=case.pk, user=person(KARIN), outcome="rejected", amount=None,
        motivation="Arbetsförmågan är inte utredd.", expected_version=case.version,
        four_eyes=True,
    )  # fmt: skip
    case.refresh_from_db()
    return handling.proposal_resolve(
        case_id=case.pk,
        proposal_id=proposal.pk,
        user=person(JOHAN),
        approve=True,
        expected_version=case.version,
    )


def by_api(case: Case) -> Decision:
    api = Api(token_for(["decisions:write"]))
    body = {"outcome": "rejected", "reasons": "Inkomsten över normen.", "official": f"pnr-{KARIN}"}
    made = api.post(f"/cases/{case.pk}/decisions", {**body, "expected_version": case.version})
    assert made.status_code == 201, made.content
    return Decision.objects.get(pk=made.json()["id"])


def in_review() -> Case:
    case = submitted_case("ekonomiskt-bistand", answers.bistand(work_situation="other"))
    automated_decision(case_id=case.pk)  # to a caseworker's queue: no decision yet
    case.refresh_from_db()
    return case


@pytest.mark.parametrize(
    "decide", [by_rules, by_caseworker, by_workbench_page, by_two_caseworkers, by_api]
)
def test_each_way_of_deciding_records_one_delivery_before_any_after_commit_work(
    demo, decide, django_capture_on_commit_callbacks
):
    subscribe()
    if decide is by_rules:
        with django_capture_on_commit_callbacks(execute=False):
            case = submitted_case("boendeparkering", answers.parking())
    else:
        case = in_review()
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        decision = decide(case)
    assert after_commit  # the work after the decision waits for the commit …
    [row] = decided_rows(case)  # … the announcement does not
    body = json.loads(row.body)
    assert body["data"]["decision"] == {
        "id": decision.pk, "outcome": decision.outcome, "replaces": None,
    }  # fmt: skip
    assert row.event_key == f"case.decided:decision:{decision.pk}"
    run_pending_tasks()  # the rest of the process: still one
    assert len(decided_rows(case)) == 1


def test_a_changed_decision_on_reconsideration_is_announced_once_naming_the_old(
    decided,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    old = decided.decision
    subscribe()
    item = appeals.reconsideration_request(
        case_id=decided.pk, applicant=person(ANNA), reason="Ny hyra sedan förra månaden."
    )
    with django_capture_on_commit_callbacks(execute=False):
        new = appeals.reconsideration_resolve(
            reconsideration_id=item.pk, user=person(KARIN), expected_version=item.version,
            change=True, outcome="approved", amount=old.amount + Decimal("1200"),
            motivation="Den nya hyran räknas som skälig boendekostnad.",
        ).new_decision  # fmt: skip
    [row] = decided_rows(decided)
    assert json.loads(row.body)["data"]["decision"] == {
        "id": new.pk, "outcome": "approved", "replaces": old.pk,
    }  # fmt: skip


def test_a_confirmed_decision_is_not_announced_again(decided):  # noqa: F811
    subscribe()
    item = appeals.reconsideration_request(
        case_id=decided.pk, applicant=person(ANNA), reason="Ny hyra sedan förra månaden."
    )
    appeals.reconsideration_resolve(
        reconsideration_id=item.pk, user=person(KARIN), expected_version=item.version,
        change=False, motivation="Hyran var redan med i beräkningen.",
    )  # fmt: skip
    assert decided_rows(decided) == []


def test_a_rolled_back_decision_leaves_no_delivery(review_case):  # noqa: F811
    subscribe()

    class Crash(Exception):
        pass

    with pytest.raises(Crash), transaction.atomic():
        by_caseworker(review_case)
        assert len(decided_rows(review_case)) == 1
        raise Crash
    assert decided_rows(review_case) == []
    assert not Decision.objects.filter(case=review_case).exists()


def test_a_decision_whose_process_died_after_the_commit_is_sent_by_the_sweep(
    review_case,  # noqa: F811
    receiver,
    settings,
    django_capture_on_commit_callbacks,
):
    subscription = subscribe(receiver.url)
    with django_capture_on_commit_callbacks(execute=False):  # killed: nothing after commit
        decision = by_caseworker(review_case)
    # A queue outside the database (RQ) may have lost the task too.
    DBTaskResult.objects.all().delete()
    [row] = decided_rows(review_case)
    assert row.status == Delivery.Status.PENDING and receiver.received == []

    lease = datetime.timedelta(seconds=settings.PROCESS_STEP_LEASE_SECONDS + 1)
    recovery.sweep(now=timezone.now() + lease)  # a worker started later: its clock's sweep
    run_pending_tasks()

    [(headers, text)] = receiver.received
    Webhook(subscription.secret).verify(text, headers)
    assert headers["webhook-id"] == row.message_id
    assert json.loads(text)["data"]["decision"]["id"] == decision.pk
    row.refresh_from_db()
    assert row.status == Delivery.Status.SUCCEEDED


def test_a_received_case_is_recorded_without_after_commit_work(
    demo, django_capture_on_commit_callbacks
):
    subscribe(events=[EventType.CASE_RECEIVED])
    with django_capture_on_commit_callbacks(execute=False):
        case = submitted_case("boendeparkering", answers.parking())
    assert Delivery.objects.filter(event_type=EventType.CASE_RECEIVED, case_id=case.pk).count() == 1
