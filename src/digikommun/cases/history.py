"""Facts the rules read from the applicant's earlier cases (socialtjänstlagen's jobbstimulans).

Computed here, in the cases layer, from decided cases of the same applicant and service (the
rules engine never reads the database):

- `assistance_months_in_row`: the months just before the month applied for, in an unbroken
  row, for which the applicant was granted the service;
- `jobbstimulans_months_used`: the earlier granted months whose decision left part of the
  wages out (the rules' decision `earned_income_left_out` was above 0).

Only services with a period field (`period: {field: month}`) have months to count; for others
both facts are 0. The household's other adult (a partner applying) is not yet linked to the
applicant's cases: until it is, a partner's own earlier cases do not count.
"""

from __future__ import annotations

import datetime
from typing import Any

from digikommun.forms.months import month_start, shift

from .models import Decision

HISTORY_FACTS = ("assistance_months_in_row", "jobbstimulans_months_used")


def _left_out(trace: Any) -> bool:
    for d in (trace or {}).get("decisions", []) if isinstance(trace, dict) else []:
        if d.get("id") == "earned_income_left_out":
            try:
                return float(d.get("value") or 0) > 0
            except (TypeError, ValueError):
                return False
    return False


def assistance_history(
    *,
    applicant: Any,
    service_id: str,
    period_field: str | None,
    month: datetime.date | None,
    exclude_case_id: int | None = None,
) -> dict[str, int]:
    """The history facts for an application about `month` (its first day)."""
    facts = dict.fromkeys(HISTORY_FACTS, 0)
    if not period_field or month is None or applicant is None:
        return facts
    decisions = (
        Decision.objects.filter(
            case__applicant=applicant, case__service_id=service_id, outcome="approved"
        )
        .exclude(case_id=exclude_case_id)
        .select_related("case")
    )
    granted: set[datetime.date] = set()
    stimulated = 0
    for decision in decisions:
        start = month_start(str(decision.case.answers.get(period_field) or ""))
        if start is None or start >= month or start in granted:
            continue
        granted.add(start)
        if _left_out(decision.trace):
            stimulated += 1
    row = 0
    day = shift(month, -1)
    while day in granted:
        row += 1
        day = shift(day, -1)
    facts["assistance_months_in_row"] = row
    facts["jobbstimulans_months_used"] = stimulated
    return facts
