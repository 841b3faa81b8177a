"""The `month` field type: the calendar month an application covers, answered "YYYY-MM".

Rendered as a list of months to choose from (a plain select: works without JavaScript and
with every screen reader), from `earliest_months` before the current month to
`latest_months` after it. The parsed value is the text "YYYY-MM"; `month_start` gives the
first day of that month, the day a decision about the month is made as of.
"""

from __future__ import annotations

import datetime
import re

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from .clock import today
from .fields import Field, FieldError, FieldType

_MONTH = re.compile(r"(\d{4})\s*[-./ ]?\s*(\d{1,2})")
DEFAULT_EARLIEST = 12
DEFAULT_LATEST = 12


def shift(day: datetime.date, months: int) -> datetime.date:
    """The first day of the month `months` after (or before) day's month."""
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def month_start(value: str | None) -> datetime.date | None:
    """The first day of a "YYYY-MM" month, None when there is no (valid) month."""
    match = _MONTH.fullmatch(str(value or "").strip())
    if not match:
        return None
    year, month = (int(g) for g in match.groups())
    if not 1 <= month <= 12:
        return None
    return datetime.date(year, month, 1)


def month_name(value: str | None) -> str:
    """ "november 2026" (in the active language), or the text itself when it is no month."""
    start = month_start(value)
    if start is None:
        return str(value or "")
    return f"{MONTHS[start.month]} {start.year}"


def window(f: Field) -> tuple[datetime.date, datetime.date]:
    """The first and the last month a person may choose, as their first days."""
    now = today()
    earliest = DEFAULT_EARLIEST if f.earliest_months is None else f.earliest_months
    latest = DEFAULT_LATEST if f.latest_months is None else f.latest_months
    return shift(now, -earliest), shift(now, latest)


def choices(f: Field) -> list[tuple[str, str]]:
    """(value, label) of every month one may choose, the latest first."""
    first, last = window(f)
    months = []
    day = last
    while day >= first:
        value = f"{day.year:04d}-{day.month:02d}"
        months.append((value, month_name(value)))
        day = shift(day, -1)
    return months


def parse_month(f: Field, text: str) -> str:
    start = month_start(text)
    if start is None:
        raise FieldError(_("Choose a month from the list."))
    first, last = window(f)
    if not first <= start <= last:
        raise FieldError(
            _("Choose a month from %(first)s to %(last)s.")
            % {
                "first": month_name(first.strftime("%Y-%m")),
                "last": month_name(last.strftime("%Y-%m")),
            }
        )
    return f"{start.year:04d}-{start.month:02d}"


TYPES = [
    FieldType(
        "month",
        parse_month,
        "month",
        empty_message=lambda: _("Choose a month."),
    ),
]
