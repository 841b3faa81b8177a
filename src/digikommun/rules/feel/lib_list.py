"""List built-ins (DMN 1.5 §10.3.4.4)."""

from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any

from .builtins import builtin, invoke
from .values import D128, FeelFunction, compare, equals


def _items(args: tuple[Any, ...]) -> list[Any] | None:
    if len(args) == 1 and type(args[0]) is list:
        return args[0]
    if len(args) == 0:
        return None
    return list(args)


def _nums(xs: list[Any] | None) -> bool:
    return xs is not None and all(type(x) is Decimal for x in xs)


def _extreme(args: tuple[Any, ...], sign: int) -> Any:
    xs = _items(args)
    if not xs:
        return None
    best = xs[0]
    for x in xs[1:]:
        c = compare(x, best)
        if c is None:
            return None
        if c == sign:
            best = x
    if len(xs) == 1 and compare(best, best) is None:
        return None
    return best


@builtin("min", "list", variadic=True)
def _min(*args: Any) -> Any:
    return _extreme(args, -1)


@builtin("max", "list", variadic=True)
def _max(*args: Any) -> Any:
    return _extreme(args, 1)


@builtin("sum", "list", variadic=True)
def _sum(*args: Any) -> Any:
    xs = _items(args)
    if not _nums(xs) or not xs:
        return None
    total = Decimal(0)
    for x in xs:
        total = D128.add(total, x)
    return total


@builtin("product", "list", variadic=True)
def _product(*args: Any) -> Any:
    xs = _items(args)
    if not _nums(xs) or not xs:
        return None
    total = Decimal(1)
    for x in xs:
        total = D128.multiply(total, x)
    return total


@builtin("mean", "list", variadic=True)
def _mean(*args: Any) -> Any:
    xs = _items(args)
    s = _sum(*args)
    return None if s is None or not xs else D128.divide(s, Decimal(len(xs)))


