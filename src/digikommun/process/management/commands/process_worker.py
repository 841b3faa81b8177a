"""`digikommun worker`: the task loop (django-tasks-db, or RQ), with the process clock beside it."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from digikommun.process.scheduler import Clock


class Command(BaseCommand):
    help = "Run a background worker: tasks from the queue, timers and the sweep of stuck cases."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=0.1)
        parser.add_argument("--clock-interval", type=float, default=1.0)

    def handle(self, *args, **options):
        clock = Clock(interval=options["clock_interval"])
        clock.start()
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
            call_command(
                "db_worker",
                interval=options["interval"],
                startup_delay=False,
                reload=False,
                verbosity=0,
            )
        finally:
            clock.stop()
