"""DMN 1.5 boxed iterator expressions: ``<for>``, ``<some>``, ``<every>`` and ``<filter>``
(DMN 1.5 §§8.3.8-8.3.11), the boxed forms of FEEL's for, some, every and ``list[match]``.

Where the FEEL form would quietly skip a value, the boxed form follows the TCK: an ``in``
that is not a list, or a condition that is not a boolean, gives null.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .feel.values import scope
from .trace import RuleMatch


def _items(v: Any) -> list[Any] | None:
    return v if type(v) is list else None


@dataclass(slots=True)
class ForExpr:
    var: str
    source: Any
    body: Any

    def evaluate(self, env: dict[str, Any], matches: list[RuleMatch] | None = None) -> Any:
        xs = _items(self.source.evaluate(env, matches))
        if xs is None:
            return None
        out: list[Any] = []
        for x in xs:
            e = scope(env)
            e[self.var] = x
            e["partial"] = out
            out.append(self.body.evaluate(e, matches))
        return out


@dataclass(slots=True)
class QuantifiedExpr:
    every: bool
    var: str
    source: Any
    cond: Any

    def evaluate(self, env: dict[str, Any], matches: list[RuleMatch] | None = None) -> Any:
        xs = _items(self.source.evaluate(env, matches))
        if xs is None:
            return None
        for x in xs:
            e = scope(env)
            e[self.var] = x
            r = self.cond.evaluate(e, matches)
            if type(r) is not bool:
                return None
            if r is not self.every:
                return r
        return self.every


@dataclass(slots=True)
class FilterExpr:
    source: Any
    match: Any

    def evaluate(self, env: dict[str, Any], matches: list[RuleMatch] | None = None) -> Any:
        xs = _items(self.source.evaluate(env, matches))
        if xs is None:
            return None
        out: list[Any] = []
        for x in xs:
            e = scope(env)
            e["item"] = x
            if type(x) is dict:
                e.update(x)
            r = self.match.evaluate(e, matches)
            if type(r) is not bool:
                return None
            if r:
                out.append(x)
        return out
