"""Template helpers for the workbench."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()

RECOMMENDATIONS = ("approved", "rejected", "manual")


@register.filter
def outcome_label(value: str) -> str:
    labels = {
        "approved": _("Approve"),
        "rejected": _("Reject"),
        "partly_approved": _("Approve in part"),
        "manual": _("A person must assess"),
    }
    return labels.get(value or "", "–")


@register.simple_tag
def recommendation_choices() -> tuple[str, ...]:
    return RECOMMENDATIONS
