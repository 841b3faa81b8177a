"""Decision tables and their hit policies (DMN 1.5 §8.2.11).

A table is compiled once: each input expression and each cell becomes a closure.  The
evaluation reads each input once, tests the rules in order, and applies the hit policy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .errors import EvaluationError
from .feel.compiler import Fn, Test
from .feel.values import D128, compare, equals, to_str
from .trace import RuleMatch

HIT_POLICIES = ("UNIQUE", "FIRST", "PRIORITY", "ANY", "COLLECT", "RULE ORDER", "OUTPUT ORDER")
AGGREGATIONS = (None, "SUM", "MIN", "MAX", "COUNT")


@dataclass(slots=True)
class TableInput:
    text: str  # the FEEL expression, as written
    label: str
    fn: Fn
    allowed: Test | None = None  # input values (a unary test), checked on evaluation


@dataclass(slots=True)
class TableOutput:
    name: str
    # Output values in priority order (PRIORITY / OUTPUT ORDER), as FEEL values.
    priorities: list[Any] = field(default_factory=list)
    default: Fn | None = None
    allowed: Test | None = None


@dataclass(slots=True)
class Rule:
    id: str
    tests: list[Test]
    test_texts: list[str]
    outputs: list[Fn]
    output_texts: list[str]
    legal: str | None = None
    explanation: dict[str, str] = field(default_factory=dict)
    annotations: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class DecisionTable:
    hit_policy: str
    inputs: list[TableInput]
    outputs: list[TableOutput]
    rules: list[Rule]
    aggregation: str | None = None
    # Name of the decision (or BKM) this table belongs to, for messages and traces.
    owner: str = ""
    single_output_name: str | None = None

    def evaluate(self, env: dict[str, Any], matches: list[RuleMatch] | None = None) -> Any:
        values = [i.fn(env) for i in self.inputs]
        for inp, v in zip(self.inputs, values, strict=True):
            if inp.allowed is not None and v is not None and not inp.allowed(v, env):
                raise EvaluationError(
                    f"decision table {self.owner!r}: input {inp.label!r} value "
                    f"{to_str(v)} is not one of its allowed values"
                )
        hits: list[Rule] = []
        first = self.hit_policy == "FIRST"
        for rule in self.rules:
            for t, v in zip(rule.tests, values, strict=True):
                if not t(v, env):
                    break
            else:
                hits.append(rule)
                if first:
                    break
        results = [self._outputs(rule, env) for rule in hits]
        if matches is not None:
            self._trace(hits, results, values, matches)
        return self._apply(hits, results, env)

    def _outputs(self, rule: Rule, env: dict[str, Any]) -> list[Any]:
        outs = [f(env) for f in rule.outputs]
        for o, v in zip(self.outputs, outs, strict=True):
            if o.allowed is not None and v is not None and not o.allowed(v, env):
                raise EvaluationError(
                    f"decision table {self.owner!r}: rule {rule.id!r} gives output "
                    f"{o.name!r} = {to_str(v)}, which is not one of its allowed values"
                )
        return outs

    def _shape(self, outs: list[Any]) -> Any:
        if len(self.outputs) == 1:
            return outs[0]
        return {o.name: v for o, v in zip(self.outputs, outs, strict=True)}

    def _default(self, env: dict[str, Any]) -> Any:
        outs = [o.default(env) if o.default is not None else None for o in self.outputs]
        if all(o.default is None for o in self.outputs):
            return None
        return self._shape(outs)

    def _apply(  # noqa: C901 - one branch per hit policy
        self, hits: list[Rule], results: list[list[Any]], env: dict[str, Any]
    ) -> Any:
        hp = self.hit_policy
        if hp in ("UNIQUE", "FIRST", "ANY", "PRIORITY"):
            if not hits:
                return self._default(env)
            if hp == "UNIQUE" and len(hits) > 1:
                ids = ", ".join(r.id for r in hits)
                raise EvaluationError(
                    f"decision table {self.owner!r} has hit policy UNIQUE but rules {ids} all match"
                )
            if hp == "ANY":
                for r in results[1:]:
                    if any(equals(a, b) is not True for a, b in zip(r, results[0], strict=True)):
                        ids = ", ".join(r.id for r in hits)
                        raise EvaluationError(
                            f"decision table {self.owner!r} has hit policy ANY but the matching "
                            f"rules {ids} give different outputs"
                        )
            if hp == "PRIORITY":
                return self._shape(min(results, key=self._priority_key))
            return self._shape(results[0])
        if hp == "RULE ORDER":
            return [self._shape(r) for r in results] if hits else self._list_default(env)
        if hp == "OUTPUT ORDER":
            if not hits:
                return self._list_default(env)
            return [self._shape(r) for r in sorted(results, key=self._priority_key)]
        if hp == "COLLECT":
            if self.aggregation is None:
                return [self._shape(r) for r in results] if hits else self._list_default(env)
            if len(self.outputs) > 1:
                # Several outputs: each column is aggregated on its own, giving a context.
                return {
                    o.name: self._aggregate([r[i] for r in results], env)
                    for i, o in enumerate(self.outputs)
                }
            return self._aggregate([r[0] for r in results], env)
        raise EvaluationError(f"unknown hit policy {hp!r}")

    def _list_default(self, env: dict[str, Any]) -> Any:
        d = self._default(env)
        return [] if d is None else d

    def _priority_key(self, outs: list[Any]) -> tuple[int, ...]:
        key = []
        for o, v in zip(self.outputs, outs, strict=True):
            idx = len(o.priorities)
            for i, p in enumerate(o.priorities):
                if equals(p, v) is True:
                    idx = i
                    break
            key.append(idx)
        return tuple(key)

    def _aggregate(self, vals: list[Any], env: dict[str, Any]) -> Any:
        agg = self.aggregation
        if agg == "COUNT":
            return Decimal(len(vals))
        if not vals:
            return self._default(env)
        if agg == "SUM":
            total = Decimal(0)
            for v in vals:
                if type(v) is not Decimal:
                    return None
                total = D128.add(total, v)
            return total
        best = vals[0]
        for v in vals[1:]:
            c = compare(v, best)
            if c is None:
                return None
            if (agg == "MIN" and c < 0) or (agg == "MAX" and c > 0):
                best = v
        return best

    def _trace(
        self,
        hits: list[Rule],
        results: list[list[Any]],
        values: list[Any],
        matches: list[RuleMatch],
    ) -> None:
        read = {i.label: v for i, v in zip(self.inputs, values, strict=True)}
        for rule, outs in zip(hits, results, strict=True):
            matches.append(
                RuleMatch(
                    decision_id=self.owner,
                    rule_id=rule.id,
                    inputs=dict(read),
                    outputs={o.name: v for o, v in zip(self.outputs, outs, strict=True)},
                    legal=rule.legal,
                    explanation=dict(rule.explanation),
                )
            )


TableFn = Callable[[dict[str, Any], list[RuleMatch] | None], Any]
