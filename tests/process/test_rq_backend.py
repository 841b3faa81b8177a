"""The process on the RQ tasks backend (`TASKS_BACKEND=rq`, docs/scale-out.md): a submission is
decided automatically and its after-decision step (letter, notification, closing timer) runs,
all through Redis and a real RQ worker (`digikommun worker` in a subprocess).

Needs Redis on 127.0.0.1:6379; skips, saying so, when it does not answer. The test takes an
empty Redis database number of its own (10–15) and empties it again at the end, so it never
touches another user's keys. Runs on SQLite and, in the PostgreSQL pass, on PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection
from django.test import override_settings

from digikommun.cases.models import Case, CaseEvent, Decision
from digikommun.cases.workflow import Status
from digikommun.letters.models import Letter
from digikommun.process.models import Timer
from tests.portal.test_submit import PARKING, filled_draft

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
CLAIM = "digikommun-test-rq-claim"


def redis_db_of_our_own():
    """An empty Redis database number claimed for this test, or None when Redis is absent."""
    import redis

    for number in range(10, 16):
        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=number, socket_timeout=2)
        try:
            client.ping()
        except redis.exceptions.ConnectionError:
            return None
        # Claim the database only if nothing else lives in it; the claim expires by itself.
        if client.dbsize() == 0 and client.set(CLAIM, str(os.getpid()), nx=True, ex=600):
            if client.dbsize() == 1:
                return client, number
            client.delete(CLAIM)
    return None


@pytest.fixture
def redis_url():
    pytest.importorskip("django_tasks_rq", reason="django-tasks-rq is not installed")
    claimed = redis_db_of_our_own()
    if claimed is None:
        pytest.skip(f"Redis does not answer on {REDIS_HOST}:{REDIS_PORT} (or has no free DB 10–15)")
    client, number = claimed
    try:
        yield f"redis://{REDIS_HOST}:{REDIS_PORT}/{number}"
    finally:
        client.flushdb()


def wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


@pytest.mark.django_db(transaction=True)
def test_a_submission_is_decided_and_followed_up_through_rq(demo, redis_url):
    from digikommun.portal.services import draft_submit

    rq_settings = {
        "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
        "RQ_QUEUES": {"default": {"URL": redis_url}},
    }
    with override_settings(**rq_settings):
        import django_rq

        draft, definition = filled_draft("boendeparkering", PARKING)
        case = draft_submit(draft=draft, definition=definition, language="sv")
        # The process was queued in Redis, not run here and not in the database queue.
        queued = [job.func_name for job in django_rq.get_queue("default").jobs]
        assert "digikommun.process.tasks.run_case_process" in queued
        assert Case.objects.get(pk=case.pk).status == Status.RECEIVED

        worker = subprocess.Popen(
            [sys.executable, "-m", "digikommun.cli", "worker", "--clock-interval", "0.5"],
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "digikommun.conf.settings.test",
                "DIGIKOMMUN_DB_NAME": str(connection.settings_dict["NAME"]),
                "TASKS_BACKEND": "rq",
                "REDIS_URL": redis_url,
                "PROCESS_STUCK_AFTER_SECONDS": "3600",  # the sweep must not do the queue's work
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            wait_for(lambda: Letter.objects.filter(case=case).exists(), 90, "the decision letter")
            wait_for(
                lambda: Timer.objects.filter(case_id=case.pk).exists(), 30, "the closing timer"
            )
            wait_for(lambda: django_rq.get_queue("default").count == 0, 30, "the queue to be empty")
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                _out, err = worker.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                worker.kill()
                _out, err = worker.communicate()
            if not Letter.objects.filter(case=case).exists():
                print(err.decode(errors="replace")[-3000:])

    case.refresh_from_db()
    assert case.status == Status.DECIDED
    assert Decision.objects.filter(case=case).count() == 1
    assert (
        CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.DECIDED_AUTOMATICALLY).count() == 1
    )
    assert Letter.objects.filter(case=case).count() == 1
    assert (
        Timer.objects.filter(case_id=case.pk, kind=Timer.Kind.CLOSE_AFTER_APPEAL_TIME).count() == 1
    )
