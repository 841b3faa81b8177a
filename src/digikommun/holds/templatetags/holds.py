"""`{% case_holds case %}`: why the rules did not decide this case by themselves."""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("holds/_case_holds.html")
def case_holds(case) -> dict:
    holds = list((case.recommendation or {}).get("holds") or [])
    return {"holds": holds, "case": case}
