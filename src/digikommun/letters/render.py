"""Rendering a decision letter: the facts it states, its HTML, and the PDF/A made from it.

The letter states what förvaltningslagen (2017:900) asks of a written decision: its content
and reasons (§ 32), who or what decided it (§ 28 for automated decisions), and how and by when
to appeal (§ 33). A service definition may bring its own template as `letters/decision.html`
in its published files; it gets the same context, and may extend the platform's default.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import weasyprint
from django.conf import settings
from django.template import engines
from django.template.loader import get_template
from django.utils import formats, timezone, translation
from django.utils.translation import pgettext

from digikommun.cases.models import Decision
from digikommun.cases.selectors import reasons_view
from digikommun.catalog.decision_facts import decision_statement
from digikommun.catalog.definition import ServiceDefinition
from digikommun.catalog.legal import appeal_shown
from digikommun.identity.personnummer import display as personnummer_display

from .deadlines import appeal_deadline

LANGUAGES = ("sv", "en")
SERVICE_TEMPLATE = "letters/decision.html"  # the key in a published version's files
# PDF/A-3b: archival PDF (fonts embedded, sRGB output intent, XMP metadata). The tags that
# PDF/A-3a would demand are added too (pdf_tags) so screen readers can follow the letter,
# without claiming level A, which WeasyPrint does not check.
PDF_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/a-3b", "pdf_tags": True}


@dataclass(frozen=True)
class RenderedLetter:
    html: str
    pdf: bytes
    template: str  # "default" or "service"


def letter_language(language: str) -> str:
    return language if language in LANGUAGES else settings.LANGUAGE_CODE


def pick(texts: dict[str, Any] | None, lang: str) -> Any:
    """The text in `lang`, else in any language present (a letter never loses its reasons)."""
    if not texts:
        return None
    if texts.get(lang):
        return texts[lang]
    for other in (*LANGUAGES, *texts):
        if texts.get(other):
            return texts[other]
    return None


def format_sek(amount: Decimal, lang: str) -> str:
    """12 345 kr (Swedish) or SEK 12,345 (English); öre only when there are any."""
    whole = amount == amount.to_integral_value()
    text = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    if lang == "sv":
        return text.replace(",", "\u00a0").replace(".", ",") + "\u00a0kr"
    return f"SEK\u00a0{text}"


def format_date(date: datetime.date) -> str:
    return formats.date_format(date, "j F Y")


_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}\b)")


def keep_numbers_whole(text: str) -> str:
    """ "1 380 kr" never breaks between its digit groups: the space becomes a no-break space."""
    return _THOUSANDS.sub("\u00a0", text)


def _whole_numbers(view: dict) -> dict:
    """The reasons with every amount kept whole (a caseworker's text included)."""
    view["sections"] = [
        {**s, "lines": [keep_numbers_whole(line) for line in s["lines"]]} for s in view["sections"]
    ]
    view["paragraphs"] = [keep_numbers_whole(p) for p in view["paragraphs"]]
    return view


def inline(name: str) -> str:
    """A body's name inside a sentence: "Socialnämnden" → "socialnämnden" (as both languages write it)."""
    return name[:1].lower() + name[1:]


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in (text or "").split("\n\n") if p.strip()]


def outcome_texts(outcome: str) -> tuple[str, str]:
    """(short label, the sentence that opens the letter) for an outcome."""
    if outcome == Decision.Outcome.APPROVED:
        return pgettext("letter", "Approved"), pgettext("letter", "Your application is approved.")
    if outcome == Decision.Outcome.PARTLY:
        return (
            pgettext("letter", "Partly approved"),
            pgettext("letter", "Your application is partly approved."),
        )
    return pgettext("letter", "Rejected"), pgettext("letter", "Your application is rejected.")


def appealable(definition: ServiceDefinition) -> bool:
    # A definition may say that its decisions cannot be appealed (then no deadline is given);
    # definitions that do not say so are appealable, as most decisions are.
    return bool(getattr(definition, "appealable", True))


