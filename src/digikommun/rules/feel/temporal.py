"""Parsing of FEEL date, time, date-and-time and duration strings (XML Schema lexical forms).

Each parser returns None for text that is not valid, because a FEEL conversion function
gives null rather than an error.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .bce import BceDate, BceDateTime, make_date
from .values import YMDuration

_DATE = re.compile(r"(-?\d{4,9})-(\d\d)-(\d\d)")
_TIME = re.compile(r"(\d\d):(\d\d):(\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d(?::\d\d)?|@[A-Za-z0-9_/+\-]+)?")
_DUR = re.compile(
    r"(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?"
)


def parse_date(s: str) -> dt.date | None:
    m = _DATE.fullmatch(s)
    if not m:
        return None
    return make_date(int(m[1]), int(m[2]), int(m[3]))


def parse_zone(z: str | None) -> dt.tzinfo | None | bool:
    """A tzinfo for an offset or zone suffix; False when the suffix is not valid."""
    if not z:
        return None
    if z == "Z":
        return dt.UTC
    if z[0] == "@":
        try:
            return ZoneInfo(z[1:])
        except (ZoneInfoNotFoundError, ValueError):
            return False
    sign = -1 if z[0] == "-" else 1
    parts = [int(p) for p in z[1:].split(":")]
    h, m = parts[0], parts[1]
    s = parts[2] if len(parts) > 2 else 0
    if h > 14 or m > 59 or s > 59:
        return False
    return dt.timezone(sign * dt.timedelta(hours=h, minutes=m, seconds=s))


def _time_parts(m: re.Match[str]) -> tuple[int, int, int, int, Any] | None:
    h, mi, s = int(m[1]), int(m[2]), int(m[3])
    if h == 24 and mi == 0 and s == 0 and not m[4]:
        h = 0  # 24:00:00 is midnight
    if h > 23 or mi > 59 or s > 59:
        return None
    us = int((m[4] or ".0")[1:7].ljust(6, "0"))
    tz = parse_zone(m[5])
    if tz is False:
        return None
    return h, mi, s, us, tz


def parse_time(s: str) -> dt.time | None:
    m = _TIME.fullmatch(s)
    if not m:
        return None
    p = _time_parts(m)
    if p is None:
        return None
    h, mi, sec, us, tz = p
    return dt.time(h, mi, sec, us, tzinfo=tz)


def parse_datetime(s: str) -> dt.datetime | None:
    if "T" not in s:
        d = parse_date(s)
        if d is None:
            return None
        return (BceDateTime if type(d) is BceDate else dt.datetime)(d.year, d.month, d.day)
    ds, ts = s.split("T", 1)
    d = parse_date(ds)
    m = _TIME.fullmatch(ts)
    if d is None or not m:
        return None
    p = _time_parts(m)
    if p is None:
        return None
    h, mi, sec, us, tz = p
    try:
        cls = BceDateTime if type(d) is BceDate else dt.datetime
        v = cls(d.year, d.month, d.day, h, mi, sec, us, tzinfo=tz)
    except ValueError:
        return None
    if m[1] == "24":  # 24:00:00 is the midnight that ends the day
        from .ops import add

        moved: dt.datetime | None = add(v, dt.timedelta(days=1))
        return moved
    return v


def parse_duration(s: str) -> dt.timedelta | YMDuration | None:
    m = _DUR.fullmatch(s)
    if not m or s.endswith("P") or s.endswith("T"):
        return None
    neg, y, mo, d, h, mi, sec = m.groups()
    sign = -1 if neg else 1
    if (y or mo) and not (d or h or mi or sec):
        return YMDuration(sign * (int(y or 0) * 12 + int(mo or 0)))
    if not (y or mo or d or h or mi or sec):
        return None
    if y or mo:
        # A duration with both parts is neither FEEL duration type.
        return None
    secs = Decimal(sec or 0)
    total = dt.timedelta(
        days=int(d or 0), hours=int(h or 0), minutes=int(mi or 0), seconds=int(secs)
    ) + dt.timedelta(microseconds=int((secs - int(secs)) * 1000000))
    return -total if sign < 0 else total


def parse_temporal(s: str) -> Any:
    """The value of an ``@"..."`` literal: a date, time, date and time or duration."""
    if s.startswith(("P", "-P")):
        return parse_duration(s)
    if "T" in s:
        return parse_datetime(s)
    if _DATE.fullmatch(s):
        return parse_date(s)
    return parse_time(s)
