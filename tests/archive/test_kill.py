"""`digikommun archive deliver` and `archive thin` killed with SIGKILL mid-run, in a real
process on the test's database, then run again: every case leaves exactly once, a delivered
case left only with its package whole (checksums and eark-validator), no half-written
package stays behind or counts, and the audit chain verifies."""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import F

from digikommun.archive.models import Removal
from digikommun.archive.package import Written, package_verify
from digikommun.audit.services import audit_verify
from digikommun.cases.models import Case, CaseEvent, Decision
from digikommun.cases.workflow import Status
from digikommun.identity.models import User
from tests.answers import BISTAND, submitted_case

from .conftest import ANNA, closed_case
from .validation import eark_errors, eark_reports

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("retention_checked")]

CASES = 8


def _start(*argv: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "digikommun.cli", "archive", *argv],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "digikommun.conf.settings.test",
            "DIGIKOMMUN_DB_NAME": str(connection.settings_dict["NAME"]),
            "DIGIKOMMUN_FAULT_TEST": "1",  # reads DIGIKOMMUN_MEDIA_ROOT: the test's files
            "DIGIKOMMUN_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _kill_when(process: subprocess.Popen, ready, *, timeout: float, what: str) -> None:
    """Poll until `ready()` holds, then SIGKILL; fail if the run ends first or the deadline
    passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if ready():
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
            assert process.returncode == -signal.SIGKILL
            return
        if process.poll() is not None:
            err = process.stderr.read().decode(errors="replace") if process.stderr else ""
            pytest.fail(f"the run ended (code {process.returncode}) before {what}:\n{err}")
        time.sleep(0.002)
    process.kill()
    process.wait()
    pytest.fail(f"timed out waiting for {what}")


def _finish(*argv: str) -> None:
    process = _start(*argv)
    _out, err = process.communicate(timeout=50)
    assert process.returncode == 0, err.decode(errors="replace")


def _age(days: int) -> None:
    """Move every case's history `days` back, so today is past its retention years."""
    shift = datetime.timedelta(days=days)
    CaseEvent.objects.update(at=F("at") - shift)
    Decision.objects.update(decided_at=F("decided_at") - shift)


def _whole(record: Removal, out: Path) -> list[str]:
    folder, archive = out / record.package_id, out / record.package_file
    if not folder.is_dir() or not archive.is_file():
        return [f"{record.diary_number}: no package"]
    size = archive.stat().st_size
    return package_verify(Written(record.package_id, folder, archive, record.package_sha256, size))


def test_deliver_killed_mid_run_then_run_again(demo, tmp_path):
    out = tmp_path / "e-archive"
    diaries = {closed_case("boendeparkering", letter=n < 2).diary_number for n in range(CASES)}
    _age(800)
    run = _start("deliver", "--out", str(out))

    def mid_package() -> bool:
        # One case delivered and the next package half-written in its temporary folder.
        partial = out.is_dir() and any(p.name.endswith(".partial") for p in out.iterdir())
        return partial and Removal.objects.exists()

    _kill_when(run, mid_package, timeout=40, what="a delivery and a half-written package")

    # Killed: what left the database left with its whole package; the rest is still there.
    removed = list(Removal.objects.all())
    assert 0 < len(removed) < CASES
    assert all(_whole(r, out) == [] for r in removed)
    left = {c.diary_number for c in Case.objects.all()}
    assert left | {r.diary_number for r in removed} == diaries and not left & {
        r.diary_number for r in removed
    }
    whole = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    assert {r.package_id for r in removed} <= whole

    _finish("deliver", "--out", str(out))
    records = list(Removal.objects.all())
    assert sorted(r.diary_number for r in records) == sorted(diaries)  # each once
    assert not Case.objects.exists()
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []  # no partial left
    assert len([p for p in out.iterdir() if p.is_dir()]) == CASES
    assert all(_whole(r, out) == [] for r in records)
    reports = eark_reports(*(out / r.package_id for r in records))
    assert [eark_errors(report) for report in reports] == [[]] * CASES
    assert audit_verify().ok


def _closed_application() -> str:
    """A financial-assistance case closed as it stands (one person's later applications go
    to a caseworker; a case closed without a decision is thinned all the same)."""
    case = submitted_case("ekonomiskt-bistand", BISTAND, person=User.objects.get(personnummer=ANNA))
    Case.objects.filter(pk=case.pk).update(status=Status.CLOSED)
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.CLOSED)
    return case.diary_number


def test_thin_killed_mid_run_then_run_again(demo):
    diaries = {_closed_application() for _ in range(3 * CASES)}
    _age(6 * 366)
    run = _start("thin")
    _kill_when(run, Removal.objects.exists, timeout=40, what="a thinned case")

    removed = set(Removal.objects.values_list("diary_number", flat=True))
    left = {c.diary_number for c in Case.objects.all()}
    assert removed and left and not removed & left and removed | left == diaries
    assert audit_verify().ok

    _finish("thin")
    records = list(Removal.objects.all())
    assert sorted(r.diary_number for r in records) == sorted(diaries)
    assert {r.kind for r in records} == {"thinned"} and not Case.objects.exists()
    assert audit_verify().ok
