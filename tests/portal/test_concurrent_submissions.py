"""Applications sent at once by parallel HTTP clients give cases with unique, gap-free diary
numbers: 100 from 20 clients on PostgreSQL (the pass of `make test` that uses it), 40 from 8
on SQLite, which lets one writer in at a time, so more clients only queue longer for the lock
on a loaded machine without testing anything more. All clients start together (a barrier)."""

from __future__ import annotations

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from digikommun.cases.models import Case
from digikommun.identity.models import User
from tests.answers import PARKING, filled_draft


def load() -> tuple[int, int]:
    """(clients, submissions) for the database in use."""
    from django.db import connection

    return (20, 100) if connection.vendor == "postgresql" else (8, 40)


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
    clients, submissions = load()
    people = [
        User.objects.create_user(username=f"load-{i}", personnummer=None, first_name="Test")
        for i in range(clients)
    ]
    jobs = []
    for i in range(submissions):
        person = people[i % clients]
        draft, _definition = filled_draft("boendeparkering", PARKING, person=person)
        url = f"{live_server.url}/applications/{draft.key}/review/"
        jobs.append((session_for(person), url, i < clients))

    start = threading.Barrier(clients)

    def send(job) -> int:
        session_key, url, first = job
        if first:
            start.wait(timeout=30)
        response = requests.post(
            url,
            data={"csrfmiddlewaretoken": CSRF},
            cookies={settings.SESSION_COOKIE_NAME: session_key, settings.CSRF_COOKIE_NAME: CSRF},
            headers={"Referer": url},
            allow_redirects=False,
            timeout=45,
        )
        return response.status_code

    with ThreadPoolExecutor(max_workers=clients) as pool:
        statuses = list(pool.map(send, jobs))
    assert statuses == [302] * submissions
    year = datetime.date.today().year
    numbers = sorted(
        Case.objects.filter(register="TN", year=year).values_list("sequence", flat=True)
    )
    assert numbers == list(range(1, submissions + 1))
