"""What the fault tests share: worker processes with a fault hook, a deadline to wait with,
and the check that every decision ended with one letter, one notification and its timer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from digikommun.cases.models import Case, Decision
from digikommun.letters.models import Letter
from digikommun.letters.selectors import letter_pdf
from digikommun.notify.models import Delivery, all_events
from digikommun.notify.services import preference_save
from digikommun.process.models import StepRun, Timer
from tests.portal.test_submit import PARKING, filled_draft


class Worker:
    """`digikommun worker` in its own process, on the test's database and files."""

    def __init__(self, *, smtp_port: int, fault_dir: Path, media_root: Path | None = None, **env):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "digikommun.cli", "worker"]
            + ["--interval", "0.05", "--clock-interval", "0.2"],
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "digikommun.conf.settings.test",
                "DIGIKOMMUN_DB_NAME": str(connection.settings_dict["NAME"]),
                "DIGIKOMMUN_FAULT_TEST": "1",
                "DIGIKOMMUN_FAULT_DIR": str(fault_dir),
                "DIGIKOMMUN_MEDIA_ROOT": str(media_root or settings.MEDIA_ROOT),
                "DIGIKOMMUN_TEST_SMTP_PORT": str(smtp_port),
                "PROCESS_STUCK_AFTER_SECONDS": "2",
                **env,
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def kill(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> str:
        """Stop it (SIGTERM, then SIGKILL) and return the end of what it logged."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            _out, err = self.process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _out, err = self.process.communicate()
        return (err or b"").decode(errors="replace")[-4000:]


def wait_for(predicate, *, timeout: float, what: str, worker: Worker | None = None) -> None:
    """Poll until `predicate()` holds; fail (with the worker's log) at the deadline."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if worker is not None and worker.process.poll() is not None:
            pytest.fail(f"the worker ended while waiting for {what}:\n{worker.stop()}")
        time.sleep(0.05)
    log = worker.stop() if worker is not None else ""
    pytest.fail(f"timed out waiting for {what}\n{log}")


def submit_parking_cases(count: int) -> list[Case]:
    from digikommun.portal.services import draft_submit

    cases = []
    for _ in range(count):
        draft, definition = filled_draft("boendeparkering", PARKING)
        case = draft_submit(draft=draft, definition=definition, language="sv")
        preference_save(
            user=case.applicant,
            email=f"applicant{case.pk}@example.se",
            events=all_events(),
            language="",
        )
        cases.append(case)
    return cases


def decided_mails(mailbox, case: Case) -> list:
    return [m for m in mailbox.received if f"-{case.pk}-decided@" in str(m["Message-ID"])]


def all_done(cases: list[Case], mailbox) -> bool:
    if Delivery.objects.filter(case__in=cases, status="queued").exists():
        return False  # every notification (of receipt too) is sent
    for case in cases:
        decision = Decision.objects.filter(case=case).first()
        if decision is None or not Letter.objects.filter(decision=decision).exists():
            return False
        if not Delivery.objects.filter(case=case, event="decided", status="sent").exists():
            return False
        if not decided_mails(mailbox, case):
            return False
        if not Timer.objects.filter(kind=Timer.Kind.CLOSE_AFTER_APPEAL_TIME, case_id=case.pk):
            return False
    return True


def assert_each_decision_complete_once(cases: list[Case], mailbox) -> None:
    """One decision, one letter (whole, as recorded), one notification, one closing timer."""
    for case in cases:
        decision = Decision.objects.get(case=case)
        letters = list(Letter.objects.filter(decision=decision))
        assert len(letters) == 1
        assert letter_pdf(letters[0]).startswith(b"%PDF")  # checked against its sha256
        assert Delivery.objects.filter(case=case, event="decided").count() == 1
        mails = decided_mails(mailbox, case)
        assert len(mails) == 1, (
            [m["Message-ID"] for m in mails],
            list(
                Delivery.objects.filter(case=case).values(
                    "event", "status", "attempts", "last_error"
                )
            ),
        )
        assert (
            Timer.objects.filter(kind=Timer.Kind.CLOSE_AFTER_APPEAL_TIME, case_id=case.pk).count()
            == 1
        )
        assert StepRun.objects.get(step="after_decision", subject_id=decision.pk).status == "done"
    # No short, empty or second file under a letter's name.
    folder = Path(settings.MEDIA_ROOT) / "letters"
    named = {Path(letter.pdf.path) for letter in Letter.objects.filter(case__in=cases)}
    prefixes = tuple(f"-beslut-{d.pk}-" for d in Decision.objects.filter(case__in=cases))
    on_disk = {p for p in folder.rglob("*.pdf") if any(x in p.name for x in prefixes)}
    assert on_disk == named, (sorted(on_disk), sorted(named))
