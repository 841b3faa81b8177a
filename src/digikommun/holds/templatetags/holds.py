"""`{% case_holds case %}`: why the rules did not decide this case by themselves."""

from __future__ import annotations

from django import template

from digikommun.forms.months import month_name

register = template.Library()


@register.inclusion_tag("holds/_case_holds.html")
def case_holds(case) -> dict:
    holds = list((case.recommendation or {}).get("holds") or [])
    return {"holds": holds, "case": case}


@register.filter
def month_label(value) -> str:
    """ "2026-12" → "december 2026" in the active language."""
    return month_name(value)
