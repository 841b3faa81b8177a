"""Template helpers: texts in the page's language, money and dates the Swedish way."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def tr(value) -> str:
    """Pick the text for the current language from a {"sv": …, "en": …} mapping."""
    if not isinstance(value, dict):
        return "" if value is None else str(value)
    lang = (get_language() or "sv")[:2]
    return value.get(lang) or value.get("sv") or next(iter(value.values()), "")


@register.filter
def sek(value) -> str:
    if value in (None, ""):
        return ""
    amount = Decimal(str(value))
    whole = amount == amount.to_integral_value()
    text = f"{amount:,.0f}" if whole else f"{amount:,.2f}"
    if (get_language() or "sv").startswith("sv"):
        return text.replace(",", "\u00a0").replace(".", ",") + "\u00a0kr"
    return "SEK\u00a0" + text


@register.filter
def get(mapping, key):
    if isinstance(mapping, dict):
        return mapping.get(key)
    return None


@register.filter
def tr_list(value) -> list:
    """Pick the list for the current language from a {"sv": […], "en": […]} mapping."""
    if not isinstance(value, dict):
        return list(value or [])
    lang = (get_language() or "sv")[:2]
    return value.get(lang) or value.get("sv") or []
