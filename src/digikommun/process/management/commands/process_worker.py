"""`digikommun worker`: the task loop of django-tasks-db, with the process clock beside it.

When the database goes away (a restart, a failover), the task loop stops with a database
error; the worker then waits, with growing pauses, and starts the loop again, so a restarted
database needs no restarted workers. The clock thread keeps trying on its own.
"""

from __future__ import annotations

import logging
import time

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
