"""`{% next_period_offers cases %}` on Mina sidor: "apply for next month" from the newest
application of each service whose applications cover a month."""

from __future__ import annotations

from django import template

from digikommun.forms.months import month_name
from digikommun.portal.next_period import next_period

register = template.Library()


@register.inclusion_tag("portal/_next_period.html")
def next_period_offers(cases) -> dict:
    offers, seen = [], set()
    for case, definition in cases:  # newest first
        if case.service_id in seen or not definition.period_field:
            continue
        seen.add(case.service_id)
        month = next_period(case=case)
        if month:
            offers.append({"case": case, "service": definition, "month": month_name(month)})
    return {"offers": offers}
