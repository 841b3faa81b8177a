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

from .diagnostics import collect, stop
from .dmn_checks import add_dmn_facts, report_decision
from .dmn_types import NotConforming
from .errors import EvaluationError, ParameterMissing
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
    until: dt.date | None = None  # the last day the value holds, when it is known to end
    note: str | None = None  # how a derived value was worked out


RENEWS = ("yearly",)


@dataclass(slots=True)
class Parameter:
    """A dated parameter. Each value holds from its date until the next value begins, or
    until its own end: an explicit ``until``, or (``renews: yearly``) the 31 December of its
    year, for figures the government sets anew each calendar year (the riksnorm). After the
    end, and before the first value, the parameter has no value: no decision can be made."""

    name: str
    description: dict[str, str]
    unit: str | None
    values: list[ParameterValue]  # sorted by valid_from
    renews: str | None = None  # "yearly": each value holds for its calendar year only
    # What to tell people when a date has no value: sv/en text, "{year}" is the year.
    missing: dict[str, str] = field(default_factory=dict)

    def end_of(self, i: int) -> dt.date | None:
        """The last day value ``i`` holds (None: until further notice)."""
        v = self.values[i]
        ends: list[dt.date] = []
        if i + 1 < len(self.values):
            ends.append(self.values[i + 1].valid_from - dt.timedelta(days=1))
        if v.until is not None:
            ends.append(v.until)
        elif self.renews == "yearly":
            ends.append(dt.date(v.valid_from.year, 12, 31))
        return min(ends) if ends else None

    def covered_until(self) -> dt.date | None:
        """The last day the parameter has a value (None: open-ended)."""
        return self.end_of(len(self.values) - 1)

    def at(self, as_of: dt.date) -> tuple[ParameterValue, dt.date | None]:
        """The value valid on ``as_of`` and the last day it is valid (None if open-ended).

        Raises ParameterMissing when ``as_of`` lies after the value's end (and before any
        next value): a year the rules do not carry."""
        i = bisect.bisect_right([v.valid_from for v in self.values], as_of) - 1
        if i < 0:
            raise ParameterMissing(
                [self.name],
                as_of,
                f"parameter {self.name!r} has no value valid on {as_of.isoformat()}"
                f" (the first value is valid from {self.values[0].valid_from.isoformat()})",
            )
        end = self.end_of(i)
        if end is not None and as_of > end:
            raise ParameterMissing([self.name], as_of)
        return self.values[i], end


