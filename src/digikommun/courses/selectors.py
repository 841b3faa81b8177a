"""Reads of the courses: the catalogue of sessions, places left, a booking's place in the
waiting list, a teacher's sessions, and participation figures for the benefit dashboard."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from .models import Booking, Course, Session
from .workflow import ACTIVE, State


def sessions_upcoming() -> QuerySet[Session]:
    """Sessions still to come, with the places taken and the waiting list's length."""
    return (
        Session.objects.filter(
            starts_at__gt=timezone.now(), cancelled_at__isnull=True, course__is_active=True
        )
        .select_related("course")
        .annotate(
            booked=Count("bookings", filter=Q(bookings__state=State.BOOKED)),
            waiting=Count("bookings", filter=Q(bookings__state=State.WAITING)),
        )
        .order_by("starts_at", "pk")
    )


def session_find(session_id: int) -> Session | None:
    return sessions_upcoming().filter(pk=session_id).first()


def booking_by_token(token) -> Booking | None:
    try:
        return Booking.objects.select_related("session__course").filter(token=token).first()
    except Exception:  # not a UUID  # noqa: BLE001
        return None


def waiting_position(booking: Booking) -> int | None:
    """1 for the first in the waiting list; None when the booking is not waiting."""
    if booking.state != State.WAITING:
        return None
    return Booking.objects.filter(
        session_id=booking.session_id, state=State.WAITING, seq__lte=booking.seq
    ).count()


def sessions_for_teacher(user) -> QuerySet[Session]:
    since = timezone.now() - datetime.timedelta(days=30)
    return (
        Session.objects.filter(teacher=user, starts_at__gte=since)
        .select_related("course")
        .order_by("starts_at")
    )


def session_roll(session: Session) -> list[Booking]:
    """Who has a place (and who came), in the order they signed up."""
    states = (State.BOOKED, State.ATTENDED, State.ABSENT)
    return list(session.bookings.filter(state__in=states).order_by("seq"))


def sms_reminders(session: Session) -> list[Booking]:
    """Those with a place who gave a phone number and no email: staff text them."""
    return list(
        session.bookings.filter(state=State.BOOKED, email="").exclude(phone="").order_by("seq")
    )


def tablet_wishes(session: Session) -> list[Booking]:
    """Those with a place or in the waiting list who asked to borrow a tablet."""
    states = (State.BOOKED, State.WAITING, State.ATTENDED, State.ABSENT)
    return list(session.bookings.filter(needs_tablet=True, state__in=states).order_by("seq"))


def booking_for_tablet(booking_id: int | str) -> Booking | None:
    """An active booking a tablet may be requested for (by its number), or None."""
    try:
        pk = int(booking_id)
    except (TypeError, ValueError):
        return None
    return Booking.objects.filter(pk=pk, state__in=sorted(ACTIVE)).first()


@dataclass(frozen=True)
class Participation:
    course: str
    sessions: int
    participants: int  # different people who came
    repeat_visitors: int  # people who came to more than one session
    waiting: int  # in waiting lists now


def participation(*, since: datetime.datetime | None = None) -> list[Participation]:
    """Per course: who came, who came back, and how many wait now (people are counted by
    their e-ID account or, without one, their phone number)."""
    figures = []
    for course in Course.objects.order_by("code"):
        attended = Booking.objects.filter(session__course=course, state=State.ATTENDED)
        if since is not None:
            attended = attended.filter(session__starts_at__gte=since)
        visits: dict[str, int] = {}
        for user_id, phone in attended.values_list("user_id", "phone"):
            person = f"u{user_id}" if user_id else f"p{phone}"
            visits[person] = visits.get(person, 0) + 1
        figures.append(
            Participation(
                course=course.code,
                sessions=course.sessions.count(),
                participants=len(visits),
                repeat_visitors=sum(1 for n in visits.values() if n > 1),
                waiting=Booking.objects.filter(session__course=course, state=State.WAITING).count(),
            )
        )
    return figures
