"""Writes of the courses: sign up for a session, cancel, move the waiting list up, move a
session (its reminders with it), take attendance. Every change of a session's places happens under that session's row lock (on
SQLite the write lock, taken at BEGIN), so two people at the same moment never get the same
place, and the waiting list is numbered in the order the sign-ups were committed.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digikommun.forms.fields import Field, FieldError

from . import signals, workflow
from .models import Booking, Session
from .reminders import reminder_set, reminders_move
from .workflow import Actor, State

_PHONE = Field(id="phone", type="phone", label={})


class BookingRefused(Exception):
    """What is wrong with a sign-up, by field (name, phone, email, session)."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class NotAllowed(Exception):
    pass


@dataclass
class SignUp:
    """A sign-up as typed: a person without e-ID gives a name and a phone number."""

    name: str = ""
    phone: str = ""
    email: str = ""
    needs_tablet: bool = False


def _check(user, s: SignUp) -> dict[str, str]:
    errors: dict[str, str] = {}
    logged_in = getattr(user, "is_authenticated", False)
    name = (user.display_name() if logged_in else s.name).strip()
    if not name:
        errors["name"] = _("Write your name.")
    elif len(name) > 100:
        errors["name"] = _("Write your name in at most 100 characters.")
    phone = ""
    if s.phone.strip() or not logged_in:
        try:
            phone = _PHONE.parse(s.phone.strip()) or ""
        except FieldError as exc:
            errors["phone"] = exc.message
    email = s.email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("Enter an email address, for example namn@exempel.se.")
    if errors:
        raise BookingRefused(errors)
    return {"name": name, "phone": phone, "email": email}


def booking_create(*, session_id: int, user=None, signup: SignUp, language: str = "sv") -> Booking:
    """A place if there is one, else the next place in the waiting list. One per person."""
    checked = _check(user, signup)
    logged_in = getattr(user, "is_authenticated", False)
    try:
        with transaction.atomic():
            session = Session.objects.select_for_update().get(pk=session_id)
            if session.cancelled_at is not None or session.starts_at <= timezone.now():
                raise BookingRefused({"session": _("This session can no longer be booked.")})
            active = session.bookings.filter(state__in=workflow.ACTIVE)
            mine = (
                active.filter(user=user)
                if logged_in
                else active.filter(user__isnull=True, phone=checked["phone"])
            ).first()
            if mine is not None:
                return mine  # a double click, or signing up twice: the same booking
            booked = active.filter(state=State.BOOKED).count()
            session.booking_seq += 1
            session.save(update_fields=["booking_seq"])
            booking = Booking.objects.create(
                session=session,
                user=user if logged_in else None,
                language=language,
                state=State.BOOKED if booked < session.capacity else State.WAITING,
                seq=session.booking_seq,
                needs_tablet=signup.needs_tablet,
                **checked,
            )
            _tell(booking, "confirmation")
            reminder_set(booking)
            return booking
    except IntegrityError:  # the same person in a race with themself: the first one stands
        found = Booking.objects.filter(
            session_id=session_id, state__in=workflow.ACTIVE, phone=checked["phone"]
        )
        found = found.filter(user=user) if logged_in else found.filter(user__isnull=True)
        booking = found.first()
        if booking is None:
            raise
        return booking


def _promote(session: Session) -> Booking | None:
    """The first in the waiting list gets the free place."""
    free = session.capacity - session.bookings.filter(state=State.BOOKED).count()
    if free <= 0:
        return None
    first = session.bookings.filter(state=State.WAITING).order_by("seq").first()
    if first is None:
        return None
    workflow.check_transition(first.state, State.BOOKED, Actor.SYSTEM)
    first.state = State.BOOKED
    first.save(update_fields=["state", "updated_at"])
    _tell(first, "promoted")
    return first


def booking_cancel(*, token: uuid.UUID | str, actor: str = Actor.PARTICIPANT) -> Booking:
    """Cancel by the booking's secret link; a booked place goes to the first who waits."""
    with transaction.atomic():
        booking = Booking.objects.filter(token=token).first()
        if booking is None:
            raise NotAllowed
        session = Session.objects.select_for_update().get(pk=booking.session_id)
        booking = Booking.objects.get(pk=booking.pk)
        if booking.state == State.CANCELLED:
            return booking
        workflow.check_transition(booking.state, State.CANCELLED, actor)
        booking.state = State.CANCELLED
        booking.save(update_fields=["state", "updated_at"])
        _promote(session)
        signals.booking_cancelled.send(sender=Booking, booking_id=booking.pk)
        return booking


def session_reschedule(
    *, session_id: int, starts_at: datetime.datetime, ends_at: datetime.datetime | None = None
) -> list[Booking]:
    """Staff move a session: its reminders move with it, and everyone with a place or in the
    waiting list who gave an email is told the new time. Returns those who gave none, for
    staff to phone or text."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session_id)
        length = session.ends_at - session.starts_at
        ends_at = ends_at or starts_at + length
        if ends_at <= starts_at:
            raise BookingRefused({"ends_at": _("The session must end after it starts.")})
        if starts_at == session.starts_at and ends_at == session.ends_at:
            return []
        session.starts_at, session.ends_at = starts_at, ends_at
        session.save(update_fields=["starts_at", "ends_at"])
        reminders_move(session)
        untold = []
        for booking in session.bookings.filter(state__in=workflow.ACTIVE).order_by("seq"):
            if not _tell(booking, "moved"):
                untold.append(booking)
        return untold


def may_teach(user, session: Session) -> bool:
    from digikommun.identity.models import Role
    from digikommun.identity.selectors import has_role

    if not getattr(user, "is_authenticated", False):
        return False
    return session.teacher_id == user.pk or has_role(user, Role.ADMINISTRATOR)


def attendance_record(*, session_id: int, user, present: set[int]) -> dict[str, int]:
    """The teacher marks who came; everyone else with a place did not come."""
    with transaction.atomic():
        session = Session.objects.select_for_update().get(pk=session_id)
        if not may_teach(user, session):
            raise NotAllowed
        counts = {State.ATTENDED: 0, State.ABSENT: 0}
        for booking in session.bookings.filter(
            state__in=(State.BOOKED, State.ATTENDED, State.ABSENT)
        ):
            target = State.ATTENDED if booking.pk in present else State.ABSENT
            counts[target] += 1
            if booking.state != target:
                workflow.check_transition(booking.state, target, Actor.TEACHER)
                booking.state = target
                booking.save(update_fields=["state", "updated_at"])
        return {"attended": counts[State.ATTENDED], "absent": counts[State.ABSENT]}


def _tell(booking: Booking, kind: str) -> bool:
    """Email the booking's person about it, if they gave an email; whether they did."""
    if booking.email:
        from .tasks import send_booking_email

        send_booking_email.enqueue(booking.pk, kind)
    return bool(booking.email)
