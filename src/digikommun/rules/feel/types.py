"""``instance of`` and the FEEL type lattice (DMN 1.5 §10.3.2.9)."""

from __future__ import annotations

from typing import Any

from .ast import TypeRef
from .values import FeelFunction, Range, type_name

_ALIASES = {
    "dayTimeDuration": "days and time duration",
    "yearMonthDuration": "years and months duration",
}


def instance_of(v: Any, t: TypeRef) -> bool:
    if t.item is not None:
        return bool(t.item(v))
    name = _ALIASES.get(t.name, t.name)
    if name == "Any":
        return v is not None
    if v is None:
        return name == "Null"
    actual = type_name(v)
    if name == "list":
        if type(v) is not list:
            return False
        return not t.args or all(x is None or instance_of(x, t.args[0]) for x in v)
    if name == "context":
        if type(v) is not dict:
            return False
        return all(k in v and (v[k] is None or instance_of(v[k], ft)) for k, ft in t.fields)
    if name == "range":
        if type(v) is not Range:
            return False
        if not t.args:
            return True
        return all(x is None or instance_of(x, t.args[0]) for x in (v.start, v.end))
    if name == "function":
        return type(v) is FeelFunction
    return actual == name
