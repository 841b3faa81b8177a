"""A worker killed (kill -9) in the middle of an automated decision loses nothing and
decides nothing twice: another worker picks the case up, and every case is decided once.

Runs on SQLite and, in the PostgreSQL pass of `make test`, on PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from django.db import connection

from digikommun.cases.models import Case, CaseEvent, Decision
from digikommun.cases.workflow import Status
from tests.answers import PARKING, filled_draft


def start_worker(**env) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "digikommun.cli",
            "worker",
            "--interval",
            "0.05",
            "--clock-interval",
            "0.2",
        ],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "digikommun.conf.settings.test",
            "DIGIKOMMUN_DB_NAME": str(connection.settings_dict["NAME"]),
            **env,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for(predicate, timeout: float, what: str) -> None:
    start = time.monotonic()
    deadline = start + timeout
    while time.monotonic() < deadline:
        if predicate():
            print(f"{what}: {time.monotonic() - start:.1f} s")
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


@pytest.mark.django_db(transaction=True)
def test_killed_worker_leaves_every_case_decided_exactly_once(demo, tmp_path):
    from django_tasks_db.models import DBTaskResult

    from digikommun.portal.services import draft_submit

    cases = []
    for _ in range(4):
        draft, definition = filled_draft("boendeparkering", PARKING)
        cases.append(draft_submit(draft=draft, definition=definition, language="sv"))
    decisions = DBTaskResult.objects.filter(task_path__endswith="run_case_process")
    assert decisions.count() == 4

    # Worker A holds each decision open for a minute, and is killed while inside one.
    paused = tmp_path / "paused"
    a = start_worker(
        DIGIKOMMUN_FAULT_PAUSE_IN_DECISION="60",
        DIGIKOMMUN_FAULT_PAUSE_MARKER=str(paused),
        PROCESS_STUCK_AFTER_SECONDS="3600",
    )
    try:
        # The step itself says when it is paused inside the decision, with the case locked.
        wait_for(paused.exists, 30, "worker A to pause inside a decision")
        assert decisions.filter(status="RUNNING").exists()
        os.kill(a.pid, signal.SIGKILL)
        a.wait(timeout=10)
    finally:
        if a.poll() is None:
            a.kill()
    assert Decision.objects.count() == 0, "nothing was committed by the killed worker"
    assert Case.objects.filter(status=Status.RECEIVED).count() == 4

    # Worker B takes the queued cases, and its clock sweeps up the one A left behind.
    b = start_worker(PROCESS_STUCK_AFTER_SECONDS="2")
    try:
        # Done when all four are decided and no process task is left waiting: whatever could
        # make a second decision has run by then. Stopping B then makes the counts final.
        wait_for(
            lambda: (
                Decision.objects.count() == 4
                and not DBTaskResult.objects.filter(
                    task_path__endswith="run_case_process", status="READY"
                ).exists()
            ),
            40,
            "all four cases to be decided and the queue to be empty",
        )
    finally:
        b.send_signal(signal.SIGTERM)
        try:
            _out, err = b.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            b.kill()
            _out, err = b.communicate()
        if Decision.objects.count() != 4:
            print(err.decode(errors="replace")[-3000:])
    for case in cases:
        assert Decision.objects.filter(case=case).count() == 1
        assert (
            CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.DECIDED_AUTOMATICALLY).count()
            == 1
        )
        assert Case.objects.get(pk=case.pk).status == Status.DECIDED
