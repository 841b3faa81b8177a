"""`{{ decision.reasons|reasons_view }}`: a decision's reasons in the page's language."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

from digikommun.cases.reasons import reasons_view as _reasons_view

register = template.Library()


@register.filter
def reasons_view(value, lang: str = "") -> dict:
    return _reasons_view(value, lang or (get_language() or "sv")[:2])
