"""Pages of the courses: the catalogue, a session with its sign-up form (with or without
e-ID), a booking (by its secret link: see, cancel), and the teacher's phone-sized roll call."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import selectors
from .certificate import NoCertificate, certificate_pdf
from .models import Session
from .reminders import sms_text
from .services import (
    BookingRefused,
    NotAllowed,
    SignUp,
    attendance_record,
    booking_cancel,
    booking_create,
    may_teach,
)

# The lending pool course tablets are lent from (the demo's TAB-01…06); staff register the
# loan request on lending's pool page, which the session page's form posts to.
TABLET_POOL = getattr(settings, "COURSES_TABLET_POOL", "course-tablets")


def _lang() -> str:
    return (get_language() or "sv")[:2]


def catalogue(request: HttpRequest) -> HttpResponse:
    sessions = list(selectors.sessions_upcoming())
    return render(request, "courses/catalogue.html", {"sessions": sessions})


@require_http_methods(["GET", "POST"])
def session_page(request: HttpRequest, session_id: int) -> HttpResponse:
    session = selectors.session_find(session_id)
    if session is None:
        raise Http404
    errors: dict[str, str] = {}
    posted = {k: request.POST.get(k, "") for k in ("name", "phone", "email")}
    needs_tablet = request.POST.get("needs_tablet") == "yes"
    if request.method == "POST":
        try:
            booking = booking_create(
                session_id=session.pk,
                user=request.user,
                signup=SignUp(**posted, needs_tablet=needs_tablet),
                language=_lang(),
            )
        except BookingRefused as exc:
            errors = exc.errors
        else:
            return redirect("courses:booking", token=booking.token)
    elif request.user.is_authenticated:
        from digikommun.notify.selectors import preference_for

        preference = preference_for(user=request.user)
        posted["email"] = preference.email if preference else ""
    return render(
        request,
        "courses/session.html",
        {
            "session": session,
            "places_left": max(session.capacity - session.booked, 0),
            "errors": errors,
            "posted": posted,
            "needs_tablet": needs_tablet,
        },
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
def booking_page(request: HttpRequest, token: str) -> HttpResponse:
    booking = selectors.booking_by_token(token)
    if booking is None:
        raise Http404
    if request.method == "POST":
        try:
            booking_cancel(token=booking.token)
        except NotAllowed:
            raise Http404 from None
        messages.success(request, _("Your booking is cancelled."))
        return redirect("courses:booking", token=booking.token)
    response = render(
        request,
        "courses/booking.html",
        {"booking": booking, "position": selectors.waiting_position(booking)},
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET"])
def certificate(request: HttpRequest, token: str) -> HttpResponse:
    """The certificate of attendance, by the booking's secret link, once marked present."""
    booking = selectors.booking_by_token(token)
    if booking is None:
        raise Http404
    try:
        pdf = certificate_pdf(booking)
    except NoCertificate:
        raise PermissionDenied from None
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{booking.session_id}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def teacher_sessions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "courses/teacher_sessions.html",
        {
            "sessions": selectors.sessions_for_teacher(request.user),
            "figures": selectors.participation(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, session_id: int) -> HttpResponse:
    session = Session.objects.select_related("course").filter(pk=session_id).first()
    if session is None:
        raise Http404
    if not may_teach(request.user, session):
        raise PermissionDenied
    if request.method == "POST":
        present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        counts = attendance_record(session_id=session.pk, user=request.user, present=present)
        messages.success(
            request,
            _("Saved: %(attended)d came, %(absent)d did not.") % counts,
        )
        return redirect("courses:attendance", session_id=session.pk)
    response = render(
        request,
        "courses/attendance.html",
        {
            "session": session,
            "roll": selectors.session_roll(session),
            "sms": [(b, sms_text(b)) for b in selectors.sms_reminders(session)],
            "tablets": selectors.tablet_wishes(session),
            "tablet_pool": TABLET_POOL,
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response
