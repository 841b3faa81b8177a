"""Numeric built-ins (DMN 1.5 §10.3.4.5) on DECIMAL128 numbers."""

from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any

from .builtins import builtin
from .values import D128


def _num(*xs: Any) -> bool:
    return all(type(x) is Decimal for x in xs)


def _scale(n: Any, scale: Any, rounding: str) -> Any:
    if not _num(n):
        return None
    if scale is None:
        scale = Decimal(0)
    if not _num(scale) or scale != scale.to_integral_value() or not -6111 <= scale <= 6176:
        return None
    q = Decimal(1).scaleb(-int(scale))
    return n.quantize(q, rounding=rounding, context=decimal.Context(prec=10000))


@builtin("decimal", "n, scale")
def _decimal(n: Any, scale: Any) -> Any:
    if scale is None:
        return None
    return _scale(n, scale, decimal.ROUND_HALF_EVEN)


@builtin("floor", "n, scale", min_args=1)
def _floor(n: Any, scale: Any = None) -> Any:
    return _scale(n, scale, decimal.ROUND_FLOOR)


@builtin("ceiling", "n, scale", min_args=1)
def _ceiling(n: Any, scale: Any = None) -> Any:
    return _scale(n, scale, decimal.ROUND_CEILING)


@builtin("round up", "n, scale", min_args=1)
def _round_up(n: Any, scale: Any = None) -> Any:
    return _scale(n, scale, decimal.ROUND_UP)


@builtin("round down", "n, scale", min_args=1)
def _round_down(n: Any, scale: Any = None) -> Any:
    return _scale(n, scale, decimal.ROUND_DOWN)


@builtin("round half up", "n, scale", min_args=1)
def _round_half_up(n: Any, scale: Any = None) -> Any:
    return _scale(n, scale, decimal.ROUND_HALF_UP)


@builtin("round half down", "n, scale", min_args=1)
def _round_half_down(n: Any, scale: Any = None) -> Any:
    return _scale(n, scale, decimal.ROUND_HALF_DOWN)


@builtin("abs", "n")
def _abs(n: Any) -> Any:
    import datetime as dt

    from .values import YMDuration

    if _num(n):
        return abs(n)
    if type(n) is dt.timedelta:
        return abs(n)
    if type(n) is YMDuration:
        return YMDuration(abs(n.months))
    return None


@builtin("modulo", "dividend, divisor")
def _modulo(a: Any, b: Any) -> Any:
    if not _num(a, b) or not b:
        return None
    # FEEL: dividend - divisor * floor(dividend / divisor); the sign follows the divisor.
    q = D128.divide(a, b).to_integral_value(rounding=decimal.ROUND_FLOOR)
    return D128.subtract(a, D128.multiply(b, q))


@builtin("sqrt", "number")
def _sqrt(n: Any) -> Any:
    if not _num(n) or n < 0:
        return None
    return D128.sqrt(n)


@builtin("log", "number")
def _log(n: Any) -> Any:
    if not _num(n) or n <= 0:
        return None
    return D128.ln(n)


@builtin("exp", "number")
def _exp(n: Any) -> Any:
    return D128.exp(n) if _num(n) else None


@builtin("odd", "number")
def _odd(n: Any) -> Any:
    if not _num(n) or n != n.to_integral_value():
        return None
    return int(n) % 2 == 1


@builtin("even", "number")
def _even(n: Any) -> Any:
    if not _num(n) or n != n.to_integral_value():
        return None
    return int(n) % 2 == 0
