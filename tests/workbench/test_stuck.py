"""The stuck queue tells administrators what recovery could not finish, and lets them try
again: failed and stuck steps, stuck timers and failed notifications, each with its case and
error. Only administrators see it; a retry is audit-logged."""

from __future__ import annotations

import pytest
from django.test import Client

from digikommun.audit.models import Entry
from digikommun.identity.models import Role, RoleGrant, User
from digikommun.notify.models import Delivery
from digikommun.process.models import StepRun
from tests.letters.factories import submitted_case

KARIN = "198103129816"  # a caseworker in the demo


@pytest.fixture
def admin(db):
    user = User.objects.create(username="drift", first_name="Dana", last_name="Drift")
    RoleGrant.objects.create(user=user, role=Role.ADMINISTRATOR)
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def stuck_work(case) -> tuple[StepRun, Delivery]:
    run = StepRun.objects.create(
        step="after_decision",
        subject_id=1,
        case_id=case.pk,
        status="stuck",
        attempts=12,
        last_error="OSError: [Errno 28] No space left on device",
    )
    delivery, _ = Delivery.objects.update_or_create(
        case=case,
        event="decided",
        ref="",
        defaults={"status": "failed", "attempts": 5, "last_error": "SMTPServerDisconnected"},
    )
    return run, delivery


def test_only_administrators_see_the_stuck_queue(demo, admin, client):
    assert client.get("/workbench/stuck/").status_code == 302  # to the login page
    karin = client_for(User.objects.get(personnummer=KARIN))
    assert karin.get("/workbench/stuck/").status_code == 403
    assert karin.post("/workbench/stuck/", {"retry": "step:1"}).status_code == 403
    assert client_for(admin).get("/workbench/stuck/").status_code == 200


def test_the_queue_lists_stuck_work_with_its_case_and_error_and_retries_it(demo, admin):
    case = submitted_case()
    run, delivery = stuck_work(case)
    page = client_for(admin).get("/workbench/stuck/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert case.diary_number in text and "No space left on device" in text
    assert "SMTPServerDisconnected" in text and "Out of attempts: waiting for you" in text
    assert page["Cache-Control"] == "private, no-store"

    answer = client_for(admin).post("/workbench/stuck/", {"retry": f"step:{run.pk}"}, follow=True)
    assert "Det görs ett nytt försök om en liten stund." in answer.content.decode()
    run.refresh_from_db()
    assert (run.status, run.attempts) == ("pending", 0)
    client_for(admin).post("/workbench/stuck/", {"retry": f"delivery:{delivery.pk}"})
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("queued", 0)
    logged = Entry.objects.filter(action="process.retry").values_list("detail", flat=True)
    assert list(logged) == [{"kind": "step", "id": run.pk}, {"kind": "delivery", "id": delivery.pk}]

    again = client_for(admin).post("/workbench/stuck/", {"retry": f"step:{run.pk}"}, follow=True)
    assert "väntar inte längre på ett nytt försök" in again.content.decode()
    assert client_for(admin).post("/workbench/stuck/", {"retry": "nonsense"}).status_code == 302
