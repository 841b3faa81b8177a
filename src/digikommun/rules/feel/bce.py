"""Dates and date-times in year 0 and before (XML Schema 1.1 years: 0 is 1 BCE, -1 is
2 BCE), which FEEL allows (``@"-2021-01-01"``) and Python's ``datetime`` cannot hold.

Such a value is stored ``SHIFT`` years later in a marker subclass, ``BceDate`` or
``BceDateTime``.  ``SHIFT`` is a multiple of 400, the length of the Gregorian cycle, so
leap years, month lengths and weekdays are the same, and arithmetic done on the stored
value is right; only the year is read back as ``year - SHIFT``.  Years -7999 to 0 fit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

SHIFT = 8000


class BceDate(dt.date):
    """A date in year 0 or before, stored SHIFT years later."""

    __slots__ = ()


class BceDateTime(dt.datetime):
    """A date and time in year 0 or before, stored SHIFT years later."""

    __slots__ = ()


BCE_TYPES = (BceDate, BceDateTime)


def make_date(year: int, month: int, day: int) -> dt.date | None:
    """A date of any year from -7999 to 9999 (None if there is no such date)."""
    try:
        if year >= 1:
            return dt.date(year, month, day)
        if year + SHIFT < 1:
            return None
        return BceDate(year + SHIFT, month, day)
    except ValueError:
        return None


def actual_year(v: dt.date) -> int:
    return v.year - SHIFT if type(v) in BCE_TYPES else v.year


def plain(v: Any) -> Any:
    """The stored value as an ordinary date or datetime (for arithmetic and comparison)."""
    if type(v) is BceDate:
        return dt.date(v.year, v.month, v.day)
    if type(v) is BceDateTime:
        return dt.datetime(
            v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond, v.tzinfo, fold=v.fold
        )
    return v


def _lift(v: Any) -> Any:
    """An ordinary date or datetime moved into the stored (shifted) calendar."""
    if type(v) in BCE_TYPES:
        return plain(v)
    if type(v) is dt.date or type(v) is dt.datetime:
        return v.replace(year=v.year + SHIFT) if v.year + SHIFT <= 9999 else None
    return v


def settle(v: Any) -> Any:
    """A result computed in the stored calendar, as the value it stands for."""
    if type(v) is dt.date:
        return (
            dt.date(v.year - SHIFT, v.month, v.day)
            if v.year > SHIFT
            else BceDate(v.year, v.month, v.day)
        )
    if type(v) is dt.datetime:
        if v.year > SHIFT:
            return v.replace(year=v.year - SHIFT)
        return BceDateTime(
            v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond, v.tzinfo, fold=v.fold
        )
    return v


def shifted(op: Callable[[Any, Any], Any], a: Any, b: Any) -> Any:
    """``op(a, b)`` worked out in the stored calendar (either side may be BCE, or the
    result may fall before year 1)."""
    la, lb = _lift(a), _lift(b)
    if la is None or lb is None:
        return None
    return settle(op(la, lb))


def to_str(v: dt.date) -> str:
    from .values import date_str, time_str

    p = plain(v)
    y = v.year - SHIFT
    year = f"-{-y:04d}" if y < 0 else f"{y:04d}"
    text = year + date_str(p if type(p) is dt.date else p.date())[4:]
    return text + ("T" + time_str(p) if type(p) is dt.datetime else "")
