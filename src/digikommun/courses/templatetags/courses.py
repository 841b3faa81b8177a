from __future__ import annotations

from django import template
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

register = template.Library()

LANGUAGES = {
    "sv": ("svenska", "Swedish"),
    "en": ("engelska", "English"),
    "ar": ("arabiska", "Arabic"),
    "fi": ("finska", "Finnish"),
}


def _lang() -> str:
    return (get_language() or "sv")[:2]


@register.filter
def tr(texts) -> str:
    texts = texts or {}
    return texts.get(_lang()) or texts.get("sv") or ""


@register.filter
def language_name(code: str) -> str:
    names = LANGUAGES.get(code)
    if names is None:
        return code
    return names[0] if _lang() == "sv" else names[1]


@register.simple_tag
def places_text(session) -> str:
    left = max(session.capacity - session.booked, 0)
    if left:
        return ngettext("%(n)d place left", "%(n)d places left", left) % {"n": left}
    if session.waiting:
        return ngettext(
            "Full – %(n)d person in the waiting list",
            "Full – %(n)d people in the waiting list",
            session.waiting,
        ) % {"n": session.waiting}
    return _("Full – the waiting list is open")
