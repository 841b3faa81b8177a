"""Checks on DMN models written elsewhere, at load and at evaluation.

Camunda 7 models (its ``dinnerDecisions`` example) read names no ``<inputData>`` declares
and let the caller supply them.  Such a name stays allowed, but it must not quietly be
null: ``digikommun rules check`` lists it, and an evaluation where the caller did not
supply it reports an error beside the null.  The same goes for a literal outside its
column's or type's allowed values, and a decision without logic.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .diagnostics import report
from .errors import FeelSyntaxError
from .feel import ast as A
from .feel.compiler import Test, constant_value
from .feel.parser import parse_expression
from .feel.values import to_feel, to_str_inner
from .tables import DecisionTable

if TYPE_CHECKING:
    from .model import Decision, Model


def add_dmn_facts(model: Model, env: dict[str, Any], facts: Mapping[str, Any]) -> None:
    """Caller-supplied values of undeclared names, and each imported model's values."""
    for d in model.decisions.values():
        for n in d.undeclared:
            if n not in env:
                env[n] = to_feel(facts[n]) if n in facts else None
    if model.imports:
        from .dmn_imports import import_context

        for name, sub in model.imports.items():
            env[name] = import_context(sub, facts.get(name))


def report_decision(d: Decision, facts: Mapping[str, Any]) -> None:
    if d.problem is not None:
        report(d.problem)
    for n in d.undeclared:
        if n not in facts:
            report(
                f"decision {d.id!r} reads {n!r}, which the model does not declare and the "
                f"case does not supply; it was taken as null"
            )


def model_warnings(model: Model) -> list[str]:
    """What ``digikommun rules check`` prints: names no input declares, decisions without
    logic, literal table cells outside their allowed values."""
    out = []
    for d in model.decisions.values():
        for n in d.undeclared:
            out.append(
                f"decision {d.id!r} reads {n!r}, which no input declares: the caller must "
                f"supply it, or the decision sees null and reports an error"
            )
        if d.problem:
            out.append(d.problem)
    return out + list(model.warnings)


def check_table_constants(
    table: DecisionTable,
    input_allowed: list[Test | None],
    output_allowed: list[Test | None],
) -> list[str]:
    """Literal cells a table can never use: an output outside the output's allowed values
    (its outputValues or its type's), or an input test on a value outside inputValues."""
    out: list[str] = []
    for rule in table.rules:
        for text, allowed, o in zip(rule.output_texts, output_allowed, table.outputs, strict=False):
            bad = _bad_constant(text, allowed)
            if bad is not None:
                out.append(
                    f"decision table {table.owner!r}: rule {rule.id!r} gives {o.name!r} = "
                    f"{bad}, which is not one of its allowed values"
                )
        for text, allowed, i in zip(rule.test_texts, input_allowed, table.inputs, strict=False):
            for part in _simple_values(text):
                bad = _bad_constant(part, allowed)
                if bad is not None:
                    out.append(
                        f"decision table {table.owner!r}: rule {rule.id!r} tests "
                        f"{i.label!r} against {bad}, which is not one of its allowed values"
                    )
    return out


def _simple_values(text: str) -> list[str]:
    """The plain literals of a unary-test cell such as ``"a","b"`` (nothing else)."""
    t = text.strip()
    if t in ("", "-") or t.startswith("not("):
        return []
    return [p.strip() for p in t.split(",")] if '"' in t else [t]


def _bad_constant(text: str, allowed: Test | None) -> str | None:
    if allowed is None:
        return None
    try:
        node = parse_expression(text)
    except FeelSyntaxError:
        return None
    ok, v = constant_value(node)
    if not ok or v is None:
        return None
    try:
        return None if allowed(v, {}) else to_str_inner(v)
    except Exception:  # noqa: BLE001 - a check that cannot decide says nothing
        return None


def bind_item_types(node: Any, types: Any) -> Any:
    """The expression with each ``instance of tName`` naming an item definition bound to
    that definition's test (FEEL alone knows only its own types)."""
    if isinstance(node, tuple):
        return tuple(bind_item_types(x, types) for x in node)
    if not hasattr(node, "__dataclass_fields__"):
        return node
    if isinstance(node, A.TypeRef):
        t = types.types.get(node.name)
        if t is not None and not node.args and not node.fields:
            return dataclasses.replace(node, item=lambda v, t=t: types.is_instance(v, t))
    changes = {}
    for f in dataclasses.fields(node):
        v = getattr(node, f.name)
        b = bind_item_types(v, types)
        if b is not v:
            changes[f.name] = b
    return dataclasses.replace(node, **changes) if changes else node
