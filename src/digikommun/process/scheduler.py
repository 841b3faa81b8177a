"""The worker's clock: fires due timers and runs again what a dead worker or a passing
failure left behind (recovery.sweep).

Runs in every `digikommun worker` beside the task loop. Each timer fires inside a
transaction that locks it (SKIP LOCKED on PostgreSQL, the write lock on SQLite), so several
workers share the timers safely; the actions themselves are idempotent. A timer whose action
fails is tried again after a growing wait, and is marked stuck after the last attempt.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import Q
from django.utils import timezone

from digikommun.audit.checkpoints import checkpoint_if_due
from digikommun.common.faults import fault_point

from . import recovery
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
        fault_point("timer.close")
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
                .filter(fired_at__isnull=True, stuck=False, due_at__lte=now)
                .filter(Q(retry_at__isnull=True) | Q(retry_at__lte=now))
                .order_by("due_at", "pk")
                .first()
            )
            if timer is None:
                break
            try:
                with transaction.atomic():
                    timer.outcome = _fire(timer)
            except Exception as exc:  # recorded; the timer is tried again later
                _timer_failed(timer, exc)
                continue
            timer.fired_at = timezone.now()
            timer.save(update_fields=["outcome", "fired_at"])
            fired += 1
    return fired


def _timer_failed(timer: Timer, exc: Exception) -> None:
    logger.exception("timer %s failed", timer.pk)
    timer.attempts += 1
    timer.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    timer.stuck = timer.attempts >= settings.PROCESS_MAX_ATTEMPTS
    timer.retry_at = None if timer.stuck else timezone.now() + recovery.backoff(timer.attempts)
    timer.save(update_fields=["attempts", "last_error", "stuck", "retry_at"])


def sweep_stuck_cases(*, now: datetime.datetime | None = None) -> int:
    """Run again every step that is due: see recovery.sweep."""
    return recovery.sweep(now=now)


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
                checkpoint_if_due()
            except Exception:  # keep the clock alive; the next tick tries again
                logger.exception("the process clock failed; trying again")
            finally:
                close_old_connections()

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=10)
