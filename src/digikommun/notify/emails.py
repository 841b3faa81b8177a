"""The text of a notification email: what happened, in which case, and where to read more.

On purpose the email says nothing personal: no name, no personal identity number, no
reasons, amounts or answers. Email is not a secure channel; the details are on Mina sidor,
behind e-ID. The subject holds only what happened and the case number, since subjects show
on lock screens.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from digikommun.cases.models import Case
from digikommun.catalog.selectors import definition_for

from .models import Event

LANGUAGES = ("sv", "en")


def _what_happened(event: str) -> tuple[str, str]:
    """(subject start, the sentence saying what happened) — call with the language active."""
    texts = {
        Event.RECEIVED: (
            _("We have received your application"),
            _("We have received your application. It is now being handled."),
        ),
        Event.DECIDED: (
            _("Your case has been decided"),
            _("There is now a decision in your case. The decision letter is on My pages."),
        ),
        Event.COMPLETION_REQUESTED: (
            _("We need more information"),
            _("We need more information to handle your case. My pages says what, and by when."),
        ),
        Event.COMPLETION_REMINDER: (
            _("Reminder: we need more information"),
            _("We are still waiting for more information to handle your case."),
        ),
        Event.COMPLETION_ANSWERED: (
            _("We have received your additional information"),
            _("We have received the information you sent. Your case is being handled."),
        ),
        Event.MESSAGE: (
            _("You have a new message"),
            _("You have a new message about your case on My pages."),
        ),
        Event.COSIGNING_REQUESTED: (
            _("Please confirm an application"),
            _(
                "An application names you as a person who must confirm it. On My pages you "
                "can read it and confirm or decline with your e-ID."
            ),
        ),
        Event.COSIGNING_REMINDER: (
            _("Reminder: an application waits for your confirmation"),
            _("An application still waits for you to confirm or decline it on My pages."),
        ),
        Event.COSIGNING_DECLINED: (
            _("An application was not confirmed"),
            _(
                "A person named in the application has not confirmed it. A caseworker will "
                "look at the case and contact you. My pages shows what happens next."
            ),
        ),
        Event.LOAN_OFFERED: (
            _("Something you may borrow is ready for you"),
            _("An item is offered to you. Accept or decline it on My pages before the deadline."),
        ),
        Event.LOAN_REMINDER: (
            _("Reminder: your loan ends soon"),
            _("Your loan ends soon. My pages shows the date and how to return the item."),
        ),
        Event.LOAN_OVERDUE: (
            _("Your loan has ended"),
            _("The end date of your loan has passed. Please return the item; My pages says how."),
        ),
        Event.STATUS_CHANGED: (
            _("The status of your report has changed"),
            _("There is news about the fault you reported. My pages says what is being done."),
        ),
    }
    return texts[Event(event)]


def site_link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def case_link(case_id: int) -> str:
    return site_link(reverse("portal:case", kwargs={"case_id": case_id}))


def _receipt_lines(case: Case) -> list[str]:
    """The receipt: where the answers as sent are, and their PDF copy (behind e-ID)."""
    return [
        "",
        _("Your answers as sent are on the case's page, and as a PDF copy:"),
        site_link(reverse("portal:application_pdf", kwargs={"case_id": case.pk})),
    ]


def _survey_lines(case: Case) -> list[str]:
    """One question after the decision (transparency's survey, answered on the case's page)."""
    return [
        "",
        _("How easy was it? Answer one question, 1 to 5, anonymously:"),
        case_link(case.pk) + "#survey",
    ]


def build_email(
    *, case: Case, event: str, language: str, to: str, applicant: bool = True
) -> EmailMessage:
    """The email; to another party than the applicant it links to their own My pages."""
    lang = language if language in LANGUAGES else settings.LANGUAGE_CODE
    definition = definition_for(case.service_version)
    title = definition.title.get(lang) or next(iter(definition.title.values()))
    municipality = settings.DIGIKOMMUN["MUNICIPALITY_NAME"]
    with translation.override(lang):
        subject_start, sentence = _what_happened(event)
        subject = f"{subject_start} – {case.diary_number}"
        lines = [
            _("Hello,"),
            "",
            sentence,
            "",
            _("Service: %(service)s") % {"service": title},
            _("Case number: %(number)s") % {"number": case.diary_number},
            "",
            _("Log in to My pages to read more:"),
            case_link(case.pk) if applicant else site_link(reverse("portal:my_pages")),
            *(_receipt_lines(case) if event == Event.RECEIVED and applicant else []),
            *(_survey_lines(case) if event == Event.DECIDED and applicant else []),
            "",
            _("This email was sent automatically; replies are not read."),
            _("You can choose which emails you get on My pages: %(url)s")
            % {"url": site_link(reverse("notify:preferences"))},
            "",
            municipality,
        ]
    return EmailMessage(
        subject=subject,
        body="\n".join(lines) + "\n",
        to=[to],
        headers={
            "Auto-Submitted": "auto-generated",  # RFC 3834: no auto-replies, please
            "Content-Language": lang,
        },
    )
