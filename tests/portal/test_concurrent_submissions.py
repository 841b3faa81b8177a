"""200 applications sent at once by parallel HTTP clients give 200 cases with unique,
gap-free diary numbers (SQLite here; PostgreSQL in the PostgreSQL pass of `make test`)."""

from __future__ import annotations

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from digikommun.cases.models import Case
from digikommun.identity.models import User
from tests.portal.test_submit import PARKING, filled_draft

CLIENTS = 20
SUBMISSIONS = 200
CSRF = "a" * 32  # an unmasked CSRF secret, sent as cookie and form field alike


def session_for(user: User) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return store.session_key


@pytest.mark.django_db(transaction=True)
def test_parallel_clients_get_unique_gap_free_numbers(live_server, demo):
    people = [
        User.objects.create_user(username=f"load-{i}", personnummer=None, first_name="Test")
        for i in range(CLIENTS)
    ]
    jobs = []
    for i in range(SUBMISSIONS):
        person = people[i % CLIENTS]
        draft, _definition = filled_draft("boendeparkering", PARKING, person=person)
        jobs.append((session_for(person), f"{live_server.url}/applications/{draft.key}/review/"))

    def send(job) -> int:
        session_key, url = job
        response = requests.post(
            url,
            data={"csrfmiddlewaretoken": CSRF},
            cookies={settings.SESSION_COOKIE_NAME: session_key, settings.CSRF_COOKIE_NAME: CSRF},
            headers={"Referer": url},
            allow_redirects=False,
            timeout=60,
        )
        return response.status_code

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        statuses = list(pool.map(send, jobs))
    assert statuses == [302] * SUBMISSIONS
    year = datetime.date.today().year
    numbers = sorted(
        Case.objects.filter(register="TN", year=year).values_list("sequence", flat=True)
    )
    assert numbers == list(range(1, SUBMISSIONS + 1))
