"""Reminders before a session: an email two days before (a process clock timer, one per
booking) and a short text that staff send by the municipality's SMS tool to those who gave
only a phone number (there is no SMS gateway here).

The timer is the process engine's (`process.models.Timer`, fired by `digikommun worker`); its
handler is registered in apps.py. Firing it locks the booking, records `reminded_at` and
queues the email in one transaction, so a reminder is queued at most once even if a worker
dies or the timer fires again; a cancelled booking, or one still waiting, gets none.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from digikommun.process.models import Timer

from .models import Booking
from .workflow import State

REMINDER = "course_reminder"
REMINDER_BEFORE = datetime.timedelta(days=2)
SMS_LIMIT = 160  # one SMS; å, ä and ö are in the GSM 7-bit alphabet


def reminder_set(booking: Booking) -> None:
    """A timer two days before the session, if that is still to come and there is an email."""
    due = booking.session.starts_at - REMINDER_BEFORE
    if booking.email and due > timezone.now():
        Timer.objects.get_or_create(
            kind=REMINDER, case_id=0, subject_id=booking.pk, defaults={"due_at": due}
        )


def reminders_move(session) -> int:
    """The session's time changed: each active booking's reminder timer is moved to two days
    before the new start (a fired one set again, and `reminded_at` cleared, when the new
    reminder is still to come); none when that has passed. Call inside the transaction."""
    moved = 0
    due = session.starts_at - REMINDER_BEFORE
    for booking in session.bookings.filter(state__in=(State.BOOKED, State.WAITING)):
        timers = Timer.objects.filter(kind=REMINDER, case_id=0, subject_id=booking.pk)
        if not booking.email or due <= timezone.now():
            timers.filter(fired_at__isnull=True).delete()
            continue
        if booking.reminded_at is not None:
            booking.reminded_at = None
            booking.save(update_fields=["reminded_at"])
        fields = {"due_at": due, "fired_at": None, "outcome": "", "attempts": 0}
        fields.update(retry_at=None, stuck=False, last_error="")
        if not timers.update(**fields):
            Timer.objects.create(kind=REMINDER, case_id=0, subject_id=booking.pk, due_at=due)
        moved += 1
    return moved


def on_reminder(timer: Timer) -> str:
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update()
            .select_related("session")
            .filter(pk=timer.subject_id)
            .first()
        )
        if booking is None or booking.state != State.BOOKED or not booking.email:
            return "not needed"
        if booking.session.cancelled_at is not None:
            return "not needed"
        if booking.reminded_at is not None:
            return "already sent"
        booking.reminded_at = timezone.now()
        booking.save(update_fields=["reminded_at"])
        from .tasks import send_booking_email

        send_booking_email.enqueue(booking.pk, "reminder")
        return "reminded"


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def sms_text(booking: Booking) -> str:
    """The reminder as one SMS (at most 160 characters) in the booking's language."""
    session = booking.session
    lang = booking.language if booking.language in ("sv", "en") else "sv"
    with translation.override(lang):
        title = session.course.title.get(lang) or session.course.title.get("sv", "")
        start = timezone.localtime(session.starts_at)
        where = session.place or _("online")
        sender = settings.DIGIKOMMUN["MUNICIPALITY_NAME"]
        template = _("Reminder: %(title)s on %(day)s at %(time)s, %(where)s. Welcome! %(sender)s")
        fixed = {"day": start.strftime("%Y-%m-%d"), "time": start.strftime("%H:%M")}
        text = template % {**fixed, "title": title, "where": where, "sender": sender}
        if len(text) > SMS_LIMIT:  # shorten the free texts, never the date and time
            room = SMS_LIMIT - len(template % {**fixed, "title": "", "where": "", "sender": ""})
            text = template % {
                **fixed,
                "title": _fit(title, max(room // 2, 10)),
                "where": _fit(where, max(room // 3, 10)),
                "sender": _fit(sender, max(room - room // 2 - room // 3, 5)),
            }
        return text[:SMS_LIMIT]
