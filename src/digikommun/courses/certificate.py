"""The certificate of attendance: a PDF (PDF/A-3b, tagged) for a participant the teacher
marked present, with the course, the date, the hours and the name. Rendered with WeasyPrint
directly: the letters part renders decision letters from cases, which courses do not import.
"""

from __future__ import annotations

from typing import Any

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import Booking
from .workflow import State

PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/a-3b", "pdf_tags": True}


class NoCertificate(Exception):
    """Only a participant marked present gets a certificate."""


def hours(booking: Booking) -> str:
    """The session's length in hours, as written: "2", "1,5" (sv) or "1.5" (en)."""
    length = (booking.session.ends_at - booking.session.starts_at).total_seconds() / 3600
    text = f"{length:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if booking.language == "sv" else text


def certificate_pdf(booking: Booking) -> bytes:
    if booking.state != State.ATTENDED:
        raise NoCertificate
    session = booking.session
    lang = booking.language if booking.language in ("sv", "en") else "sv"
    with translation.override(lang):
        title = session.course.title.get(lang) or session.course.title.get("sv", "")
        html = render_to_string(
            "courses/certificate.html",
            {
                "lang": lang,
                "title": title,
                "name": booking.name,
                "date": timezone.localtime(session.starts_at).date(),
                "hours": hours(booking),
                "municipality": settings.DIGIKOMMUN["MUNICIPALITY_NAME"],
            },
        )
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"}, timeout=1)
    document = weasyprint.HTML(string=html, url_fetcher=fetcher).render(**PDF_OPTIONS)
    document.metadata.title = title
    document.metadata.lang = lang
    return document.write_pdf(**PDF_OPTIONS)
