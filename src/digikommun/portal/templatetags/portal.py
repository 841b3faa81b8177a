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


@register.filter
def paragraphs(value) -> list[str]:
    """A definition's text as paragraphs: split at blank lines, each paragraph's own line
    breaks (how the YAML happened to wrap it) joined by spaces."""
    from digikommun.cases.selectors import paragraphs as split

    return split(str(value or ""))


@register.filter
def duration(value) -> str:
    """A timedelta in words, rounded the way a person would say it."""
    from django.utils.translation import ngettext

    if value is None:
        return ""
    seconds = int(value.total_seconds())
    if seconds < 90:
        n = max(1, seconds)
        return ngettext("%(n)d second", "%(n)d seconds", n) % {"n": n}
    if seconds < 90 * 60:
        n = round(seconds / 60)
        return ngettext("%(n)d minute", "%(n)d minutes", n) % {"n": n}
    if seconds < 36 * 3600:
        n = round(seconds / 3600)
        return ngettext("%(n)d hour", "%(n)d hours", n) % {"n": n}
    n = round(seconds / 86400)
    return ngettext("%(n)d day", "%(n)d days", n) % {"n": n}


@register.filter
def percent(value) -> str:
    if value is None:
        return ""
    number = round(float(value) * 100)
    if (get_language() or "sv").startswith("sv"):
        return f"{number}\u00a0%"
    return f"{number}%"


@register.filter
def is_mapping(value) -> bool:
    return isinstance(value, dict)


@register.filter
def is_list(value) -> bool:
    return isinstance(value, list | tuple)


@register.filter
def humanise(key) -> str:
    text = str(key).replace("_", " ")
    return text[:1].upper() + text[1:]
