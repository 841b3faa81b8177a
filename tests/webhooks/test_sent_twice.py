"""The form that makes a subscription, sent twice (a double click), makes one subscription.

The form carries a hidden `key` made when it is shown; the second post with that key lands
on the subscription list with a message (the secret was shown on the first answer only), and
two posts at once with the same key, on two connections, still make one. A form without a key
(a page loaded before the key existed) still makes its subscription.
"""

from __future__ import annotations

import re
import threading
import uuid

import pytest
from django.db import connections

from digikommun.webhooks import selectors, services
from digikommun.webhooks.models import Subscription

FORM = {
    "name": "Ärendesystemet",
    "url": "https://arende.example.org/hooks",
    "event_types": ["case.decided"],
}


def _key(page: str) -> str:
    found = re.search(r'<input type="hidden" name="key" value="([0-9a-f-]{36})">', page)
    assert found, "the form carries no key"
    return found.group(1)


def test_the_form_sent_twice_makes_one_subscription(admin):
    key = str(uuid.uuid4())
    first = admin.post("/workbench/webhooks/new/", {**FORM, "key": key})
    assert first.status_code == 200
    subscription = Subscription.objects.get()
    assert subscription.secret in first.content.decode()

    again = admin.post("/workbench/webhooks/new/", {**FORM, "key": key})
    assert again.status_code == 302 and again["Location"] == "/workbench/webhooks/"
    assert Subscription.objects.count() == 1
    page = admin.get(again["Location"]).content.decode()
    assert "The subscription “Ärendesystemet” was already made" in page
    assert subscription.secret not in page and subscription.secret not in again.content.decode()


def test_the_form_carries_a_fresh_key(admin):
    one = _key(admin.get("/workbench/webhooks/new/").content.decode())
    two = _key(admin.get("/workbench/webhooks/new/").content.decode())
    assert one != two


def test_the_key_is_kept_when_the_form_comes_back_with_errors(admin):
    key = _key(admin.get("/workbench/webhooks/new/").content.decode())
    answer = admin.post("/workbench/webhooks/new/", {**FORM, "url": "", "key": key})
    assert answer.status_code == 400
    assert _key(answer.content.decode()) == key
    admin.post("/workbench/webhooks/new/", {**FORM, "key": key})
    admin.post("/workbench/webhooks/new/", {**FORM, "key": key})
    assert Subscription.objects.count() == 1


def test_the_message_is_in_swedish_too(admin):
    admin.cookies["django_language"] = "sv"
    key = str(uuid.uuid4())
    admin.post("/workbench/webhooks/new/", {**FORM, "key": key}, HTTP_ACCEPT_LANGUAGE="sv")
    again = admin.post(
        "/workbench/webhooks/new/", {**FORM, "key": key}, HTTP_ACCEPT_LANGUAGE="sv", follow=True
    )
    assert "Prenumerationen ”Ärendesystemet” är redan skapad" in again.content.decode()


def test_a_form_without_a_key_still_makes_its_subscription(admin):
    answer = admin.post("/workbench/webhooks/new/", FORM)
    assert answer.status_code == 200
    again = admin.post("/workbench/webhooks/new/", {**FORM, "key": "not-a-uuid"})
    assert again.status_code == 200
    made = list(Subscription.objects.all())
    assert len(made) == 2 and made[0].secret != made[1].secret
    assert made[0].secret in answer.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_posts_at_once_with_one_key_make_one_subscription(monkeypatch):
    """Both posts look for the key before either has made the subscription (a barrier holds
    them there), so both insert: the unique key stops the second, which answers with the
    first's subscription."""
    key = uuid.uuid4()
    both_looked = threading.Barrier(2, timeout=20)
    looked = threading.local()
    lookups: list[bool] = []
    lookup = selectors.subscription_for_form

    def held_lookup(form_key):
        found = lookup(form_key)
        lookups.append(found is not None)
        if not getattr(looked, "once", False):  # the first look, before inserting
            looked.once = True
            both_looked.wait()
        return found

    monkeypatch.setattr(selectors, "subscription_for_form", held_lookup)
    results: list[tuple[int, bool]] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            subscription, made = services.subscription_create_once(form_key=key, user=None, **FORM)
            results.append((subscription.pk, made))
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=40)
    assert errors == []
    only = Subscription.objects.get()
    assert sorted(results, key=lambda r: not r[1]) == [(only.pk, True), (only.pk, False)]
    # Neither found it first; the one stopped by the unique key found it after.
    assert lookups == [False, False, True]
    assert only.form_key == key
