"""What an evaluation returns: the outcome, every decision's value, and the trace.

The trace is what a caseworker sees and what the decision letter explains: every rule
that matched with the facts it read, its legal reference and explanation templates, and
every dated parameter used with its source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .provenance import FactSource


class _Empty(Mapping[str, Any]):
    """A shared, read-only empty mapping: a result without trace is created per case in
    tight loops, so it should not pay for three empty dicts."""

    __slots__ = ()

    def __getitem__(self, key: str) -> Any:
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __hash__(self) -> int:
        return 0

    def __repr__(self) -> str:
        return "{}"


_EMPTY: Mapping[str, Any] = _Empty()


@dataclass(slots=True)
class RuleMatch:
    decision_id: str
    rule_id: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    legal: str | None = None
    explanation: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class DecisionTrace:
    id: str
    title: dict[str, str]
    value: Any
    matched: list[RuleMatch] = field(default_factory=list)
    legal: str | None = None
    explanation: dict[str, str] = field(default_factory=dict)
    unit: str | None = None
    reason: str | None = None  # the group of the reasons (rules.yaml `reasons:`)


@dataclass(slots=True)
class ParameterUse:
    name: str
    value: Any
    valid_from: dt.date
    valid_to: dt.date | None
    source: str
    url: str | None
    description: dict[str, str] = field(default_factory=dict)
    unit: str | None = None
    example: bool = False
    note: str | None = None  # how a derived value was worked out


@dataclass(slots=True)
class Trace:
    decisions: list[DecisionTrace] = field(default_factory=list)
    parameters: list[ParameterUse] = field(default_factory=list)
    legal_references: list[str] = field(default_factory=list)
    # Where the facts came from (a register or the applicant), given by the platform.
    fact_sources: list[FactSource] = field(default_factory=list)


@dataclass(slots=True)
class Result:
    """``outputs`` are the top decision's outputs; ``values`` every decision's value."""

    outputs: dict[str, Any]
    values: dict[str, Any]
    trace: Trace | None
    model_id: str = ""
    as_of: dt.date | None = None
    # Filled when evaluated with trace: the facts as read, and the units and value labels
    # explanations need to format values without the model at hand.
    facts: Mapping[str, Any] = _EMPTY
    units: Mapping[str, str] = _EMPTY
    labels: Mapping[str, Mapping[str, Mapping[str, str]]] = _EMPTY
    # Errors met on the way (DMN: null plus an error): an invalid value, an undeclared
    # name.  A case whose evaluation has any goes to a caseworker.
    errors: Sequence[str] = ()
    reason_groups: Sequence[tuple[str, Mapping[str, str]]] = ()
    provisions: Mapping[str, Mapping[str, str]] = _EMPTY