def letter_context(
    *, decision: Decision, definition: ServiceDefinition, lang: str
) -> dict[str, Any]:
    """What the letter says, in `lang`; call with translation activated for `lang`."""
    case = decision.case
    applicant = case.applicant
    decided_on = timezone.localdate(decision.decided_at)
    label, sentence = outcome_texts(decision.outcome)
    delegation = dict(definition.delegation or {})
    if isinstance(delegation.get("date"), datetime.date):
        delegation["date_text"] = format_date(delegation["date"])
    decider = None
    if decision.decided_by_id is not None:
        user = decision.decided_by
        decider = {
            "name": user.get_full_name() or user.get_username(),
            "title": pgettext("letter", "caseworker"),
        }
    deadline = appeal_deadline(decided_on)
    body = pick(definition.decision_body, lang) or ""
    replaced = decision.replaces if decision.replaces_id else None
    return {
        # A decision changed on reconsideration (förvaltningslagen 37 §) names the one it replaces.
        "replaces": None
        if replaced is None
        else {
            "date_text": format_date(timezone.localdate(replaced.decided_at)),
            "outcome_label": outcome_texts(replaced.outcome)[0],
            "amount_text": format_sek(replaced.amount, lang) if replaced.amount is not None else "",
        },
        "lang": lang,
        "municipality_name": settings.DIGIKOMMUN["MUNICIPALITY_NAME"],
        "decision_body": body,
        "decision_body_inline": inline(body),
        "department": pick(definition.department, lang),
        "service_title": pick(definition.title, lang),
        "diary_number": case.diary_number,
        "date": decided_on,
        "date_text": format_date(decided_on),
        "applicant_name": f"{applicant.first_name} {applicant.last_name}".strip(),
        "personnummer": personnummer_display(applicant.personnummer)
        if applicant.personnummer
        else "",
        "outcome": decision.outcome,
        "outcome_label": label,
        "outcome_sentence": sentence,
        "amount": decision.amount,
        "amount_text": format_sek(decision.amount, lang) if decision.amount is not None else "",
        "reasons": _whole_numbers(reasons_view(decision.reasons, lang)),
        "legal_references": list(decision.legal_references or []),
        "automated": decision.is_automated,
        "automated_by": decision.automated_by,
        "delegation": delegation,
        "decider": decider,
        "appeal_paragraphs": paragraphs(pick(decision.appeal, lang) or ""),
        "appealable": appealable(definition),
        # Only a decision against the party says how to appeal (förvaltningslagen 33 §).
        "appeal_shown": appeal_shown(outcome=decision.outcome, appealable=appealable(definition)),
        # What the decision is about, for how long, what it costs or pays (decision_facts).
        "stated": decision_statement(
            definition.decision_facts,
            outcome=decision.outcome,
            facts=case.facts or {},
            trace=decision.trace,
            decided_on=decided_on,
            lang=lang,
        ),
        "appeal_deadline": deadline,
        "appeal_deadline_text": format_date(deadline),
        "my_pages_url": settings.SITE_URL.rstrip("/") + "/my-pages/",
    }


def render_html(*, context: dict[str, Any], definition: ServiceDefinition) -> tuple[str, str]:
    """The letter's HTML and which template made it ("service" or "default")."""
    source = definition.files.get(SERVICE_TEMPLATE)
    if source:
        return engines["django"].from_string(source).render(context), "service"
    return get_template("letters/decision.html").render(context), "default"


def render_pdf(html: str, *, context: dict[str, Any]) -> bytes:
    # Nothing is fetched while rendering: a template from a service definition cannot make
    # the server read local files or call internal addresses. Only data: URLs are allowed.
    fetcher = weasyprint.URLFetcher(allowed_protocols={"data"}, timeout=1)
    document = weasyprint.HTML(string=html, url_fetcher=fetcher).render(**PDF_OPTIONS)
    meta = document.metadata
    meta.authors = [f"{context['municipality_name']}, {context['decision_body']}"]
    meta.created = meta.modified = context["date"].isoformat()
    meta.lang = context["lang"]
    return document.write_pdf(**PDF_OPTIONS)


def render_letter(
    *, decision: Decision, definition: ServiceDefinition, language: str
) -> RenderedLetter:
    lang = letter_language(language)
    with translation.override(lang):
        context = letter_context(decision=decision, definition=definition, lang=lang)
        html, template = render_html(context=context, definition=definition)
        pdf = render_pdf(html, context=context)
    return RenderedLetter(html=html, pdf=pdf, template=template)
