"""Shared fixtures: demo data, a real background worker, and the PostgreSQL re-run.

`make test` runs the suite on SQLite, then (DIGIKOMMUN_TEST_DB=postgres) once more on
PostgreSQL, keeping only the tests that touch the database.
"""

from __future__ import annotations

import logging
import os
import threading

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make
# beside it are ordinary synchronous calls, so Django's async-safety guard is relaxed here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# aiosmtpd logs every connection at INFO from its own thread, at times after the test that
# captured the log has ended ("--- Logging error --- … I/O operation on closed file"); what
# the tests judge is what the server received, not its chatter.
logging.getLogger("mail.log").setLevel(logging.WARNING)


@pytest.fixture(scope="session", autouse=True)
def _urlconf_loaded_with_the_test_settings():
    """The URLconf mounts the test identity provider (/idp/) when the settings enable it,
    once, when it is first imported. Import it before any test turns the setting off with
    the `settings` fixture, or a worker whose first request came during such a test would
    have no /idp/ for the rest of its run."""
    from django.urls import get_resolver

    assert get_resolver().url_patterns


DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_setup"}


def pytest_collection_modifyitems(config, items):
    if os.environ.get("DIGIKOMMUN_TEST_DB") != "postgres":
        return
    keep, drop = [], []
    for item in items:
        uses_db = DB_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker(
            "django_db"
        )
        (keep if uses_db else drop).append(item)
    items[:] = keep
    config.hook.pytest_deselected(items=drop)


def pytest_report_header(config):
    return f"database: {'PostgreSQL' if os.environ.get('DIGIKOMMUN_TEST_DB') == 'postgres' else 'SQLite'}"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language, whatever the test before it activated."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def demo(db):
    """The demo services published and the demo people created, as `make run` does."""
    from digikommun.demo import demo_load

    return demo_load()


class WorkerThread:
    """A real django-tasks-db worker, polling the test database from a thread."""

    def __init__(self):
        from django_tasks_db.management.commands.db_worker import Worker

        self.worker = Worker(
            queue_names=["default"],
            interval=0.05,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="test-worker",
            excluded_queue_names=[],
        )
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        from django.db import connections

        try:
            self.worker.run()
        finally:
            connections.close_all()

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.worker.running = False
        self.thread.join(timeout=10)


@pytest.fixture
def worker(transactional_db):
    w = WorkerThread().start()
    yield w
    w.stop()


def run_pending_tasks() -> int:
    """Run every queued task in this thread, as a worker would (claim, run, record the result).

    The worker's own loop closes database connections between tasks, which would end a
    test's transaction; this drives the same Worker.run_task without that.
    """
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="inline",
        excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().get_locked()) is not None:
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran


@pytest.fixture(autouse=True)
def _audit_checkpoints_per_test(settings, tmp_path_factory):
    """Each test anchors the audit log in a checkpoint folder of its own."""
    settings.AUDIT_CHECKPOINT_DIR = tmp_path_factory.mktemp("audit-checkpoints")
