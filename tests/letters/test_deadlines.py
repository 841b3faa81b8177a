"""The last day to appeal: three weeks from receipt (FL § 44), moved past holidays (1930:173).

When the last day is a Saturday, Sunday, public holiday (lag 1989:253), midsommarafton,
julafton or nyårsafton, the next weekday is enough.
"""

from __future__ import annotations

import datetime

import pytest

from digikommun.letters.deadlines import appeal_deadline, days_without_deadline, easter_sunday

D = datetime.date


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2000, D(2000, 4, 23)),
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2027, D(2027, 3, 28)),
        (2038, D(2038, 4, 25)),
    ],
)
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter


def test_the_holidays_of_2026():
    holidays = days_without_deadline(2026)
    for day in (
        D(2026, 1, 1),
        D(2026, 1, 6),
        D(2026, 4, 3),
        D(2026, 4, 6),
        D(2026, 5, 1),
        D(2026, 5, 14),
        D(2026, 6, 6),
        D(2026, 6, 19),
        D(2026, 6, 20),
        D(2026, 10, 31),
        D(2026, 12, 24),
        D(2026, 12, 25),
        D(2026, 12, 26),
        D(2026, 12, 31),
    ):
        assert day in holidays, day
    assert D(2026, 6, 26) not in holidays and D(2026, 11, 2) not in holidays


@pytest.mark.parametrize(
    ("received", "last"),
    [
        (D(2026, 11, 27), D(2026, 12, 18)),  # an ordinary Friday three weeks on
        (D(2026, 11, 28), D(2026, 12, 21)),  # Saturday → Monday
        (D(2026, 12, 3), D(2026, 12, 28)),  # julafton → past Christmas and the weekend
        (D(2026, 12, 10), D(2027, 1, 4)),  # nyårsafton → past nyårsdagen and the weekend
        (D(2026, 3, 13), D(2026, 4, 7)),  # långfredagen → past Easter to Tuesday
        (D(2026, 4, 23), D(2026, 5, 15)),  # Kristi himmelsfärdsdag → Friday
        (D(2026, 5, 29), D(2026, 6, 22)),  # midsommarafton → Monday
    ],
)
def test_the_last_day_to_appeal(received, last):
    assert appeal_deadline(received) == last
