"""FEEL operators on values: arithmetic (with temporal arithmetic) and three-valued logic.

Every operator returns null (None) instead of raising when its operands do not fit, as
FEEL requires; arithmetic on numbers uses the DECIMAL128 context.
"""

from __future__ import annotations

import calendar
import datetime as dt
import decimal
from decimal import Decimal
from typing import Any

from .bce import BCE_TYPES, shifted
from .values import D128, YMDuration


def add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    if not 1 <= year <= 9999:
        raise OverflowError("year out of range")
    day = min(d.day, calendar.monthrange(year, month)[1])
    return d.replace(year=year, month=month, day=day)


def _as_datetime(d: dt.date) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day)


def td_seconds(td: dt.timedelta) -> Decimal:
    return Decimal(td.days * 86400 + td.seconds) + Decimal(td.microseconds) / 1000000


def seconds_td(s: Decimal) -> dt.timedelta:
    us = (s * 1000000).to_integral_value(rounding=decimal.ROUND_HALF_EVEN)
    return dt.timedelta(microseconds=int(us))


def _time_shift(t: dt.time, td: dt.timedelta) -> dt.time:
    base = dt.datetime(2000, 1, 1, t.hour, t.minute, t.second, t.microsecond)
    r = base + td
    return r.time().replace(tzinfo=t.tzinfo)


def add(a: Any, b: Any, _retry: bool = True) -> Any:
    ta, tb = type(a), type(b)
    try:
        if ta is Decimal and tb is Decimal:
            return D128.add(a, b)
        if a is None or b is None:
            return None
        if ta in BCE_TYPES or tb in BCE_TYPES:
            return shifted(add, a, b)
        if ta is str and tb is str:
            return a + b
        if ta is dt.timedelta and tb is dt.timedelta:
            return a + b
        if ta is YMDuration and tb is YMDuration:
            return YMDuration(a.months + b.months)
        if tb in (dt.date, dt.datetime, dt.time) and ta in (dt.timedelta, YMDuration):
            a, b, ta, tb = b, a, tb, ta
        if ta is dt.datetime:
            if tb is YMDuration:
                return add_months(a, b.months)
            if tb is dt.timedelta:
                return a + b
        if ta is dt.date:
            if tb is YMDuration:
                return add_months(a, b.months)
            if tb is dt.timedelta:
                return (_as_datetime(a) + b).date()
        if ta is dt.time and tb is dt.timedelta:
            return _time_shift(a, b)
    except (ArithmeticError, OverflowError, ValueError):
        # A date before year 1 (``@"0001-01-01" - @"P1D"``) is worked out shifted.
        if _retry and ta in (dt.date, dt.datetime):
            return shifted(lambda x, y: add(x, y, False), a, b)
        return None
    return None


def neg(a: Any) -> Any:
    t = type(a)
    if t is Decimal:
        return D128.minus(a)
    if t is dt.timedelta:
        return -a
    if t is YMDuration:
        return YMDuration(-a.months)
    return None


def sub(a: Any, b: Any) -> Any:
    ta, tb = type(a), type(b)
    try:
        if ta is Decimal and tb is Decimal:
            return D128.subtract(a, b)
        if a is None or b is None:
            return None
        if ta in BCE_TYPES or tb in BCE_TYPES:
            return shifted(sub, a, b)
        if ta is dt.timedelta and tb is dt.timedelta:
            return a - b
        if ta is YMDuration and tb is YMDuration:
            return YMDuration(a.months - b.months)
        if ta is dt.datetime and tb is dt.datetime:
            if (a.tzinfo is None) != (b.tzinfo is None):
                return None
            return a - b
        if ta is dt.date and tb is dt.date:
            return _as_datetime(a) - _as_datetime(b)
        if {ta, tb} == {dt.date, dt.datetime}:
            # A date is its midnight in UTC (as the TCK's 0100-arithmetic expects); a
            # local date and time has no distance to it.
            x = a if ta is dt.datetime else _as_datetime(a).replace(tzinfo=dt.UTC)
            y = b if tb is dt.datetime else _as_datetime(b).replace(tzinfo=dt.UTC)
            if x.tzinfo is None or y.tzinfo is None:
                return None
            return x - y
        if ta is dt.time and tb is dt.time:
            if (a.tzinfo is None) != (b.tzinfo is None):
                return None
            from .values import _time_key

            return seconds_td(_time_key(a) - _time_key(b))
        if tb in (dt.timedelta, YMDuration) and ta in (dt.date, dt.datetime, dt.time):
            return add(a, neg(b))
    except (ArithmeticError, OverflowError, ValueError):
        return None
    return None


def mul(a: Any, b: Any) -> Any:
    ta, tb = type(a), type(b)
    try:
        if ta is Decimal and tb is Decimal:
            return D128.multiply(a, b)
        if a is None or b is None:
            return None
        if ta is Decimal and tb in (dt.timedelta, YMDuration):
            a, b, ta, tb = b, a, tb, ta
        if ta is dt.timedelta and tb is Decimal:
            return seconds_td(td_seconds(a) * b)
        if ta is YMDuration and tb is Decimal:
            return YMDuration(int((Decimal(a.months) * b).to_integral_value(decimal.ROUND_DOWN)))
    except (ArithmeticError, OverflowError, ValueError):
        return None
    return None


def div(a: Any, b: Any) -> Any:
    ta, tb = type(a), type(b)
    try:
        if ta is Decimal and tb is Decimal:
            return D128.divide(a, b) if b else None
        if a is None or b is None:
            return None
        if ta is dt.timedelta and tb is Decimal:
            return seconds_td(td_seconds(a) / b) if b else None
        if ta is dt.timedelta and tb is dt.timedelta:
            s = td_seconds(b)
            return D128.divide(td_seconds(a), s) if s else None
        if ta is YMDuration and tb is Decimal:
            if not b:
                return None
            return YMDuration(int((Decimal(a.months) / b).to_integral_value(decimal.ROUND_DOWN)))
        if ta is YMDuration and tb is YMDuration:
            return D128.divide(Decimal(a.months), Decimal(b.months)) if b.months else None
    except (ArithmeticError, OverflowError, ValueError):
        return None
    return None


def power(a: Any, b: Any) -> Any:
    if type(a) is not Decimal or type(b) is not Decimal:
        return None
    try:
        if b == b.to_integral_value():
            return D128.power(a, int(b))
        return D128.power(a, b)
    except (ArithmeticError, ValueError):
        return None


def and3(a: Any, b: Any) -> bool | None:
    if a is False or b is False:
        return False
    if a is True and b is True:
        return True
    return None


def or3(a: Any, b: Any) -> bool | None:
    if a is True or b is True:
        return True
    if a is False and b is False:
        return False
    return None


ARITH = {"+": add, "-": sub, "*": mul, "/": div, "**": power}
