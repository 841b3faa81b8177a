"""The email a follower gets when a report changes: its number, category, status and the
public notes, with a link to follow it and one to stop. Nothing else about the report (the
reporter's words, the photo, who reported it) is in it.
"""

from __future__ import annotations

import logging
import smtplib

from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from digikommun.notify.services import permanent_failure

from .models import Follower, FollowerEmail

log = logging.getLogger(__name__)


def build(email: FollowerEmail) -> EmailMessage:
    from django.conf import settings

    from .selectors import category_find
    from .services import site_url

    follower, update = email.follower, email.update
    report = update.report if update is not None else follower.report
    lang = follower.language if follower.language in ("sv", "en") else "sv"
    found = category_find(report.service_code)
    category = found[1].name.get(lang, report.service_code) if found else report.service_code
    with translation.override(lang):
        if update is None:
            return _receipt(email, report, category, lang)
        status = update.get_state_display()
        lines = [
            _("Hello,"),
            "",
            _("There is news about the fault report %(id)s (%(category)s).")
            % {"id": report.number, "category": category},
            "",
            _("Status: %(status)s") % {"status": status},
        ]
        if update.notes:
            lines += [_("From the municipality: %(notes)s") % {"notes": update.notes}]
        if update.expected_at:
            lines += [
                _("Expected to be done by: %(date)s")
                % {"date": timezone.localtime(update.expected_at).strftime("%Y-%m-%d")}
            ]
        lines += [
            "",
            _("Follow the report:"),
            site_url(reverse("open311:report_page", kwargs={"public_id": report.public_id})),
            "",
            _("Stop getting emails about this report:"),
            site_url(reverse("open311:unfollow", kwargs={"token": follower.token})),
            "",
            _("This email was sent automatically; replies are not read."),
            settings.DIGIKOMMUN["MUNICIPALITY_NAME"],
        ]
        subject = _("News about your fault report %(id)s") % {"id": report.number}
    return EmailMessage(
        subject=subject,
        body="\n".join(lines) + "\n",
        to=[follower.email],
        headers={"Auto-Submitted": "auto-generated", "Content-Language": lang},
    )


def _receipt(email: FollowerEmail, report, category: str, lang: str) -> EmailMessage:
    """The receipt for the one who reported: the number and where to follow it."""
    from django.conf import settings

    from .services import site_url

    lines = [
        _("Hello,"),
        "",
        _("Thank you for your report. We have received it as %(id)s (%(category)s).")
        % {"id": report.number, "category": category},
        _("We email you here when its status changes."),
        "",
        _("Follow the report:"),
        site_url(reverse("open311:report_page", kwargs={"public_id": report.public_id})),
        "",
        _("Stop getting emails about this report:"),
        site_url(reverse("open311:unfollow", kwargs={"token": email.follower.token})),
        "",
        _("This email was sent automatically; replies are not read."),
        settings.DIGIKOMMUN["MUNICIPALITY_NAME"],
    ]
    return EmailMessage(
        subject=_("We have received your fault report %(id)s") % {"id": report.number},
        body="\n".join(lines) + "\n",
        to=[email.follower.email],
        headers={"Auto-Submitted": "auto-generated", "Content-Language": lang},
    )


def follower_email_send(*, email_id: int) -> str:
    with transaction.atomic():
        email = (
            FollowerEmail.objects.select_for_update(of=("self",))
            .select_related("follower__report", "update__report")
            .filter(pk=email_id)
            .first()
        )
        if email is None:
            return "gone"  # the follower stopped following
        if email.sent_at is not None:
            return "already sent"
        message = build(email)
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as exc:
            email.error = f"{type(exc).__name__}: {exc}"[:1000]
            email.save(update_fields=["error"])
            log.warning("follower email %s failed: %s", email_id, email.error)
            # A passing failure (a server down, a 4xx reply) is tried again by the task.
            return "failed" if permanent_failure(exc) else "retry"
        email.sent_at = timezone.now()
        email.save(update_fields=["sent_at"])
        return "sent"


def build_confirmation(follower: Follower) -> EmailMessage:
    """The one email a new follower gets before any update: a link to confirm, or ignore."""
    from django.conf import settings

    from .services import site_url

    report = follower.report
    lang = follower.language if follower.language in ("sv", "en") else "sv"
    with translation.override(lang):
        lines = [
            _("Hello,"),
            "",
            _(
                "Someone asked for emails to this address about the fault report %(id)s. "
                "To get them, confirm by opening this link:"
            )
            % {"id": report.public_id},
            site_url(reverse("open311:follow_confirm", kwargs={"token": follower.token})),
            "",
            _("If you did not ask for this, ignore this email: you will get nothing more."),
            "",
            _("This email was sent automatically; replies are not read."),
            settings.DIGIKOMMUN["MUNICIPALITY_NAME"],
        ]
        subject = _("Confirm that you want news about fault report %(id)s") % {
            "id": report.public_id
        }
    return EmailMessage(
        subject=subject,
        body="\n".join(lines) + "\n",
        to=[follower.email],
        headers={"Auto-Submitted": "auto-generated", "Content-Language": lang},
    )


def follow_confirmation_send(*, follower_id: int) -> str:
    follower = Follower.objects.select_related("report").filter(pk=follower_id).first()
    if follower is None:
        return "gone"
    if follower.confirmed_at is not None:
        return "already confirmed"
    try:
        build_confirmation(follower).send()
    except (smtplib.SMTPException, OSError) as exc:
        # Not retried: the person sees no email and can ask again from the report's page.
        log.warning("follow confirmation %s failed: %s", follower_id, type(exc).__name__)
        return "failed"
    return "sent"