@builtin("median", "list", variadic=True)
def _median(*args: Any) -> Any:
    xs = _items(args)
    if not _nums(xs) or not xs:
        return None
    s = sorted(xs)
    n = len(s)
    if n % 2:
        return s[n // 2]
    return D128.divide(D128.add(s[n // 2 - 1], s[n // 2]), Decimal(2))


@builtin("stddev", "list", variadic=True)
def _stddev(*args: Any) -> Any:
    xs = _items(args)
    if not _nums(xs) or not xs or len(xs) < 2:
        return None
    m = _mean(*args)
    var = sum((D128.power(D128.subtract(x, m), 2) for x in xs), Decimal(0))
    return D128.sqrt(D128.divide(var, Decimal(len(xs) - 1)))


@builtin("mode", "list", variadic=True)
def _mode(*args: Any) -> Any:
    xs = _items(args)
    if xs is None or not _nums(xs):
        return None
    counts: dict[Decimal, int] = {}
    for x in xs:
        counts[x] = counts.get(x, 0) + 1
    if not counts:
        return []
    top = max(counts.values())
    return sorted(k for k, c in counts.items() if c == top)


@builtin("count", "list")
def _count(xs: Any) -> Any:
    return Decimal(len(xs)) if type(xs) is list else None


def _bools(args: tuple[Any, ...]) -> list[Any] | None:
    if len(args) == 1 and type(args[0]) is list:
        return args[0]
    if len(args) == 1 and type(args[0]) is bool:
        return [args[0]]
    if len(args) == 0:
        return None
    return list(args)


@builtin("all", "list", variadic=True)
def _all(*args: Any) -> Any:
    xs = _bools(args)
    if xs is None or any(type(x) is not bool and x is not None for x in xs):
        return None
    if any(x is False for x in xs):
        return False
    return True if all(x is True for x in xs) else None


@builtin("any", "list", variadic=True)
def _any(*args: Any) -> Any:
    xs = _bools(args)
    if xs is None or any(type(x) is not bool and x is not None for x in xs):
        return None
    if any(x is True for x in xs):
        return True
    return False if all(x is False for x in xs) else None


@builtin("list contains", "list, element")
def _list_contains(xs: Any, el: Any) -> Any:
    if type(xs) is not list:
        return None
    return any(equals(x, el) is True for x in xs)


@builtin("sublist", "list, start position, length", min_args=2)
def _sublist(xs: Any, start: Any, length: Any = None) -> Any:
    if type(xs) is not list or type(start) is not Decimal or start == 0:
        return None
    n = len(xs)
    i = int(start) - 1 if start > 0 else n + int(start)
    if i < 0 or i >= n:
        return None
    if length is None:
        return xs[i:]
    if type(length) is not Decimal or length < 0 or i + int(length) > n:
        return None
    return xs[i : i + int(length)]


@builtin("append", "list, item", variadic=True)
def _append(xs: Any, *items: Any) -> Any:
    return xs + list(items) if type(xs) is list else None


@builtin("concatenate", "list", variadic=True)
def _concatenate(*lists: Any) -> Any:
    out: list[Any] = []
    for x in lists:
        if type(x) is not list:
            return None
        out.extend(x)
    return out


@builtin("insert before", "list, position, newItem")
def _insert_before(xs: Any, pos: Any, item: Any) -> Any:
    if type(xs) is not list or type(pos) is not Decimal or pos == 0:
        return None
    n = len(xs)
    i = int(pos) - 1 if pos > 0 else n + int(pos)
    if i < 0 or i >= n:
        return None
    return xs[:i] + [item] + xs[i:]


@builtin("remove", "list, position")
def _remove(xs: Any, pos: Any) -> Any:
    if type(xs) is not list or type(pos) is not Decimal or pos == 0:
        return None
    n = len(xs)
    i = int(pos) - 1 if pos > 0 else n + int(pos)
    if i < 0 or i >= n:
        return None
    return xs[:i] + xs[i + 1 :]


@builtin("list replace", "list, position, newItem", aliases={"match": "position"})
def _list_replace(xs: Any, pos: Any, item: Any) -> Any:
    """DMN 1.5 §10.3.4.4: replace the item at ``position``, or every item for which
    ``match(item, newItem)`` is true (a non-boolean answer makes the result null)."""
    if type(xs) is not list:
        xs = [xs] if xs is not None else None
    if xs is None:
        return None
    if type(pos) is Decimal:
        n, p = len(xs), int(pos)  # a fractional position is truncated, as the TCK expects
        i = p - 1 if p > 0 else n + p
        if p == 0 or i < 0 or i >= n:
            return None
        return xs[:i] + [item] + xs[i + 1 :]
    if type(pos) is not FeelFunction or len(pos.params) != 2:
        return None
    out = []
    for x in xs:
        r = invoke(pos, [x, item])
        if type(r) is not bool:
            return None
        out.append(item if r else x)
    return out


@builtin("reverse", "list")
def _reverse(xs: Any) -> Any:
    return xs[::-1] if type(xs) is list else None


@builtin("index of", "list, match")
def _index_of(xs: Any, m: Any) -> Any:
    if type(xs) is not list:
        return None
    return [Decimal(i + 1) for i, x in enumerate(xs) if equals(x, m) is True]


def _distinct(xs: list[Any]) -> list[Any]:
    out: list[Any] = []
    for x in xs:
        if not any(equals(x, y) is True for y in out):
            out.append(x)
    return out


@builtin("union", "list", variadic=True)
def _union(*lists: Any) -> Any:
    joined = _concatenate(*lists)
    return None if joined is None else _distinct(joined)


@builtin("distinct values", "list")
def _distinct_values(xs: Any) -> Any:
    return _distinct(xs) if type(xs) is list else None


@builtin("flatten", "list")
def _flatten(xs: Any) -> Any:
    if type(xs) is not list:
        return None
    out: list[Any] = []
    for x in xs:
        out.extend(_flatten(x) if type(x) is list else [x])
    return out


@builtin("sort", "list, precedes", min_args=1)
def _sort(xs: Any, precedes: Any = None) -> Any:
    if type(xs) is not list:
        return None
    if precedes is None:
        for x in xs:
            if compare(x, xs[0]) is None:
                return None
        return sorted(xs, key=functools.cmp_to_key(lambda a, b: compare(a, b) or 0))

    def cmp(a: Any, b: Any) -> int:
        r = invoke(precedes, [a, b])
        if r is True:
            return -1
        if invoke(precedes, [b, a]) is True:
            return 1
        return 0

    return sorted(xs, key=functools.cmp_to_key(cmp))


@builtin("is empty", "list")
def _is_empty(xs: Any) -> Any:
    return len(xs) == 0 if type(xs) is list else None
