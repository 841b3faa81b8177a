"""The internal decision model that both rules.yaml and DMN XML compile to, and its evaluation.

A model is input data (the facts), dated parameters, business knowledge models (functions),
and decisions in an order where each only uses what comes before it.  Evaluating "as of" a
date picks each parameter's value valid on that date.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol, cast

from .errors import EvaluationError
from .feel.compiler import Fn, Test
from .feel.temporal import parse_date, parse_datetime
from .feel.values import FeelFunction, RecordingEnv, to_feel, to_str
from .trace import DecisionTrace, ParameterUse, Result, RuleMatch, Trace


class Expression(Protocol):
    def evaluate(self, env: dict[str, Any], matches: list[RuleMatch] | None = None) -> Any: ...


@dataclass(slots=True)
class Literal:
    text: str
    fn: Fn

    def evaluate(self, env: dict[str, Any], matches: list[RuleMatch] | None = None) -> Any:
        return self.fn(env)


@dataclass(slots=True)
class InputData:
    name: str
    type: str = "Any"  # number | string | boolean | date | Any (or a DMN type name)
    label: dict[str, str] = field(default_factory=dict)
    unit: str | None = None
    # Labels for coded string values, e.g. {"seeking_work": {"sv": "...", "en": "..."}}.
    value_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    allowed: Test | None = None
    # DMN: converts a FEEL value to the declared item definition (or None to leave it).
    coerce: Any = None


@dataclass(slots=True)
class ParameterValue:
    valid_from: dt.date
    value: Any
    reference: str
    url: str | None = None
    example: bool = False


@dataclass(slots=True)
class Parameter:
    name: str
    description: dict[str, str]
    unit: str | None
    values: list[ParameterValue]  # sorted by valid_from

    def at(self, as_of: dt.date) -> tuple[ParameterValue, dt.date | None]:
        """The value valid on ``as_of`` and the last day it is valid (None if open-ended)."""
        i = bisect.bisect_right([v.valid_from for v in self.values], as_of) - 1
        if i < 0:
            raise EvaluationError(
                f"parameter {self.name!r} has no value valid on {as_of.isoformat()}"
                f" (the first value is valid from {self.values[0].valid_from.isoformat()})"
            )
        nxt = self.values[i + 1].valid_from if i + 1 < len(self.values) else None
        return self.values[i], (nxt - dt.timedelta(days=1)) if nxt else None


@dataclass(slots=True)
class Decision:
    id: str
    title: dict[str, str]
    expression: Expression
    requires: list[str] = field(default_factory=list)  # names it reads (facts, decisions, ...)
    legal: str | None = None
    explanation: dict[str, str] = field(default_factory=dict)
    unit: str | None = None
    coerce: Any = None  # DMN: conversion of the result to the decision's typeRef


@dataclass(slots=True)
class Bkm:
    name: str
    params: list[str]
    body: Expression
    param_coerce: list[Any] = field(default_factory=list)
    coerce: Any = None


_BOOL_TEXT = {"true": True, "false": False}


def coerce_fact(inp: InputData, v: Any) -> Any:
    """Bring a fact given as a Python value into the FEEL type the input declares."""
    if v is None:
        return None
    t = inp.type
    try:
        if t == "number":
            if type(v) is Decimal:
                return v
            if isinstance(v, bool):
                raise ValueError
            if isinstance(v, int | float | str):
                return to_feel(v) if not isinstance(v, str) else Decimal(v.strip())
            raise ValueError
        if t == "boolean":
            if isinstance(v, bool):
                return v
            if isinstance(v, str) and v.lower() in _BOOL_TEXT:
                return _BOOL_TEXT[v.lower()]
            raise ValueError
        if t == "string":
            if isinstance(v, str):
                return v
            raise ValueError
        if t == "date":
            if type(v) is dt.date:
                return v
            if isinstance(v, dt.datetime):
                return v.date()
            if isinstance(v, str) and parse_date(v) is not None:
                return parse_date(v)
            raise ValueError
        if t == "date and time" and isinstance(v, str):
            return parse_datetime(v)
    except (ValueError, InvalidOperation):
        raise EvaluationError(f"fact {inp.name!r} must be a {t}, got {v!r}") from None
    return to_feel(v)


@dataclass
class Model:
    id: str
    title: dict[str, str]
    inputs: dict[str, InputData]
    parameters: dict[str, Parameter]
    decisions: dict[str, Decision]  # in evaluation order
    bkms: dict[str, Bkm] = field(default_factory=dict)
    top: str = ""
    source: str = ""
    # Parameter names in the order the decisions first use them.
    used_parameters: list[str] = field(default_factory=list)
    # Other values every evaluation sees (DMN: imported models, constants).
    constants: dict[str, Any] = field(default_factory=dict)
    _env_cache: dict[dt.date | None, dict[str, Any]] = field(default_factory=dict, repr=False)
    _one_cache: dict[Any, Any] = field(default_factory=dict, repr=False)
    _batch_cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    # --- environment -------------------------------------------------------------------
    def base_env(self, as_of: dt.date | None) -> dict[str, Any]:
        """Parameters valid on ``as_of`` and the model's functions; cached per date."""
        env = self._env_cache.get(as_of)
        if env is not None:
            return env
        env = dict(self.constants)
        for name in self.used_parameters:
            if as_of is None:
                raise EvaluationError("an evaluation date (as_of) is needed for parameters")
            env[name] = self.parameters[name].at(as_of)[0].value
        for bkm in self.bkms.values():
            env[bkm.name] = self._bkm_function(bkm, env)
        if len(self._env_cache) > 256:
            self._env_cache.clear()
        self._env_cache[as_of] = env
        return env

    @staticmethod
    def _bkm_function(bkm: Bkm, env: dict[str, Any]) -> FeelFunction:
        def call(*args: Any) -> Any:
            e = dict(env)
            for i, (p, a) in enumerate(zip(bkm.params, args, strict=False)):
                c = bkm.param_coerce[i] if i < len(bkm.param_coerce) else None
                e[p] = c(a) if c else a
            v = bkm.body.evaluate(e, None)
            return bkm.coerce(v) if bkm.coerce else v

        return FeelFunction(bkm.name, list(bkm.params), call)

    def fact_env(self, facts: Mapping[str, Any], as_of: dt.date | None) -> dict[str, Any]:
        env = dict(self.base_env(as_of))
        for name, inp in self.inputs.items():
            v = coerce_fact(inp, facts.get(name))
            if inp.coerce is not None:
                v = inp.coerce(v)
            if inp.allowed is not None and v is not None and not inp.allowed(v, env):
                raise EvaluationError(
                    f"fact {name!r} = {to_str(v)} is not one of the input's allowed values"
                )
            env[name] = v
        return env

    # --- evaluation --------------------------------------------------------------------
    def evaluate(
        self,
        facts: Mapping[str, Any],
        *,
        as_of: dt.date | None = None,
        trace: bool = True,
        decisions: Sequence[str] | None = None,
    ) -> Result:
        """Evaluate the model (or only ``decisions`` and what they need) for one case."""
        if not trace and decisions is None:
            # Generated code for the common case; None means "take the ordinary path".
            fast = _evaluate_one(self, facts, as_of)
            if fast is not None:
                return cast(Result, fast)
        env = self.fact_env(facts, as_of)
        if trace:
            # Record which names are read, so the trace lists only parameters really used.
            env = RecordingEnv(env)
        order = self.decisions.values() if decisions is None else self._needed(decisions)
        values: dict[str, Any] = {}
        dtraces: list[DecisionTrace] = []
        for d in order:
            matches: list[RuleMatch] | None = [] if trace else None
            try:
                v = d.expression.evaluate(env, matches)
            except RecursionError:
                raise EvaluationError(f"decision {d.id!r}: recursion too deep") from None
            if d.coerce is not None:
                v = d.coerce(v)
            env[d.id] = v
            values[d.id] = v
            if trace:
                assert matches is not None
                dtraces.append(
                    DecisionTrace(d.id, d.title, v, matches, d.legal, d.explanation, d.unit)
                )
        top = self.top if decisions is None else decisions[-1]
        tv = values.get(top)
        outputs = dict(tv) if type(tv) is dict else {top: tv}
        result = Result(outputs, values, None, self.id, as_of)
        if trace:
            result.facts = {n: dict.get(env, n) for n in self.inputs}
            reads = env.reads  # type: ignore[attr-defined]
            used = [n for n in reads if n in self.parameters]
            result.trace = self._trace(dtraces, as_of, used)
            result.units = self.units()
            result.labels = self.labels()
        return result

    def _needed(self, names: Sequence[str], stop: set[str] | None = None) -> list[Decision]:
        """The decisions ``names`` need, in evaluation order (not looking past ``stop``)."""
        need: set[str] = set()
        stack = list(names)
        while stack:
            n = stack.pop()
            if n in need or n not in self.decisions:
                continue
            need.add(n)
            if stop is None or n not in stop:
                stack.extend(self.decisions[n].requires)
        return [d for d in self.decisions.values() if d.id in need]

    def _trace(self, dtraces: list[DecisionTrace], as_of: dt.date | None, used: list[str]) -> Trace:
        params: list[ParameterUse] = []
        for name in used:
            p = self.parameters[name]
            assert as_of is not None
            pv, valid_to = p.at(as_of)
            params.append(
                ParameterUse(
                    name,
                    pv.value,
                    pv.valid_from,
                    valid_to,
                    pv.reference,
                    pv.url,
                    p.description,
                    p.unit,
                    pv.example,
                )  # fmt: skip
            )
        legal: list[str] = []
        for d in dtraces:
            refs = [d.legal] + [m.legal for m in d.matched]
            for ref in refs:
                if ref and ref not in legal:
                    legal.append(ref)
        return Trace(dtraces, params, legal)

    def units(self) -> dict[str, str]:
        out = {n: i.unit for n, i in self.inputs.items() if i.unit}
        out.update({n: p.unit for n, p in self.parameters.items() if p.unit})
        out.update({n: d.unit for n, d in self.decisions.items() if d.unit})
        return out

    def labels(self) -> dict[str, dict[str, dict[str, str]]]:
        return {n: i.value_labels for n, i in self.inputs.items() if i.value_labels}

    def evaluate_batch(
        self, rows: Sequence[Mapping[str, Any]] | Mapping[str, Sequence[Any]], *, as_of: dt.date
    ) -> list[dict[str, Any]]:
        """Outputs of the top decision for each row, without trace."""
        from .batch import evaluate_batch

        return evaluate_batch(self, rows, as_of=as_of)


def _evaluate_one(model: Model, facts: Mapping[str, Any], as_of: dt.date | None) -> Any:
    global _evaluate_one
    from .batch import evaluate_one  # imported late: batch imports this module

    _evaluate_one = evaluate_one
    return evaluate_one(model, facts, as_of)
