"""Run-time helpers for generated batch code: FEEL semantics for values of unknown kind.

Generated code uses native operators where it knows both operands are non-null numbers or
strings; everywhere else it calls these, which accept the ints that stand in for whole
numbers and otherwise behave exactly like the FEEL operators.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .feel.compiler import _CMP
from .feel.ops import ARITH, and3, neg, or3
from .feel.values import Range, compare, equals


def _N(v: Any) -> Any:
    return Decimal(v) if type(v) is int else v


def _op(name: str) -> Any:
    f = ARITH[name]
    return lambda a, b: f(_N(a), _N(b))


def _tc(x: Any, o: Any, op: str) -> bool:
    c = compare(_N(x), _N(o))
    return c is not None and _CMP[op](c)


def _cmpv(a: Any, b: Any, op: str) -> Any:
    c = compare(_N(a), _N(b))
    return None if c is None else _CMP[op](c)


def _eq(a: Any, b: Any) -> Any:
    return equals(_N(a), _N(b))


def _ne(a: Any, b: Any) -> Any:
    r = equals(_N(a), _N(b))
    return None if r is None else not r


def _rng(x: Any, s: Any, e: Any, si: bool, ei: bool) -> bool:
    return Range(_N(s), _N(e), si, ei).contains(_N(x)) is True


def _uexpr(x: Any, v: Any) -> bool:
    x, v = _N(x), _N(v)
    if equals(x, v) is True:
        return True
    if type(v) is list:
        # A list may hold ranges and comparisons too: ``5 in [[1..3], > 4]``.
        return any(equals(x, i) is True or (type(i) is Range and i.contains(x) is True) for i in v)
    if type(v) is Range:
        return v.contains(x) is True
    return v is True and type(x) is not bool


def _idx(xs: Any, i: Any) -> Any:
    if type(xs) is not list or type(i) not in (int, Decimal) or i != int(i):
        return None
    i = int(i)
    if 0 < i <= len(xs):
        return xs[i - 1]
    if i < 0 and -i <= len(xs):
        return xs[i]
    return None


def _filt1(xs: Any, probe: Any) -> Any:
    """``list[c]`` where ``c`` does not read the item: an index, or a test true for every
    item or for none (FEEL §10.3.2.5, as ``feel.iteration.filter_fn``)."""
    if xs is None:
        return None
    if type(xs) is not list:
        xs = [xs]
    if type(probe) in (int, Decimal):
        return _idx(xs, probe) if probe == int(probe) else None
    return [_N(x) for x in xs] if probe is True else []


HELPERS = {
    "_N": _N, "_add": _op("+"), "_sub": _op("-"), "_mul": _op("*"), "_div": _op("/"),
    "_pow": _op("**"), "_neg": lambda a: neg(_N(a)), "_tc": _tc, "_cmpv": _cmpv, "_eq": _eq,
    "_ne": _ne, "_rng": _rng, "_uexpr": _uexpr, "_idx": _idx, "_filt1": _filt1, "_and": and3, "_or": or3,
    "Decimal": Decimal,
}  # fmt: skip
