"""A granted case whose loan request fails (a database error) does not lose its loan: the
request is tried again as a task after the notification schedule's first wait, and it is
idempotent, so the retry, and any retry after it, makes exactly one loan for the case."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from digikommun.catalog.services import service_publish
from digikommun.lending import services
from digikommun.lending.models import Loan
from tests.conftest import run_pending_tasks

from .test_hook import SECTION, definition, granted_parking

pytestmark = pytest.mark.django_db


def _retries():
    return DBTaskResult.objects.filter(
        status="READY", task_path__endswith="request_loan_for_decision"
    )


def test_a_failed_loan_request_is_retried_and_makes_one_loan(
    demo, django_capture_on_commit_callbacks, monkeypatch
):
    from digikommun.notify.services import RETRY_AFTER

    service_publish(definition=definition(SECTION))
    pool = services.pool_ensure(config=definition(SECTION).lending, service_id="boendeparkering")
    services.item_add(pool_id=pool.pk, serial="P-1")
    real = services.loan_request
    calls = []

    def fails_once(**kwargs):
        calls.append(kwargs["case"].pk)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real(**kwargs)

    monkeypatch.setattr(services, "loan_request", fails_once)
    case = granted_parking(django_capture_on_commit_callbacks)
    assert calls == [case.pk] and not Loan.objects.exists()
    retry = _retries().get()
    assert retry.args_kwargs["args"] == [case.decision.pk, 2]
    assert timezone.now() < retry.run_after <= timezone.now() + RETRY_AFTER[0]
    run_pending_tasks()  # not due yet
    assert _retries().count() == 1 and not Loan.objects.exists()

    _retries().update(run_after=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        run_pending_tasks()
    loan = Loan.objects.get(case=case)
    assert loan.state == "offered" and loan.item.serial == "P-1"
    assert not _retries().exists()

    # The task run again (a worker that died after the commit) makes no second loan.
    from digikommun.lending.tasks import request_loan_for_decision

    request_loan_for_decision.enqueue(case.decision.pk, 3)
    run_pending_tasks()
    assert Loan.objects.filter(case=case).count() == 1 and len(calls) == 3


def test_the_retries_end_after_the_schedule(demo, monkeypatch, caplog, settings):
    from digikommun.lending.tasks import request_loan_for_decision

    settings.NOTIFY_RETRY_AFTER_SECONDS = [1]
    monkeypatch.setattr(
        "digikommun.lending.receivers.loan_for_decision",
        lambda **kw: (_ for _ in ()).throw(OperationalError("down")),
    )
    request_loan_for_decision.enqueue(4242, 1)
    run_pending_tasks()
    assert _retries().get().args_kwargs["args"] == [4242, 2]
    _retries().update(run_after=timezone.now())
    run_pending_tasks()
    assert not _retries().exists()
    assert "after 2 attempts: register it by hand" in caplog.text
