"""Steps that fail for a passing cause are tried again until they succeed.

- A full disk while the letter is written: the step fails, no short or empty PDF is left
  under a letter's name, and once space is freed the letter is made — one letter. The disk
  is a small tmpfs mounted for the test (as root); where no tmpfs can be mounted, the write
  fails with ENOSPC from the fault hook instead. Never skipped.
- The SMTP server down: the real aiosmtpd server is stopped, the decisions are made, the
  notifications fail and are retried; the server is started again and each decision's
  email arrives once.
"""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import tempfile
from pathlib import Path

import pytest

from digikommun.letters.models import Letter
from digikommun.notify.models import Delivery
from digikommun.process.models import StepRun
from tests.notify.smtp import SmtpServer
from tests.process.harness import (
    Worker,
    all_done,
    assert_each_decision_complete_once,
    submit_parking_cases,
    wait_for,
)


@contextlib.contextmanager
def small_disk():
    """A 1 MB tmpfs (yields its path and True), or a plain folder (and False) if the
    mount is not allowed here."""
    folder = Path(tempfile.mkdtemp(prefix="digikommun-disk-"))
    mounted = (
        os.geteuid() == 0
        and subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True
        ).returncode
        == 0
    )
    try:
        yield folder, mounted
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], check=True)
        subprocess.run(["rm", "-rf", str(folder)], check=True)


def fill(folder: Path) -> Path:
    """Write until the disk is full; the filler file frees the space when removed."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


@pytest.fixture
def smtp():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.mark.django_db(transaction=True)
def test_a_full_disk_delays_the_letter_and_leaves_no_broken_file(demo, smtp, tmp_path, settings):
    with small_disk() as (disk, mounted):
        settings.MEDIA_ROOT = disk
        env = (
            {}
            if mounted
            else {"DIGIKOMMUN_FAULT_AT": "letter.write", "DIGIKOMMUN_FAULT_MODE": "enospc"}
        )
        if mounted:
            filler = fill(disk)
        else:
            filler = tmp_path / "disk-full"
            filler.touch()
        cases = submit_parking_cases(2)
        worker = Worker(smtp_port=smtp.port, fault_dir=tmp_path, media_root=disk, **env)
        try:
            wait_for(
                lambda: (
                    StepRun.objects.filter(
                        step="after_decision", attempts__gte=2, last_error__contains="No space left"
                    ).count()
                    == 2
                ),
                timeout=60,
                what="the letters to fail twice for want of space",
                worker=worker,
            )
            assert not Letter.objects.exists()
            letters = disk / "letters"
            left = [p for p in letters.rglob("*")] if letters.exists() else []
            assert [p for p in left if p.is_file()] == [], "no file, short or empty, is left"

            filler.unlink()  # space again
            wait_for(
                lambda: all_done(cases, smtp.mailbox), timeout=60, what="every case", worker=worker
            )
        finally:
            worker.stop()
        assert_each_decision_complete_once(cases, smtp.mailbox)
        print(f"full disk: {'a tmpfs of 1 MB' if mounted else 'ENOSPC from the fault hook'}")


@pytest.mark.django_db(transaction=True)
def test_smtp_down_then_up_sends_each_decision_email_once(demo, tmp_path):
    server = SmtpServer().start()
    port, mailbox = server.port, server.mailbox
    server.stop()  # the mail server goes down

    cases = submit_parking_cases(2)
    worker = Worker(smtp_port=port, fault_dir=tmp_path)
    restarted = False
    try:
        wait_for(
            lambda: (
                Delivery.objects.filter(
                    event="decided", attempts__gte=2, last_error__contains="Connection refused"
                ).count()
                == 2
            ),
            timeout=60,
            what="the decision emails to fail twice",
            worker=worker,
        )
        assert mailbox.received == []
        server.restart()  # and comes back
        restarted = True
        wait_for(lambda: all_done(cases, mailbox), timeout=60, what="every case", worker=worker)
    finally:
        worker.stop()
        if restarted:
            server.stop()
    assert_each_decision_complete_once(cases, mailbox)