class Unavailable:
    """Stands in the environment for a parameter with no value on the evaluation date; an
    evaluation that reads it raises ParameterMissing instead of deciding."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<no value: {self.name}>"


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
    # DMN: names the logic reads that the model never declares (Camunda 7 models let the
    # caller supply them); a problem reported whenever the decision is evaluated.
    undeclared: list[str] = field(default_factory=list)
    problem: str | None = None
    type_ref: str | None = None  # DMN: the declared type (written back on export)
    reason: str | None = None  # the group of the reasons its explanation belongs to


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
    # DMN: evaluation may report errors (see diagnostics.py); YAML models never do.
    reports_errors: bool = False
    # DMN: other models imported by name, evaluated with the facts under that name.
    imports: dict[str, Model] = field(default_factory=dict)
    # Load-time findings that do not stop loading (``digikommun rules check`` prints them).
    warnings: list[str] = field(default_factory=list)
    # How the reasons for a person are grouped: [(group id, {sv, en} title)], in order.
    reason_groups: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    # Provisions a `legal` may name by id, with their sv/en texts.
    provisions: dict[str, dict[str, str]] = field(default_factory=dict)
    _env_cache: dict[dt.date | None, dict[str, Any]] = field(
        default_factory=dict, repr=False, init=False
    )
    _one_cache: dict[Any, Any] = field(default_factory=dict, repr=False, init=False)
    _batch_cache: dict[Any, Any] = field(default_factory=dict, repr=False, init=False)

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
            try:
                env[name] = self.parameters[name].at(as_of)[0].value
            except ParameterMissing:
                env[name] = Unavailable(name)
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
                try:
                    e[p] = c(a) if c else a
                except NotConforming:
                    return None  # DMN 1.5 §10.3.2.9.4: a non-conforming argument
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
        """Evaluate the model (or only ``decisions`` and what they need) for one case.

        Raises ParameterMissing when the case needs a parameter that has no value on
        ``as_of`` (parameters it does not need may be missing)."""
        missing = self.missing_parameters(as_of)
        if not trace and decisions is None and not self.reports_errors:
            # Generated code for the common case; None means "take the ordinary path" (also
            # when the case reads a parameter with no value on the date).
            fast = _evaluate_one(self, facts, as_of)
            if fast is not None:
                return cast(Result, fast)
        if self.reports_errors:
            sink, token = collect()
            try:
                result = self._evaluate(facts, as_of, trace, decisions, missing)
            finally:
                stop(token)
            result.errors = sink
            return result
        return self._evaluate(facts, as_of, trace, decisions, missing)

    def _evaluate(
        self,
        facts: Mapping[str, Any],
        as_of: dt.date | None,
        trace: bool,
        decisions: Sequence[str] | None,
        missing: list[str],
    ) -> Result:
        env = self.fact_env(facts, as_of)
        if self.reports_errors:
            add_dmn_facts(self, env, facts)
        if trace or missing:
            # Record which names are read, so the trace lists only parameters really used
            # (and a missing parameter that is read is known).
            env = RecordingEnv(env)
        order = self.decisions.values() if decisions is None else self._needed(decisions)
        values: dict[str, Any] = {}
        dtraces: list[DecisionTrace] = []
        for d in order:
            matches: list[RuleMatch] | None = [] if trace else None
            if d.problem is not None or d.undeclared:
                report_decision(d, facts)
            try:
                v = d.expression.evaluate(env, matches)
            except RecursionError:
                raise EvaluationError(f"decision {d.id!r}: recursion too deep") from None
            except Exception:
                self._check_missing(env, missing, as_of)
                raise
            if d.coerce is not None:
                v = d.coerce(v)
            env[d.id] = v
            values[d.id] = v
            if trace:
                assert matches is not None
                dtraces.append(
                    DecisionTrace(
                        d.id, d.title, v, matches, d.legal, d.explanation, d.unit, d.reason
                    )
                )
        self._check_missing(env, missing, as_of)
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
            result.reason_groups = self.reason_groups
            result.provisions = self.provisions
        return result

    def missing_parameters(self, as_of: dt.date | None) -> list[str]:
        """The parameters the decisions use that have no value on ``as_of``."""
        if as_of is None or not self.used_parameters:
            return []
        env = self.base_env(as_of)
        return [n for n in self.used_parameters if isinstance(env.get(n), Unavailable)]

    @staticmethod
    def _check_missing(env: Any, missing: list[str], as_of: dt.date | None) -> None:
        if missing:
            read = [n for n in getattr(env, "reads", {}) if n in missing]
            if read:
                raise ParameterMissing(read, as_of)

    def parameters_ending(self, *, on: dt.date, within_days: int = 60) -> dict[str, dt.date]:
        """The parameters whose last period ends before ``on`` + ``within_days``, with that
        end: the rules must be given the next period's values before then."""
        horizon = on + dt.timedelta(days=within_days)
        out: dict[str, dt.date] = {}
        for name in self.used_parameters:
            end = self.parameters[name].covered_until()
            if end is not None and end < horizon:
                out[name] = end
        return out

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
                    pv.note,
                )  # fmt: skip
            )
        legal: list[str] = []
        for d in dtraces:
            refs = [d.legal] + [m.legal for m in d.matched]
            for ref in refs:
                text = self.provisions.get(ref, {}).get("sv", ref) if ref else ref
                if text and text not in legal:
                    legal.append(text)
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
        if self.reports_errors:
            # DMN checks and caller-supplied undeclared names need the ordinary path.
            if isinstance(rows, Mapping):
                rows = [
                    dict(zip(rows, vals, strict=True)) for vals in zip(*rows.values(), strict=True)
                ]
            return [self.evaluate(r, as_of=as_of, trace=False).outputs for r in rows]
        from .batch import evaluate_batch

        # A parameter with no value on the date sends the batch row by row (through the
        # generated code per case), so only a row that reads it fails, as one evaluation would.
        return evaluate_batch(self, rows, as_of=as_of)


def _evaluate_one(model: Model, facts: Mapping[str, Any], as_of: dt.date | None) -> Any:
    global _evaluate_one
    from .batch import evaluate_one  # imported late: batch imports this module

    _evaluate_one = evaluate_one
    return evaluate_one(model, facts, as_of)
