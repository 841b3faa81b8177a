"""What an evaluation returns: the outcome, every decision's value, and the trace.

The trace is what a caseworker sees and what the decision letter explains: every rule
that matched with the facts it read, its legal reference and explanation templates, and
every dated parameter used with its source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


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


@dataclass(slots=True)
class Trace:
    decisions: list[DecisionTrace] = field(default_factory=list)
    parameters: list[ParameterUse] = field(default_factory=list)
    legal_references: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Result:
    """``outputs`` are the top decision's outputs; ``values`` every decision's value."""

    outputs: dict[str, Any]
    values: dict[str, Any]
    trace: Trace | None
    model_id: str = ""
    as_of: dt.date | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    # Units and labels so explanations can format values without the model at hand.
    units: dict[str, str] = field(default_factory=dict)
    labels: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
