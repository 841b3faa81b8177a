"""Abuse limits: anonymous fault reports, sending one past the duplicate check, and following
a report are limited per client address, counted in the database so every web process
shares the count; a follower gets updates only after confirming by email, and a report has
at most FOLLOWERS_PER_REPORT followers; the admin's password login locks out (django-axes).
Refusals are a translated 429 page."""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connections
from django.test import Client

from digikommun.limits.services import RateLimited, limit_take
from tests.conftest import run_pending_tasks
from tests.open311.conftest import FARSTA, SERGELS_TORG, submit

pytestmark = pytest.mark.django_db


def report_data(**overrides):
    data = {
        "category": "litter",
        "lat": FARSTA[0],
        "lng": FARSTA[1],
        "description": "Full papperskorg.",
        "a_litter_kind": "bin_full",
    }
    data.update(overrides)
    return data


@pytest.fixture
def small_limits(settings):
    settings.ABUSE_LIMITS = {
        "fault_report": {"count": 3, "seconds": 600},
        "fault_report_anyway": {"count": 1, "seconds": 3600},
        "follow": {"count": 2, "seconds": 3600},
    }
    settings.FOLLOWERS_PER_REPORT = 3
    return settings


@pytest.mark.parametrize("lang, text", [("sv", "För många försök"), ("en", "Too many tries")])
def test_a_flood_of_anonymous_reports_is_refused_per_address(fault, small_limits, lang, text):
    from digikommun.open311.models import Report

    client = Client(REMOTE_ADDR="203.0.113.7", HTTP_ACCEPT_LANGUAGE=lang)
    codes = [
        client.post("/felanmalan/report/", report_data(lat=f"59.{2435 + 20 * i}")).status_code
        for i in range(5)
    ]
    assert codes == [302, 302, 302, 429, 429]
    assert Report.objects.count() == 3
    refused = client.post("/felanmalan/report/", report_data())
    assert text in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    # Another address is counted on its own.
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert other.post("/felanmalan/report/", report_data(lat="59.2600")).status_code == 302


def test_sending_anyway_past_the_duplicate_check_has_its_own_smaller_limit(fault, small_limits):
    client = Client(REMOTE_ADDR="203.0.113.8")
    near = report_data(category="streetlight", lat=SERGELS_TORG[0], lng=SERGELS_TORG[1])
    near.pop("a_litter_kind")
    near["a_light_state"] = "out"
    assert client.post("/felanmalan/report/", near).status_code == 302
    assert client.post("/felanmalan/report/", {**near, "send_anyway": "1"}).status_code == 302
    assert client.post("/felanmalan/report/", {**near, "send_anyway": "1"}).status_code == 429


def test_the_count_is_shared_by_every_connection(transactional_db, settings):
    """Ten threads, each with its own database connection (as separate processes would
    have), take 40 tries of a limit of 25: exactly 25 pass."""
    settings.ABUSE_LIMITS = {"flood": {"count": 25, "seconds": 3600}}
    passed, start = [], threading.Barrier(10)

    def work():
        start.wait()
        try:
            for _ in range(4):
                try:
                    limit_take(scope="flood", who="203.0.113.1")
                    passed.append(1)
                except RateLimited:
                    pass
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(passed) == 25


def test_a_follower_gets_updates_only_after_confirming(fault, caseworker, small_limits):
    from digikommun.open311.models import Follower
    from digikommun.open311.services import report_update

    report = submit(fault)
    client = Client(REMOTE_ADDR="203.0.113.9", HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(
        f"/felanmalan/reports/{report.public_id}/follow/", {"email": "granne@example.org"}
    )
    assert response.status_code == 302
    run_pending_tasks()
    [confirmation] = mail.outbox
    assert confirmation.to == ["granne@example.org"] and report.public_id in confirmation.subject
    follower = Follower.objects.get(email="granne@example.org")
    assert follower.confirmed_at is None
    # Unconfirmed: an update sends nothing to the address.
    mail.outbox.clear()
    report_update(report_id=report.pk, user=caseworker, status="open", notes="Vi tittar på det.")
    run_pending_tasks()
    assert mail.outbox == []
    # Opening the link shows a button; pressing it confirms.
    link = f"/felanmalan/follow/{follower.token}/"
    assert link in confirmation.body
    assert client.get(link).status_code == 200
    follower.refresh_from_db()
    assert follower.confirmed_at is None  # a GET (a mail scanner) confirms nothing
    assert client.post(link).status_code == 302
    report_update(report_id=report.pk, user=caseworker, status="closed", notes="Klart.")
    run_pending_tasks()
    assert [m.to for m in mail.outbox] == [["granne@example.org"]]


def test_following_is_limited_per_address_and_per_report(fault, small_limits):
    from digikommun.open311.models import Follower

    report = submit(fault)
    url = f"/felanmalan/reports/{report.public_id}/follow/"
    one = Client(REMOTE_ADDR="203.0.113.10")
    assert one.post(url, {"email": "a@example.org"}).status_code == 302
    assert one.post(url, {"email": "b@example.org"}).status_code == 302
    refused = one.post(url, {"email": "c@example.org"})
    assert refused.status_code == 429 and "För många försök" in refused.content.decode()
    two = Client(REMOTE_ADDR="203.0.113.11")
    two.post(url, {"email": "c@example.org"})
    page = two.post(url, {"email": "d@example.org"}, follow=True)
    assert "kan inte få fler som följer den" in page.content.decode()
    assert Follower.objects.filter(report=report).count() == 3


@pytest.mark.parametrize("lang, text", [("sv", "Inloggningen är låst"), ("en", "Login locked")])
def test_the_admin_login_locks_out_after_failed_passwords(db, settings, lang, text):
    from digikommun.identity.models import User

    settings.AXES_FAILURE_LIMIT = 3
    User.objects.create_user(username="admin", password="rätt-lösenord-123", is_staff=True)
    client = Client(REMOTE_ADDR="203.0.113.12", HTTP_ACCEPT_LANGUAGE=lang)
    codes = [
        client.post(
            "/admin/login/", {"username": "admin", "password": f"fel{i}", "next": "/admin/"}
        ).status_code
        for i in range(3)
    ]
    assert codes[:2] == [200, 200]  # the form again, with its error
    assert codes[2] == 429
    # Locked: even the right password is refused now.
    right = client.post(
        "/admin/login/", {"username": "admin", "password": "rätt-lösenord-123", "next": "/admin/"}
    )
    assert right.status_code == 429
    assert text in right.content.decode()
