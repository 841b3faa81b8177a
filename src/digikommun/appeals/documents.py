"""The documents an appeal makes: the court file (akten) and the letter rejecting a late appeal.

The court file is ONE PDF/A (förvaltningslagen 46 §: the appeal is sent on with the case's
documents): a cover, the appeal, the time check, the reconsideration, every decision in the
case (the one appealed and any new one, which the appeal covers by 39 §), the application as
sent, the timeline, messages and requests for completion. The case's own files and decision
letters go in as embedded files of that PDF (PDF/A-3 allows that), unchanged and with their
sha256 in the listing, so nothing is re-typed and the court gets the originals.
"""

from __future__ import annotations

import hashlib

import weasyprint
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import get_template
from django.utils import timezone, translation

from digikommun.cases.selectors import reasons_view
from digikommun.catalog.selectors import definition_for
from digikommun.files.selectors import files_for_case
from digikommun.files.services import storage
from digikommun.forms.display import step_answers
from digikommun.identity.personnummer import display as personnummer_display
from digikommun.letters.deadlines import appeal_deadline
from digikommun.letters.render import PDF_OPTIONS, format_date, format_sek, letter_language, pick
from digikommun.letters.selectors import letter_pdf, letters_for_case

from .models import Appeal, LateException

COURT_LANGUAGE = "sv"  # the file goes to a Swedish court


def _person(user) -> dict:
    return {
        "name": f"{user.first_name} {user.last_name}".strip() or user.get_username(),
        "personnummer": personnummer_display(user.personnummer)
        if getattr(user, "personnummer", "")
        else "",
    }


def _base(case, lang: str) -> dict:
    definition = definition_for(case.service_version)
    body = pick(definition.decision_body, lang) or ""
    today = timezone.localdate()
    return {
        "lang": lang,
        "municipality_name": settings.DIGIKOMMUN["MUNICIPALITY_NAME"],
        "decision_body": body,
        "decision_body_inline": body[:1].lower() + body[1:],
        "department": pick(definition.department, lang),
        "service_title": pick(definition.title, lang),
        "diary_number": case.diary_number,
        "date": today,
        "date_text": format_date(today),
        "definition": definition,
        "applicant": _person(case.applicant),
    }


def _decisions(case, lang: str) -> list[dict]:
    rows = []
    for d in case.decisions.select_related("decided_by").order_by("pk"):
        rows.append(
            {
                "pk": d.pk,
                "decision": d,
                "date_text": format_date(timezone.localdate(d.decided_at)),
                "amount_text": format_sek(d.amount, lang) if d.amount is not None else "",
                "reasons": reasons_view(d.reasons, lang),
                "by": _person(d.decided_by)["name"] if d.decided_by_id else "",
            }
        )
    return rows


def _pdf(html: str, context: dict, attachments: list | None = None) -> bytes:
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"}, timeout=1)
    document = weasyprint.HTML(string=html, url_fetcher=fetcher).render(**PDF_OPTIONS)
    meta = document.metadata
    meta.authors = [f"{context['municipality_name']}, {context['decision_body']}"]
    meta.created = meta.modified = context["date"].isoformat()
    meta.lang = context["lang"]
    return document.write_pdf(attachments=attachments or [], **PDF_OPTIONS)


def court_file_pdf(*, appeal: Appeal) -> bytes:
    case = appeal.case
    with translation.override(COURT_LANGUAGE):
        context = _base(case, COURT_LANGUAGE)
        attachments, listed = [], []
        for stored in files_for_case(case_id=case.pk):
            with storage().open(stored.blob, "rb") as handle:
                data = handle.read()
            attachments.append(weasyprint.Attachment(string=data, name=stored.name))
            listed.append({"name": stored.name, "kind": stored.kind, "sha256": stored.sha256})
        for letter in letters_for_case(case_id=case.pk):
            name = f"beslutsbrev-{letter.decision_id}-{letter.language}.pdf"
            attachments.append(weasyprint.Attachment(string=letter_pdf(letter), name=name))
            listed.append({"name": name, "kind": "pdf", "sha256": letter.sha256})
        context.update(
            {
                "appeal": appeal,
                "appellant": _person(appeal.appellant),
                "late_exception": LateException(appeal.late_exception).label
                if appeal.late_exception
                else "",
                "received_on_text": format_date(appeal.received_on) if appeal.received_on else "",
                "last_day_text": format_date(appeal.last_day) if appeal.last_day else "",
                "submitted_text": format_date(timezone.localdate(appeal.submitted_at)),
                "reconsideration": appeal.reconsideration,
                "decisions": _decisions(case, COURT_LANGUAGE),
                "answers": step_answers(context["definition"].steps, case.answers, COURT_LANGUAGE),
                "events": case.events.select_related("actor"),
                "case_messages": case.messages.select_related("sender"),
                "completions": case.completion_requests.all(),
                "files": listed,
            }
        )
        html = get_template("appeals/court_file.html").render(context)
        return _pdf(html, context, attachments)


def court_file_store(*, appeal: Appeal) -> None:
    pdf = court_file_pdf(appeal=appeal)
    appeal.court_file_sha256 = hashlib.sha256(pdf).hexdigest()
    appeal.court_file.save(f"akt-overklagande-{appeal.pk}.pdf", ContentFile(pdf), save=False)


def rejection_letter_pdf(*, appeal: Appeal) -> bytes:
    case = appeal.case
    lang = letter_language(case.language)
    with translation.override(lang):
        context = _base(case, lang)
        rejected_on = timezone.localdate(appeal.rejected_at or timezone.now())
        deadline = appeal_deadline(rejected_on)
        context.update(
            {
                "appeal": appeal,
                "date": rejected_on,
                "date_text": format_date(rejected_on),
                "submitted_text": format_date(timezone.localdate(appeal.submitted_at)),
                "decision_date_text": format_date(timezone.localdate(appeal.decision.decided_at)),
                "received_on_text": format_date(appeal.received_on),
                "last_day_text": format_date(appeal.last_day),
                "decider": _person(appeal.rejected_by)["name"],
                "appeal_deadline_text": format_date(deadline),
                "my_pages_url": settings.SITE_URL.rstrip("/") + "/my-pages/",
            }
        )
        html = get_template("appeals/rejection_letter.html").render(context)
        return _pdf(html, context)


def rejection_letter_store(*, appeal: Appeal) -> None:
    pdf = rejection_letter_pdf(appeal=appeal)
    appeal.rejection_letter_sha256 = hashlib.sha256(pdf).hexdigest()
    name = f"avvisning-overklagande-{appeal.pk}-{letter_language(appeal.case.language)}.pdf"
    appeal.rejection_letter.save(name, ContentFile(pdf), save=False)


def stored_pdf(field, sha256: str) -> bytes:
    """A stored PDF's bytes, checked against the sha256 recorded when it was made."""
    with field.open("rb") as handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ValueError("the stored file does not match its sha256")
    return data
