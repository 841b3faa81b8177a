"""What a ``for``/``some``/``every`` iterates over (DMN 1.5 §10.3.2.11), and what a filter
keeps (§10.3.2.5).  Iteration contexts: a list, a single value, a numeric or date range
``[1..3]``, or ``from..to`` of numbers or dates (counting down when ``to`` is smaller).  A
range of anything else, or a descending range literal, cannot be iterated: null."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from .values import Range, scope

Fn = Callable[[dict[str, Any]], Any]

_DAY = dt.timedelta(days=1)


def _dates(a: dt.date, b: dt.date) -> list[Any]:
    step = _DAY if b >= a else -_DAY
    out, d = [], a
    while (d <= b) if step > dt.timedelta(0) else (d >= b):
        out.append(d)
        d += step
    return out


def iter_values(src: Any, end: Any, has_end: bool) -> list[Any] | None:
    if has_end:
        if type(src) is Decimal and type(end) is Decimal:
            a, b = int(src), int(end)
            step = 1 if b >= a else -1
            return [Decimal(i) for i in range(a, b + step, step)]
        if type(src) is dt.date and type(end) is dt.date:
            return _dates(src, end)
        return None
    if src is None:
        return None
    if type(src) is Range:
        s, e = src.start, src.end
        if type(s) is Decimal and type(e) is Decimal and s <= e:
            a = int(s) + (0 if src.start_included else 1)
            b = int(e) - (0 if src.end_included else 1)
            return [Decimal(i) for i in range(a, b + 1)]
        if type(s) is dt.date and type(e) is dt.date and s <= e:
            days = _dates(s, e)
            if not src.start_included:
                days = days[1:]
            if not src.end_included:
                days = days[:-1]
            return days
        return None
    return src if type(src) is list else [src]


def filter_fn(fb: Fn, fc: Fn) -> Fn:
    """``list[condition]`` or ``list[index]`` (§10.3.2.5)."""

    def run(env: dict[str, Any]) -> Any:
        base = fb(env)
        if base is None:
            return None
        if type(base) is not list:
            base = [base]
        probe = fc(env)
        if type(probe) is Decimal:
            if probe != probe.to_integral_value():
                return None
            i = int(probe)
            if i > 0 and i <= len(base):
                return base[i - 1]
            if i < 0 and -i <= len(base):
                return base[i]
            return None
        out = []
        for x in base:
            e = scope(env)
            e["item"] = x
            if type(x) is dict:
                e.update(x)  # an entry called item wins over the item itself (TCK 0069)
            if fc(e) is True:
                out.append(x)
        return out

    return run
