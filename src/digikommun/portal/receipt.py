"""The receipt of a sent application: the email address asked for on the review page, and
the answers as sent as a PDF copy on Mina sidor (linked from the receipt email).

The receipt email itself (notify, event "received") holds only the case number, the service
and links: no answers, since social-services matters are secret (OSL 26 kap. 1 §) and email
is not a secure channel.
"""

from __future__ import annotations

import weasyprint
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from digikommun.audit.services import audit_log
from digikommun.cases import selectors as case_selectors
from digikommun.catalog.selectors import definition_for
from digikommun.forms.display import step_answers


def last_email(user) -> str:
    """The address the person gave last (their notification address), to prefill."""
    from digikommun.notify.models import NotificationPreference

    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.email if preference else ""


def check_email(text: str) -> tuple[str, str | None]:
    """The address as typed (trimmed), and an error message or None. Empty is allowed."""
    text = text.strip()
    if not text:
        return "", None
    try:
        validate_email(text)
    except ValidationError:
        return text, _("Enter an email address like namn@exempel.se, or leave the field empty.")
    return text, None


def email_keep(*, user, email: str) -> None:
    """Keep the address for the receipt and later notifications (all events by default)."""
    from digikommun.notify.models import NotificationPreference, all_events
    from digikommun.notify.services import preference_save

    preference = NotificationPreference.objects.filter(user=user).first()
    if not email and preference is None:
        return
    preference_save(
        user=user,
        email=email,
        events=list(preference.events) if preference else all_events(),
        language=preference.language if preference else "",
    )


@login_required
def application_pdf(request: HttpRequest, case_id: int) -> HttpResponse:
    case = case_selectors.case_for_applicant(applicant=request.user, case_id=case_id)
    if case is None:
        raise Http404
    definition = definition_for(case.service_version)
    lang = (get_language() or "sv")[:2]
    html = render_to_string(
        "portal/application_pdf.html",
        {
            "case": case,
            "service": definition,
            "answers": step_answers(definition.steps, case.answers, lang),
            "lang": lang,
            "made_at": timezone.now(),
        },
    )
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"}, timeout=1)
    pdf = weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()
    audit_log(actor=request.user, action="application.pdf", case_id=case.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"ansokan-{case.register}-{case.year}-{case.sequence:05d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
