"""The worker's clock: fires due timers and picks up cases a dead worker left behind.

Runs in every `digikommun worker` beside the task loop. Each timer fires inside a
transaction that locks it (SKIP LOCKED on PostgreSQL, the write lock on SQLite), so several
workers share the timers safely; the actions themselves are idempotent.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone

from digikommun.cases.models import Case
from digikommun.cases.workflow import Status

from .models import Timer

logger = logging.getLogger(__name__)

# Timers of other apps, by kind: a function of the timer that returns what it did
# (co-signing registers its deadline and reminder). The kinds below are the engine's own.
TIMER_HANDLERS: dict[str, Callable[[Timer], str]] = {}


def _fire(timer: Timer) -> str:
    from digikommun.cases import handling

    if timer.kind == Timer.Kind.COMPLETION_DEADLINE:
        return "expired" if handling.completion_expire(request_id=timer.subject_id) else "answered"
    if timer.kind == Timer.Kind.COMPLETION_REMINDER:
        from digikommun.cases.models import CompletionRequest
        from digikommun.notify.services import notify_case_event

        request = CompletionRequest.objects.get(pk=timer.subject_id)
        if request.is_open:
            notify_case_event(
                case_id=timer.case_id, event="completion_reminder", ref=str(request.pk)
            )
            return "reminded"
        return "not needed"
    if timer.kind == Timer.Kind.CLOSE_AFTER_APPEAL_TIME:
        return "closed" if handling.case_close(case_id=timer.case_id) else "not decided"
    handler = TIMER_HANDLERS.get(timer.kind)
    return handler(timer) if handler is not None else "unknown kind"


def fire_due_timers(*, now: datetime.datetime | None = None, limit: int = 100) -> int:
    now = now or timezone.now()
    fired = 0
    for _ in range(limit):
        with transaction.atomic():
            timer = (
                Timer.objects.select_for_update(skip_locked=True)
                .filter(fired_at__isnull=True, due_at__lte=now)
                .order_by("due_at", "pk")
                .first()
            )
            if timer is None:
                break
            timer.outcome = _fire(timer)
            timer.fired_at = timezone.now()
            timer.save(update_fields=["outcome", "fired_at"])
            fired += 1
    return fired


def sweep_stuck_cases(*, now: datetime.datetime | None = None) -> int:
    """Re-run the process of cases still `received` long after they came in."""
    from .steps import automated_decision

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.PROCESS_STUCK_AFTER_SECONDS)
    stuck = list(
        Case.objects.filter(status=Status.RECEIVED, submitted_at__lt=cutoff)
        .order_by("submitted_at")
        .values_list("pk", flat=True)[:100]
    )
    for case_id in stuck:
        logger.warning("case %s was left undecided; running its process again", case_id)
        automated_decision(case_id=case_id)
    return len(stuck)


class Clock(threading.Thread):
    def __init__(self, interval: float = 1.0):
        super().__init__(daemon=True, name="digikommun-clock")
        self.interval = interval
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.wait(self.interval):
            try:
                close_old_connections()
                fire_due_timers()
                sweep_stuck_cases()
            except Exception:  # keep the clock alive; the next tick tries again
                logger.exception("the process clock failed; trying again")
            finally:
                close_old_connections()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=10)
