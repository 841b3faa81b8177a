"""The period an application covers, and the day its decision is made as of.

A definition may name the form field that says which month the application is for:

    period: {field: month}

A decision about that month is made as of the month's first day: the rules use the
parameters in force then (the riksnorm of that year), and facts such as children's ages are
counted on that day. Without a period field the decision is made as of the submission date.
"""

from __future__ import annotations

import datetime
from typing import Any

from digikommun.common.reader import Reader
from digikommun.common.yamlsrc import key_mark, mark_of
from digikommun.forms.months import month_start
from digikommun.forms.schema import Step

_KEYS = {"field"}


def parse_period(r: Reader, doc: Any, steps: tuple[Step, ...]) -> str | None:
    """The id of the definition's period field (a top-level month field), or None."""
    raw = doc.get("period") if isinstance(doc, dict) else None
    if raw is None:
        return None
    if not isinstance(raw, dict) or "field" not in raw:
        r.fail(
            "'period' must be a mapping with 'field', e.g. {field: month}", key_mark(doc, "period")
        )
        return None
    for key in sorted(set(raw) - _KEYS):
        r.fail(f"unknown key '{key}' in 'period'", key_mark(raw, key))
    name = str(raw["field"])
    types = {f.id: f.type for s in steps for f in s.fields}
    if types.get(name) != "month":
        r.fail(
            f"the period field '{name}' must be a month field of the form",
            mark_of(raw["field"], key_mark(doc, "period")),
        )
        return None
    return name


def period_start(definition: Any, answers: dict[str, Any]) -> datetime.date | None:
    """The first day of the month the answers cover, None without a period field or answer."""
    name = getattr(definition, "period_field", None)
    if not name:
        return None
    return month_start(answers.get(name))


def decision_date(
    definition: Any, answers: dict[str, Any], *, submitted_on: datetime.date
) -> datetime.date:
    """The day a decision on these answers is made as of: the period's first day, else the
    submission date."""
    return period_start(definition, answers) or submitted_on
