"""What a decision page shows beyond the outcome: the lines the definition says a decision
states (`{% decision_stated decision service as lines %}`) and whether it says how to appeal
(`{% appeal_kind decision service as kind %}`: "appeal", "other" or "")."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from digikommun.catalog.decision_facts import decision_statement
from digikommun.catalog.legal import appeal_shown

register = template.Library()


@register.simple_tag
def decision_stated(decision, definition) -> list:
    lang = (get_language() or "sv")[:2]
    return decision_statement(
        definition.decision_facts,
        outcome=decision.outcome,
        facts=decision.case.facts or {},
        trace=decision.trace,
        decided_on=timezone.localdate(decision.decided_at),
        lang=lang if lang in ("sv", "en") else "sv",
    )


@register.simple_tag
def appeal_kind(decision, definition) -> str:
    return appeal_shown(
        outcome=decision.outcome, appealable=bool(getattr(definition, "appealable", True))
    )
