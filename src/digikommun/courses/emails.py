"""Emails about a booking: the confirmation (a place, or the place in the waiting list), the
news that a place came free, and the reminder before the session. Each with the link to cancel; nothing else about the person.
"""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from digikommun.notify.services import permanent_failure

from .models import Booking
from .selectors import waiting_position
from .workflow import State


def booking_email_send(*, booking_id: int, kind: str) -> str:
    booking = Booking.objects.select_related("session__course").filter(pk=booking_id).first()
    if booking is None or not booking.email:
        return "nothing to send"
    lang = booking.language if booking.language in ("sv", "en") else "sv"
    session = booking.session
    with translation.override(lang):
        title = session.course.title.get(lang) or session.course.title.get("sv", "")
        when = timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M")
        if kind == "reminder":
            lead = _("A reminder: you have a place on %(title)s, %(when)s. Welcome!")
        elif kind == "moved":
            lead = _("The session has been moved. %(title)s is now on %(when)s.")
        elif kind == "promoted":
            lead = _("A place came free, and it is yours: %(title)s, %(when)s.")
        elif booking.state == State.WAITING:
            lead = _(
                "You are number %(position)s in the waiting list for %(title)s, %(when)s. "
                "We email you if a place comes free."
            )
        else:
            lead = _("You have a place on %(title)s, %(when)s.")
        link = settings.SITE_URL.rstrip("/") + reverse(
            "courses:booking", kwargs={"token": booking.token}
        )
        body = "\n".join(
            [
                _("Hello %(name)s,") % {"name": booking.name},
                "",
                lead % {"title": title, "when": when, "position": waiting_position(booking)},
                session.place or session.link,
                "",
                _("See or cancel your booking:"),
                link,
                "",
                _("This email was sent automatically; replies are not read."),
                settings.DIGIKOMMUN["MUNICIPALITY_NAME"],
            ]
        )
        subject = (
            _("Reminder: %(title)s") if kind == "reminder" else _("Your booking: %(title)s")
        ) % {"title": title}
    try:
        EmailMessage(subject=subject, body=body + "\n", to=[booking.email]).send()
    except (smtplib.SMTPException, OSError) as exc:
        # A passing failure (a server down, a 4xx reply) is tried again later by the task.
        return "failed" if permanent_failure(exc) else "retry"
    return "sent"
