"""Batch evaluation: many cases at once, outputs of the top decision only, no trace.

Used to replay a year of cases or simulate a rule change.  The model's decisions are
translated to the source of one Python function that loops over the input columns (see
``batch_codegen``), so a row costs a handful of native comparisons instead of closure
calls and dict look-ups.  Anything the generator does not handle falls back to the
ordinary evaluation of that decision, so results are always those of ``Model.evaluate``.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from .errors import EvaluationError
from .feel.values import D128, to_feel
from .model import coerce_fact
from .trace import Result

if TYPE_CHECKING:
    from .model import Model

# Integers this small add and multiply exactly in 34 digits, so plain ints give the same
# results as DECIMAL128 for the + - * of a decision model (products of two such values
# stay below 10**30).
INT_LIMIT = 10**15


def _columns(
    model: Model, rows: Sequence[Mapping[str, Any]] | Mapping[str, Sequence[Any]]
) -> tuple[dict[str, list[Any]], int]:
    names = list(model.inputs)
    if isinstance(rows, Mapping):
        cols = {n: list(rows.get(n) or ()) for n in names}
        lengths = {len(rows[n]) for n in rows}
        if len(lengths) > 1:
            raise EvaluationError("batch columns have different lengths")
        n = lengths.pop() if lengths else 0
        for name in names:
            if not cols[name]:
                cols[name] = [None] * n
        return cols, n
    n = len(rows)
    return {name: [r.get(name) for r in rows] for name in names}, n


def _prepare(model: Model, cols: dict[str, list[Any]]) -> dict[str, tuple[list[Any], str]]:
    """Coerce each column to FEEL values and classify it: num, int, bool, str or any."""
    out: dict[str, tuple[list[Any], str]] = {}
    for name, values in cols.items():
        inp = model.inputs[name]
        if inp.coerce is not None or inp.allowed is not None:
            raise _Unsupported("input with a DMN type or allowed values")
        if inp.type == "number" and all(type(v) is int for v in values):
            if all(-INT_LIMIT < v < INT_LIMIT for v in values):
                out[name] = (values, "int")
                continue
        if inp.type == "boolean" and all(type(v) is bool for v in values):
            out[name] = (values, "bool")
            continue
        if inp.type == "string" and all(type(v) is str for v in values):
            out[name] = (values, "str")
            continue
        conv = [coerce_fact(inp, v) for v in values]
        if all(type(v) is Decimal for v in conv):
            out[name] = (conv, "num")
        else:
            out[name] = (conv, "any")
    return out


class _Unsupported(Exception):
    """The generator cannot translate this model; use the ordinary evaluation."""


def evaluate_batch(
    model: Model,
    rows: Sequence[Mapping[str, Any]] | Mapping[str, Sequence[Any]],
    *,
    as_of: dt.date | None,
) -> list[dict[str, Any]]:
    cols, n = _columns(model, rows)
    if n == 0:
        return []
    try:
        prepared = _prepare(model, cols)
        fn = _compiled(model, as_of, {k: kind for k, (_, kind) in prepared.items()})
    except _Unsupported:
        fn = None
    if fn is not None:
        try:
            columns = [prepared[name][0] for name in model.inputs]
            if fn.needs_context:
                with decimal.localcontext(D128):
                    return cast(list[dict[str, Any]], fn(*columns))
            return cast(list[dict[str, Any]], fn(*columns))
        except _RowError:
            pass  # a row the generated code cannot decide alone: fall through
        except ArithmeticError:
            pass
    return _slow(model, cols, n, as_of)


class _RowError(Exception):
    """Raised by generated code for a row that needs the ordinary evaluation."""


def _slow(
    model: Model, cols: dict[str, list[Any]], n: int, as_of: dt.date | None
) -> list[dict[str, Any]]:
    names = list(cols)
    out = []
    for i in range(n):
        facts = {k: cols[k][i] for k in names}
        out.append(model.evaluate(facts, as_of=as_of, trace=False).outputs)
    return out


_KIND_OF_TYPE = {int: "int", Decimal: "num", bool: "bool", str: "str"}
_DECLARED = {"int": "number", "num": "number", "bool": "boolean", "str": "string"}


def evaluate_one(model: Model, facts: Mapping[str, Any], as_of: dt.date | None) -> Any:
    """``Model.evaluate(..., trace=False)`` through generated code, or None to go the long way.

    Facts must already have their declared Python types (no conversion, no nulls); anything
    else, and any case the generated code cannot decide alone, takes the ordinary path.
    """
    primary = model._one_cache.get(as_of)
    if primary is not None:
        try:
            if primary.needs_context:
                with decimal.localcontext(D128):
                    outputs, vals = primary(facts)
            else:
                outputs, vals = primary(facts)
            return Result(outputs, vals, None, model.id, as_of)
        except _Mismatch:
            pass  # facts of other types than the first call's: look for another version
        except (_RowError, ArithmeticError):
            return None
    values = tuple(map(facts.get, model.inputs))
    key = (as_of, *map(type, values))
    fn = model._one_cache.get(key)
    if fn is None:
        fn = _build_one(model, as_of, key[1:])
        if len(model._one_cache) > 256:
            model._one_cache.clear()
        model._one_cache[key] = fn
        if primary is None and fn is not False:
            model._one_cache[as_of] = fn
    if fn is False:
        return None
    try:
        if fn.needs_context:
            with decimal.localcontext(D128):
                outputs, vals = fn(facts)
        else:
            outputs, vals = fn(facts)
    except (_RowError, _Mismatch, ArithmeticError):
        return None
    return Result(outputs, vals, None, model.id, as_of)


class _Mismatch(Exception):
    """The facts' types differ from those the generated function was made for."""


def _build_one(model: Model, as_of: dt.date | None, types: tuple[Any, ...]) -> Any:
    from .batch_codegen import generate

    kinds = {}
    for (name, inp), t in zip(model.inputs.items(), types, strict=True):
        if inp.coerce or inp.allowed:
            return False
        if t is type(None):
            kinds[name] = "null"
            continue
        kind = _KIND_OF_TYPE.get(t)
        if kind is None or _DECLARED[kind] != inp.type:
            return False
        kinds[name] = kind
    env = model.base_env(as_of)
    try:
        return generate(model, env, kinds, _RowError, _Unsupported, single=True, mismatch=_Mismatch)
    except _Unsupported:
        return False


def _compiled(model: Model, as_of: dt.date | None, kinds: dict[str, str]) -> Any:
    from .batch_codegen import generate

    cache = model._batch_cache
    key = (as_of, tuple(sorted(kinds.items())))
    fn = cache.get(key)
    if fn is None:
        env = model.base_env(as_of)
        fn = generate(model, env, kinds, _RowError, _Unsupported)
        if len(cache) > 64:
            cache.clear()
        cache[key] = fn
    return fn


_ = to_feel
