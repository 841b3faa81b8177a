"""DMN item definitions (types) and the conformance of values to them.

DMN 1.2+ says a decision's value that does not conform to its typeRef becomes null, with
two implicit conversions: a singleton list where one item is expected becomes the item,
and a single item where a collection is expected becomes a list of one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .diagnostics import report
from .feel.bce import BceDate, BceDateTime
from .feel.compiler import Test
from .feel.values import FeelFunction, Range, YMDuration, to_str_inner

_BASE: dict[str, Callable[[Any], bool]] = {
    "number": lambda v: type(v) is Decimal,
    "string": lambda v: type(v) is str,
    "boolean": lambda v: type(v) is bool,
    "date": lambda v: type(v) is dt.date or type(v) is BceDate,
    "time": lambda v: type(v) is dt.time,
    "date and time": lambda v: type(v) is dt.datetime or type(v) is BceDateTime,
    "dateTime": lambda v: type(v) is dt.datetime or type(v) is BceDateTime,
    "days and time duration": lambda v: type(v) is dt.timedelta,
    "dayTimeDuration": lambda v: type(v) is dt.timedelta,
    "years and months duration": lambda v: type(v) is YMDuration,
    "yearMonthDuration": lambda v: type(v) is YMDuration,
    "context": lambda v: type(v) is dict,
    "list": lambda v: type(v) is list,
    "range": lambda v: type(v) is Range,
    "function": lambda v: type(v) is FeelFunction,
    "Any": lambda v: True,
}


def base_type_name(name: str) -> str:
    """Strip a namespace prefix (``feel:number``) from a DMN 1.1 typeRef."""
    if ":" in name and not name.startswith("http"):
        return name.split(":", 1)[1]
    return name


@dataclass
class ItemType:
    name: str
    base: str | None = None  # a FEEL type name or another item definition's name
    collection: bool = False
    allowed: Test | None = None
    components: dict[str, ItemType] = field(default_factory=dict)
    function_type: bool = False


class NotConforming(Exception):
    """A BKM argument that does not conform to its parameter's type: the call is null."""


class TypeRegistry:
    """Item definitions by name; ``conform(value, typeRef)`` applies DMN's rules."""

    def __init__(self) -> None:
        self.types: dict[str, ItemType] = {}

    def resolve(self, name: str | None) -> ItemType | None:
        if not name:
            return None
        name = base_type_name(name)
        if name in self.types:
            return self.types[name]
        if name in _BASE:
            return ItemType(name, name)
        return None

    def conform(self, v: Any, type_name: str | None) -> Any:
        t = self.resolve(type_name)
        if t is None:
            return v
        ok, out = self._conform(v, t, 0)
        return out if ok else None

    def is_instance(self, v: Any, t: ItemType, depth: int = 0) -> bool:
        """``v instance of t``: the structure of an item definition, not its allowed
        values (DMN 1.5 §10.3.2.9; TCK 0070: ``256 instance of t255`` is true)."""
        if v is None or depth > 20:
            return False
        if t.collection:
            elem = ItemType(t.name, t.base, False, None, t.components)
            return type(v) is list and all(
                x is None or self.is_instance(x, elem, depth + 1) for x in v
            )
        if t.components:
            return type(v) is dict and all(
                k in v and (v[k] is None or self.is_instance(v[k], c, depth + 1))
                for k, c in t.components.items()
            )
        base = base_type_name(t.base or "Any")
        if base in _BASE:
            return _BASE[base](v)
        inner = self.types.get(base)
        return inner is not None and inner is not t and self.is_instance(v, inner, depth + 1)

    def argument(self, type_name: str) -> Callable[[Any], Any]:
        """A converter for a parameter typed ``type_name`` that raises NotConforming."""

        def convert(v: Any) -> Any:
            t = self.resolve(type_name)
            if t is None:
                return v
            ok, out = self._conform(v, t, 0)
            if not ok:
                raise NotConforming(type_name)
            return out

        return convert

    def _conform(self, v: Any, t: ItemType, depth: int) -> tuple[bool, Any]:
        if v is None or depth > 20:
            return True, v
        if t.collection:
            if type(v) is not list:
                v = [v]
            elem = ItemType(t.name, t.base, False, t.allowed, t.components)
            out = []
            for x in v:
                ok, y = self._conform(x, elem, depth + 1)
                if not ok:
                    return False, None
                out.append(y)
            return True, out
        if type(v) is list and len(v) == 1 and not self._is_list_type(t):
            v = v[0]
        if t.components:
            if type(v) is not dict:
                return False, None
            out_ctx = dict(v)
            if any(k not in v for k in t.components):
                report(
                    f"{to_str_inner(v)} lacks components of type {t.name!r}; it was taken as null"
                )
                return False, None
            for k, ct in t.components.items():
                if k in v:
                    ok, y = self._conform(v[k], ct, depth + 1)
                    if not ok:
                        return False, None
                    out_ctx[k] = y
            return True, out_ctx
        if t.base is not None:
            base = base_type_name(t.base)
            if base in _BASE:
                if not _BASE[base](v):
                    report(
                        f"{to_str_inner(v)} is not a {base} (type {t.name!r}); it was taken as null"
                    )
                    return False, None
            elif base in self.types and base != t.name:
                ok, v = self._conform(v, self.types[base], depth + 1)
                if not ok:
                    return False, None
        if t.allowed is not None and not t.allowed(v, {}):
            report(
                f"{to_str_inner(v)} is not one of the allowed values of type {t.name!r}; "
                f"it was taken as null"
            )
            return False, None
        return True, v

    def _is_list_type(self, t: ItemType) -> bool:
        return t.collection or (t.base is not None and base_type_name(t.base) == "list")
