"""Invocation of FEEL functions and the registry of built-in functions.

The built-ins themselves live in ``lib_*`` modules, grouped as in DMN 1.5 §10.3.4
(conversion, boolean, string, list, numeric, date/time, range, context).  A built-in that
gets arguments it cannot handle returns null, as FEEL requires, instead of raising.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import RulesError
from .values import FeelFunction

BUILTINS: dict[str, FeelFunction] = {}

_MISSING = object()


def builtin(
    name: str,
    params: str = "",
    *,
    variadic: bool = False,
    min_args: int | None = None,
    aliases: dict[str, str] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a built-in; ``params`` are its parameter names, comma-separated."""
    names = [p.strip() for p in params.split(",") if p.strip()]

    def deco(fn: Callable[..., Any]) -> Callable[..., Any]:
        BUILTINS[name] = FeelFunction(
            name, names, fn, variadic=variadic, min_args=min_args, aliases=aliases
        )
        return fn

    return deco


def invoke(f: Any, args: list[Any] | None, named: dict[str, Any] | None = None) -> Any:
    """Call a FEEL function value; a wrong call (or a non-function) gives null."""
    if type(f) is not FeelFunction:
        return None
    params = f.params
    if named is not None:
        if f.aliases:
            named = {f.aliases.get(k, k): v for k, v in named.items()}
        if any(k not in params for k in named):
            return None
        vals = [named.get(p, _MISSING) for p in params]
        while vals and vals[-1] is _MISSING:
            vals.pop()
        args = [None if v is _MISSING else v for v in vals]
    assert args is not None
    if not f.variadic:
        need = len(params) if f.min_args is None else f.min_args
        if len(args) > len(params) or len(args) < need:
            return None
        if f.min_args is not None and f.min_args < len(args) and None in args[f.min_args :]:
            # An optional argument given as null is not a missing one: ``floor(1.5, null)``
            # is null (DMN 1.5 §10.3.4), while ``floor(1.5)`` is 1.
            if explicit_null(f, args, named):
                return None
    try:
        return f.fn(*args)
    except RulesError:
        raise
    except (TypeError, ValueError, ArithmeticError, AttributeError, KeyError, IndexError):
        return None
    except (OverflowError, RecursionError):
        return None


# Built-ins whose optional scale given as null makes the result null (the TCK's 1101,
# 1102, 1141-1144); for the others a null optional argument means "not given".
_NULL_SCALE = frozenset(
    {"floor", "ceiling", "round up", "round down", "round half up", "round half down"}
)


def explicit_null(f: FeelFunction, args: list[Any], named: dict[str, Any] | None) -> bool:
    if f.name not in _NULL_SCALE:
        return False
    if named is None:
        return True
    return any(named.get(p, _MISSING) is None for p in f.params[f.min_args or 0 :])


def _load() -> None:
    # Importing the libraries registers their functions.
    from . import lib_context, lib_convert, lib_list, lib_numeric, lib_range, lib_string  # noqa: F401


_load()
