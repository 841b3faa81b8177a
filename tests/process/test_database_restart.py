"""The database restarted in the middle of a step: the step fails, the worker keeps going,
and once the database is back every decision ends with one letter, one notification and
its closing timer.

The database is a throwaway PostgreSQL cluster made for this test (initdb and pg_ctl in a
temporary folder, on a free port), never the machine's shared server. The test's own
connection is pointed at it for the test's length. Skipped only where the PostgreSQL
server binaries are missing.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connections
from django.db.utils import load_backend
from django.test import override_settings

from digikommun.process.models import StepRun
from tests.notify.smtp import SmtpServer
from tests.process.harness import (
    Worker,
    all_done,
    assert_each_decision_complete_once,
    submit_parking_cases,
    wait_for,
)
from tests.process.pgcluster import ThrowawayCluster, server_binaries

pytestmark = pytest.mark.skipif(
    server_binaries() is None, reason="the PostgreSQL server binaries (initdb, pg_ctl) are missing"
)


class NoMigrations:
    """MIGRATION_MODULES for "no app has migrations"."""

    def __contains__(self, item: str) -> bool:
        return True

    def __getitem__(self, item: str) -> None:
        return None


@pytest.fixture
def throwaway_database(django_db_blocker):
    cluster = ThrowawayCluster()
    cluster.start()
    original = connections["default"]
    with django_db_blocker.unblock():
        settings_dict = {
            **original.settings_dict,
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "postgres",
            "USER": "postgres",
            "HOST": "127.0.0.1",
            "PORT": str(cluster.port),
            "PASSWORD": "",
            "OPTIONS": {},
        }
        setup = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
        with setup.cursor() as cursor:
            cursor.execute("CREATE DATABASE digikommun_fault")
        setup.close()
        settings_dict["NAME"] = "digikommun_fault"
        connections["default"] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(
            settings_dict, "default"
        )
        try:
            # The tables as the models declare them, made at once (as `migrate --run-syncdb`
            # does for an app without migrations): replaying every migration on a new cluster
            # costs ~30 s of CPU, and the migrations are tested on their own elsewhere.
            with override_settings(MIGRATION_MODULES=NoMigrations()):
                call_command("migrate", run_syncdb=True, verbosity=0)
            yield cluster
        finally:
            connections["default"].close()
            connections["default"] = original
            cluster.remove()


@pytest.mark.django_db(transaction=True)
def test_a_database_restart_inside_a_step_loses_nothing(throwaway_database, tmp_path):
    from digikommun.demo import demo_load

    cluster = throwaway_database
    smtp = SmtpServer().start()
    demo_load()
    cases = submit_parking_cases(2)
    env = {
        "DIGIKOMMUN_TEST_DB": "postgres",
        "PGPORT": str(cluster.port),
        "DIGIKOMMUN_FAULT_AT": "after_decision.letter_made",
        "DIGIKOMMUN_FAULT_MODE": "pause",
    }
    worker = Worker(smtp_port=smtp.port, fault_dir=tmp_path, **env)
    try:
        wait_for(
            lambda: (tmp_path / "reached-after_decision.letter_made").exists(),
            timeout=60,
            what="the worker to reach the point after the letter",
            worker=worker,
        )
        connections["default"].close()
        cluster.stop()  # the database goes away while the step is open …
        (tmp_path / "release").touch()  # … and the step goes on, into the missing database
        cluster.start()
        wait_for(
            lambda: all_done(cases, smtp.mailbox), timeout=120, what="every case", worker=worker
        )
    finally:
        log = worker.stop()
        smtp.stop()
    assert_each_decision_complete_once(cases, smtp.mailbox)
    assert StepRun.objects.filter(step="after_decision", attempts__gte=2).exists(), log
