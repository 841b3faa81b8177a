"""The last day to appeal, counted the way Swedish law counts it.

Förvaltningslagen (2017:900) § 44: an appeal must have arrived within three weeks of the day
the party received the decision. Lagen (1930:173) om beräkning av lagstadgad tid § 2: when the
last day falls on a Saturday, Sunday or other public holiday, midsommarafton, julafton or
nyårsafton, it is enough that the appeal arrives on the next weekday. Public holidays are those
of lagen (1989:253) om allmänna helgdagar.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

APPEAL_PERIOD = datetime.timedelta(weeks=3)


def easter_sunday(year: int) -> datetime.date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


def _saturday_between(year: int, month: int, first: int, last: int) -> datetime.date:
    for day in range(first, last + 1):
        date = datetime.date(year, month, day)
        if date.weekday() == 5:
            return date
    raise AssertionError("a seven-day window always holds a Saturday")


@lru_cache(maxsize=64)
def days_without_deadline(year: int) -> frozenset[datetime.date]:
    """Weekdays on which no deadline ends: public holidays and the three eves the 1930 act names."""
    easter = easter_sunday(year)
    midsommardagen = _saturday_between(year, 6, 20, 26)
    days = {
        datetime.date(year, 1, 1),  # nyårsdagen
        datetime.date(year, 1, 6),  # trettondedag jul
        easter - datetime.timedelta(days=2),  # långfredagen
        easter + datetime.timedelta(days=1),  # annandag påsk
        datetime.date(year, 5, 1),  # första maj
        easter + datetime.timedelta(days=39),  # Kristi himmelsfärdsdag
        datetime.date(year, 6, 6),  # Sveriges nationaldag
        midsommardagen - datetime.timedelta(days=1),  # midsommarafton
        midsommardagen,
        _all_saints(year),  # alla helgons dag
        datetime.date(year, 12, 24),  # julafton
        datetime.date(year, 12, 25),  # juldagen
        datetime.date(year, 12, 26),  # annandag jul
        datetime.date(year, 12, 31),  # nyårsafton
    }
    return frozenset(days)


def _all_saints(year: int) -> datetime.date:
    # The Saturday between 31 October and 6 November.
    start = datetime.date(year, 10, 31)
    return start + datetime.timedelta(days=(5 - start.weekday()) % 7)


def is_deadline_day(date: datetime.date) -> bool:
    """Whether a deadline may end on this day (a weekday that is not a holiday or eve)."""
    return date.weekday() < 5 and date not in days_without_deadline(date.year)


def appeal_deadline(received: datetime.date) -> datetime.date:
    """The last day an appeal may arrive when the decision was received on `received`."""
    last = received + APPEAL_PERIOD
    while not is_deadline_day(last):
        last += datetime.timedelta(days=1)
    return last
