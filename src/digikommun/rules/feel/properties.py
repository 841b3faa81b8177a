"""Properties of temporal values and ranges (``d.year``, ``t.time offset``, ``r.start``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .bce import SHIFT, BceDate, BceDateTime, plain
from .ops import seconds_td
from .values import Range, YMDuration


def _tz_name(v: dt.time | dt.datetime) -> Any:
    key = getattr(v.tzinfo, "key", None)
    return key


def _offset(v: dt.time | dt.datetime) -> Any:
    off = v.utcoffset()
    return off if off is None else seconds_td(Decimal(int(off.total_seconds())))


def property_of(v: Any, name: str) -> Any:  # noqa: C901 - a table of properties
    t = type(v)
    if t is BceDate or t is BceDateTime:
        return Decimal(v.year - SHIFT) if name == "year" else property_of(plain(v), name)
    if t is dt.date or t is dt.datetime:
        if name == "year":
            return Decimal(v.year)
        if name == "month":
            return Decimal(v.month)
        if name == "day":
            return Decimal(v.day)
        if name == "weekday":
            return Decimal(v.isoweekday())
    if t is dt.datetime or t is dt.time:
        if name == "hour":
            return Decimal(v.hour)
        if name == "minute":
            return Decimal(v.minute)
        if name == "second":
            return Decimal(v.second) + Decimal(v.microsecond) / 1000000
        if name == "time offset":
            return _offset(v)
        if name == "timezone":
            return _tz_name(v)
    if t is dt.timedelta:
        total = v.days * 86400 + v.seconds
        sign = -1 if total < 0 or (total == 0 and v.microseconds < 0) else 1
        a = abs(total)
        if name == "days":
            return Decimal(sign * (a // 86400))
        if name == "hours":
            return Decimal(sign * ((a % 86400) // 3600))
        if name == "minutes":
            return Decimal(sign * ((a % 3600) // 60))
        if name == "seconds":
            return Decimal(sign * (a % 60))
    if t is YMDuration:
        sign = -1 if v.months < 0 else 1
        if name == "years":
            return Decimal(sign * (abs(v.months) // 12))
        if name == "months":
            return Decimal(sign * (abs(v.months) % 12))
    if t is Range:
        if name == "start":
            return v.start
        if name == "end":
            return v.end
        if name == "start included":
            return v.start_included
        if name == "end included":
            return v.end_included
    return None
