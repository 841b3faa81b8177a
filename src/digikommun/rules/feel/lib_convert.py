"""Conversion, boolean and date/time built-ins (DMN 1.5 §10.3.4.1-2, 10.3.4.6-7)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from .bce import BceDate, BceDateTime, actual_year, make_date
from .builtins import builtin
from .temporal import parse_date, parse_datetime, parse_duration, parse_time, parse_zone
from .values import YMDuration, to_str


@builtin("not", "negand")
def _not(b: Any) -> Any:
    return (not b) if type(b) is bool else None


@builtin("string", "from")
def _string(v: Any) -> Any:
    return None if v is None else to_str(v)


_NUM = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


@builtin("number", "from, grouping separator, decimal separator", min_args=1)
def _number(s: Any, group: Any = None, dec: Any = None) -> Any:
    if type(s) is not str:
        return None
    if group not in (None, " ", ",", "."):
        return None
    if dec not in (None, ".", ","):
        return None
    if group is not None and group == dec:
        return None
    if group:
        s = s.replace(group, "")
    if dec:
        s = s.replace(dec, ".")
    if not _NUM.fullmatch(s):
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _int(x: Any) -> int | None:
    if type(x) is not Decimal or x != x.to_integral_value():
        return None
    return int(x)


@builtin("date", "from, month, day", min_args=1, aliases={"year": "from"})
def _date(a: Any, month: Any = None, day: Any = None) -> Any:
    if month is not None or day is not None:
        y, m, d = _int(a), _int(month), _int(day)
        if y is None or m is None or d is None:
            return None
        return make_date(y, m, d)
    if type(a) is str:
        return parse_date(a)
    if type(a) is dt.datetime:
        return a.date()
    if type(a) is dt.date:
        return a
    return None


@builtin("time", "from, minute, second, offset", min_args=1)
def _time(a: Any, minute: Any = None, second: Any = None, offset: Any = None) -> Any:
    if minute is not None:
        h, m = _int(a), _int(minute)
        if h is None or m is None or type(second) is not Decimal:
            return None
        s = int(second)
        us = int((second - s) * 1000000)
        tz = None
        if offset is not None:
            if type(offset) is not dt.timedelta:
                return None
            tz = dt.timezone(offset)
        try:
            return dt.time(h, m, s, us, tzinfo=tz)
        except ValueError:
            return None
    if type(a) is str:
        t = parse_time(a)
        if t is None:
            d = parse_datetime(a)
            return None if d is None or "T" not in a else d.timetz()
        return t
    if type(a) is dt.datetime:
        return a.timetz()
    if type(a) is dt.date:
        return dt.time(0, 0, 0, tzinfo=dt.UTC)
    if type(a) is dt.time:
        return a
    return None


@builtin("date and time", "from, time", min_args=1, aliases={"date": "from"})
def _date_and_time(a: Any, t: Any = None) -> Any:
    if t is not None:
        if type(a) not in (dt.date, dt.datetime) or type(t) is not dt.time:
            return None
        return dt.datetime(
            a.year, a.month, a.day, t.hour, t.minute, t.second, t.microsecond, t.tzinfo
        )
    if type(a) is str:
        return parse_datetime(a)
    if type(a) is dt.datetime:
        return a
    if type(a) is dt.date:
        return dt.datetime(a.year, a.month, a.day)
    return None


@builtin("duration", "from")
def _duration(s: Any) -> Any:
    return parse_duration(s) if type(s) is str else None


@builtin("years and months duration", "from, to")
def _ym_duration(a: Any, b: Any) -> Any:
    dates = (dt.date, dt.datetime, BceDate, BceDateTime)
    if type(a) not in dates or type(b) not in dates:
        return None
    months = (actual_year(b) - actual_year(a)) * 12 + (b.month - a.month)

    # Count only whole months: a partial month at the end does not count.  The time of
    # day does not count (TCK 1121: 2014-12-31T23:59:59 to 2016-12-31T00:00:01 is P2Y).
    def rest(d: dt.date) -> tuple[int, ...]:
        return (d.day,)

    if months > 0 and rest(b) < rest(a):
        months -= 1
    elif months < 0 and rest(b) > rest(a):
        months += 1
    return YMDuration(months)


@builtin("day of year", "date")
def _day_of_year(d: Any) -> Any:
    if type(d) not in (dt.date, dt.datetime):
        return None
    return Decimal(d.timetuple().tm_yday)


_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]  # fmt: skip


@builtin("day of week", "date")
def _day_of_week(d: Any) -> Any:
    return _DAYS[d.weekday()] if type(d) in (dt.date, dt.datetime) else None


@builtin("month of year", "date")
def _month_of_year(d: Any) -> Any:
    return _MONTHS[d.month - 1] if type(d) in (dt.date, dt.datetime) else None


@builtin("week of year", "date")
def _week_of_year(d: Any) -> Any:
    return Decimal(d.isocalendar()[1]) if type(d) in (dt.date, dt.datetime) else None


@builtin("now")
def _now() -> Any:
    return dt.datetime.now(dt.UTC)


@builtin("today")
def _today() -> Any:
    return dt.date.today()


@builtin("is", "value1, value2")
def _is(a: Any, b: Any) -> Any:
    if type(a) is not type(b):
        return False
    if type(a) in (dt.time, dt.datetime):
        return a == b and a.utcoffset() == b.utcoffset() and str(a.tzinfo) == str(b.tzinfo)
    return a == b


_ = parse_zone  # re-exported for lib users that build zoned values
