"""The letters app's public door for writes: make (or fetch) a decision's letter."""

from __future__ import annotations

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from digikommun.cases.models import Decision
from digikommun.catalog.selectors import definition_for

from .models import Letter
from .render import letter_language, render_letter

log = logging.getLogger(__name__)


def letter_for_decision(*, decision_id: int, language: str | None = None) -> Letter:
    """The decision letter as PDF/A in the case's language (or `language`), made once.

    Idempotent: one Letter per decision and language. A second call, or a second worker
    racing the first, gets the stored letter; the PDF is never made again, so the archived
    letter stays the letter that was sent.
    """
    decision = Decision.objects.select_related(
        "case__applicant", "case__service_version", "decided_by"
    ).get(pk=decision_id)
    lang = letter_language(language or decision.case.language)
    existing = Letter.objects.filter(decision=decision, language=lang).first()
    if existing is not None:
        return existing

    # Rendered outside any lock: it takes tens of milliseconds, and a lost race costs only
    # the rendering, whose file is removed below.
    rendered = render_letter(
        decision=decision, definition=definition_for(decision.case.service_version), language=lang
    )
    letter = Letter(
        case=decision.case,
        decision=decision,
        language=lang,
        sha256=hashlib.sha256(rendered.pdf).hexdigest(),
        size=len(rendered.pdf),
        template=rendered.template,
    )
    letter.pdf.save(f"beslut-{decision.pk}-{lang}.pdf", ContentFile(rendered.pdf), save=False)
    try:
        with transaction.atomic():
            letter.save()
    except IntegrityError:
        letter.pdf.delete(save=False)
        return Letter.objects.get(decision=decision, language=lang)
    log.info("letter made for decision %s (%s, %d bytes)", decision.pk, lang, letter.size)
    return letter
