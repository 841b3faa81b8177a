"""Convert results and traces to JSON-safe structures for storage with a case.

Decimals that are whole numbers become ints (so amounts read naturally in JSON); others
become strings so no precision is lost to floating point.  Dates become ISO 8601 text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .feel.values import FeelFunction, Range, YMDuration, duration_str, to_str


def to_jsonable(obj: Any) -> Any:
    if obj is None or isinstance(obj, bool | str | int):
        return obj
    if isinstance(obj, Decimal):
        if obj.is_finite() and obj == obj.to_integral_value():
            return int(obj)
        return to_str(obj)
    if isinstance(obj, float):
        return obj
    if isinstance(obj, dt.datetime | dt.date | dt.time):
        return obj.isoformat()
    if isinstance(obj, dt.timedelta):
        return duration_str(obj)
    if isinstance(obj, YMDuration | Range):
        return to_str(obj)
    if isinstance(obj, FeelFunction):
        return f"function {obj.name}"
    if isinstance(obj, Mapping):
        return {str(k): to_jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [to_jsonable(x) for x in obj]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {
            f.name: to_jsonable(getattr(obj, f.name))
            for f in dataclasses.fields(obj)
            if not f.name.startswith("_")
        }
    return str(obj)
