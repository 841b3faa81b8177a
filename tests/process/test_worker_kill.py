"""A worker killed (kill -9) inside any step loses nothing and does nothing twice.

For each fault point of the process — deciding, writing the letter's file, recording the
letter, queueing the notification, sending it, setting the closing timer — a worker is
stopped there (the fault hook writes a handshake file and holds), killed with SIGKILL, and a
second worker started. Every decision then ends with exactly one decision, one whole letter,
one notification email and one closing timer, and no stray letter file. The closing timer
itself is killed while firing, and fires once afterwards.

Runs on SQLite and, in the PostgreSQL pass of `make test`, on PostgreSQL.
"""

from __future__ import annotations

import pytest
from django.utils import timezone

from digikommun.cases.models import Case, CaseEvent, Decision
from digikommun.cases.workflow import Status
from digikommun.notify.models import Delivery
from digikommun.process.models import StepRun, Timer
from tests.notify.smtp import SmtpServer
from tests.process.harness import (
    Worker,
    all_done,
    assert_each_decision_complete_once,
    submit_parking_cases,
    wait_for,
)

POINTS = [
    "decide",
    "letter.write",
    "letter.written",
    "after_decision.letter_made",
    "notify.send",
    "after_decision.notified",
]


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.mark.parametrize("point", POINTS)
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_inside_a_step_leaves_every_decision_complete_once(
    demo, smtp, tmp_path, point
):
    cases = submit_parking_cases(2)
    a = Worker(smtp_port=smtp.port, fault_dir=tmp_path, DIGIKOMMUN_FAULT_AT=point)
    try:
        wait_for(
            lambda: (tmp_path / f"reached-{point}").exists(),
            timeout=60,
            what=f"worker A to reach {point}",
            worker=a,
        )
        a.kill()
    finally:
        a.stop()
    assert not all_done(cases, smtp.mailbox), "worker A was stopped before the work was done"

    b = Worker(smtp_port=smtp.port, fault_dir=tmp_path)
    try:
        wait_for(lambda: all_done(cases, smtp.mailbox), timeout=90, what="every case", worker=b)
    finally:
        b.stop()
    assert_each_decision_complete_once(cases, smtp.mailbox)
    for case in cases:
        assert Case.objects.get(pk=case.pk).status == Status.DECIDED
        assert (
            CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.DECIDED_AUTOMATICALLY).count()
            == 1
        )
    # The step the killed worker was in was taken up again, and is recorded as such.
    assert (
        StepRun.objects.filter(attempts__gte=2).exists()
        or Delivery.objects.filter(attempts__gte=2).exists()
    )


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_closing_a_case_leaves_it_closed_once(demo, smtp, tmp_path):
    cases = submit_parking_cases(1)
    b = Worker(smtp_port=smtp.port, fault_dir=tmp_path)
    try:
        wait_for(lambda: all_done(cases, smtp.mailbox), timeout=60, what="the decision", worker=b)
    finally:
        b.stop()
    Timer.objects.filter(case_id=cases[0].pk).update(due_at=timezone.now())  # appeal time over

    c = Worker(smtp_port=smtp.port, fault_dir=tmp_path, DIGIKOMMUN_FAULT_AT="timer.close")
    try:
        wait_for(
            lambda: (tmp_path / "reached-timer.close").exists(),
            timeout=60,
            what="worker C to fire the timer",
            worker=c,
        )
        c.kill()
    finally:
        c.stop()
    assert Case.objects.get(pk=cases[0].pk).status == Status.DECIDED

    d = Worker(smtp_port=smtp.port, fault_dir=tmp_path)
    try:
        wait_for(
            lambda: Case.objects.get(pk=cases[0].pk).status == Status.CLOSED,
            timeout=60,
            what="the case to close",
            worker=d,
        )
    finally:
        d.stop()
    timer = Timer.objects.get(case_id=cases[0].pk, kind=Timer.Kind.CLOSE_AFTER_APPEAL_TIME)
    assert timer.fired_at is not None and timer.outcome == "closed"
    assert Decision.objects.filter(case=cases[0]).count() == 1
