"""The letters app's public door for writes: make (or fetch) a decision's letter."""

from __future__ import annotations

import hashlib
import logging

from django.db import IntegrityError, transaction

from digikommun.cases.models import Decision
from digikommun.catalog.selectors import definition_for
from digikommun.common.faults import fault_point

from .models import Letter, letter_path
from .render import letter_language, render_letter
from .signals import letter_created
from .storage import write_atomic

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
    digest = hashlib.sha256(rendered.pdf).hexdigest()
    letter = Letter(
        case=decision.case,
        decision=decision,
        language=lang,
        sha256=digest,
        size=len(rendered.pdf),
        template=rendered.template,
    )
    name = letter_path(letter, f"beslut-{decision.pk}-{lang}-{digest[:16]}.pdf")
    letter.pdf.name = write_atomic(name=name, data=rendered.pdf)
    fault_point("letter.written")
    try:
        with transaction.atomic():
            letter.save()
            letter_created.send(sender=Letter, letter_id=letter.pk, case_id=letter.case_id)
    except IntegrityError:
        winner = Letter.objects.get(decision=decision, language=lang)
        if winner.pdf.name != name:  # a different rendering of the same letter: not kept
            letter.pdf.delete(save=False)
        return winner
    _remove_earlier_attempts(letter)
    log.info("letter made for decision %s (%s, %d bytes)", decision.pk, lang, letter.size)
    return letter


def _remove_earlier_attempts(letter: Letter) -> None:
    """Files of earlier attempts at this letter (a worker stopped between writing the file and
    recording it) are not letters: with this letter recorded, they go."""
    from pathlib import Path

    kept = Path(letter.pdf.path)
    prefix = f"{kept.name.rsplit('-', 1)[0]}-"
    for path in kept.parent.glob(f"{prefix}*.pdf"):
        if path != kept:
            log.info("removing %s, left by an earlier attempt at letter %s", path.name, letter.pk)
            path.unlink(missing_ok=True)
