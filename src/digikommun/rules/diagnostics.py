"""Errors met while evaluating a model that do not stop the evaluation.

DMN asks for null plus an error where a value is invalid (a value outside a type's allowed
values, a name the model never declares, a decision without logic).  Deep inside type
conformance there is no result to write to, so evaluation opens a collector for the
duration of one call and ``report`` appends to it; ``Result.errors`` then lists them and an
automated decision that meets any hands the case to a caseworker.  Outside an evaluation
(loading, the TCK runner's direct BKM calls) ``report`` does nothing.
"""

from __future__ import annotations

from contextvars import ContextVar, Token

_SINK: ContextVar[list[str] | None] = ContextVar("rules_errors", default=None)


def report(message: str) -> None:
    sink = _SINK.get()
    if sink is not None and message not in sink:
        sink.append(message)


def collect() -> tuple[list[str], Token[list[str] | None]]:
    """Start collecting for one evaluation; pass the token to ``stop``."""
    sink: list[str] = []
    return sink, _SINK.set(sink)


def stop(token: Token[list[str] | None]) -> None:
    _SINK.reset(token)
