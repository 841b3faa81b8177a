"""`digikommun worker`: the task loop (django-tasks-db, or RQ), with the process clock beside it.

When the database goes away (a restart, a failover), the database task loop stops with a
database error; the worker then waits, with growing pauses, and starts the loop again, so a
restarted database needs no restarted workers. The clock thread keeps trying on its own.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, connections

from digikommun.process.scheduler import Clock

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run a background worker: tasks from the queue, timers and the sweep of stuck cases."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=0.1)
        parser.add_argument("--clock-interval", type=float, default=1.0)

    def handle(self, *args, **options):
        clock = Clock(interval=options["clock_interval"])
        clock.start()
        pause = 0.5
        try:
            if "django_rq" in settings.INSTALLED_APPS:  # TASKS_BACKEND=rq (docs/scale-out.md)
                # SimpleWorker runs each job in this process: forking beside the clock thread
                # could copy a held import lock or a database connection into the child.
                call_command(
                    "rqworker",
                    "default",
                    job_class="django_tasks_rq.Job",
                    worker_class="rq.SimpleWorker",
                    with_scheduler=True,
                )
                return
            while True:
                try:
                    call_command(
                        "db_worker",
                        interval=options["interval"],
                        startup_delay=False,
                        reload=False,
                        verbosity=0,
                    )
                    return  # stopped by a signal
                except (OperationalError, InterfaceError) as exc:
                    logger.warning("the database is unavailable (%s); trying again", exc)
                    connections.close_all()
                    time.sleep(pause)
                    pause = min(pause * 2, 30.0)
        finally:
            clock.stop()
