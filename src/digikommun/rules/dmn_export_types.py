"""The DMN ``typeRef`` of what an exported model holds: parameter values (from the value),
inputs (from the declared type) and decisions (from the decision table's literal outputs or
the expression's shape).  What cannot be told without evaluating is ``Any``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .errors import FeelSyntaxError
from .feel import ast as A
from .feel.parser import build_trie, parse_expression
from .feel.values import YMDuration
from .model import Literal, Model
from .tables import DecisionTable

INPUT_TYPES = {
    "number": "number",
    "string": "string",
    "boolean": "boolean",
    "date": "date",
    "date and time": "date and time",
    "time": "time",
}
_NUMERIC_FUNCTIONS = {
    "sum", "min", "max", "mean", "median", "count", "abs", "floor", "ceiling", "round up",
    "round down", "round half up", "round half down", "decimal", "number", "modulo", "sqrt",
    "string length", "product", "stddev",
}  # fmt: skip
_BOOLEAN_FUNCTIONS = {"contains", "starts with", "ends with", "matches", "all", "any", "is"}


def value_type(v: Any) -> str:
    """typeRef of a FEEL value; lists become ``<item>List`` (an itemDefinition)."""
    if type(v) is bool:
        return "boolean"
    if type(v) is Decimal:
        return "number"
    if type(v) is str:
        return "string"
    if type(v) is dt.date:
        return "date"
    if type(v) is dt.datetime:
        return "date and time"
    if type(v) is dt.timedelta:
        return "days and time duration"
    if type(v) is YMDuration:
        return "years and months duration"
    if type(v) is list:
        kinds = {value_type(x) for x in v if x is not None}
        return f"{kinds.pop()}List" if len(kinds) == 1 else "Any"
    if type(v) is dict:
        return "context"
    return "Any"


def decision_types(model: Model, known: dict[str, str]) -> dict[str, str | list[str]]:
    """typeRef of every decision, in order (a list of typeRefs for multi-output tables)."""
    names = build_trie([*known, *model.decisions, *model.inputs, *model.parameters])
    out: dict[str, str | list[str]] = {}
    for d in model.decisions.values():
        e = d.expression
        if d.type_ref:
            out[d.id] = d.type_ref
        elif isinstance(e, DecisionTable):
            cols = [
                _common([_text_type(r.output_texts[i], known, names) for r in e.rules])
                for i in range(len(e.outputs))
            ]
            out[d.id] = cols[0] if len(cols) == 1 else cols
        elif isinstance(e, Literal):
            out[d.id] = _text_type(e.text, known, names)
        else:
            out[d.id] = "Any"
        if isinstance(out[d.id], str):
            known[d.id] = out[d.id]  # type: ignore[assignment]
    return out


def _common(types: list[str]) -> str:
    kinds = {t for t in types if t != "Null"}
    return kinds.pop() if len(kinds) == 1 else "Any"


def _text_type(text: str, known: dict[str, str], names: Any) -> str:
    try:
        return _node_type(parse_expression(text, [names]), known)
    except FeelSyntaxError:
        return "Any"


def _node_type(n: Any, known: dict[str, str]) -> str:  # noqa: C901 - one case per node
    match n:
        case A.Num() | A.Neg():
            return "number"
        case A.Str():
            return "string"
        case A.Bool() | A.Compare() | A.And() | A.Or() | A.In() | A.Between() | A.InstanceOf():
            return "boolean"
        case A.Null():
            return "Null"
        case A.Name(name):
            return known.get(name, "Any")
        case A.BinOp(op, a, b):
            ta, tb = _node_type(a, known), _node_type(b, known)
            if op in ("*", "/", "**") or "number" in (ta, tb):
                return "number" if "string" not in (ta, tb) else "Any"
            return ta if ta == tb and ta != "Any" else "Any"
        case A.If(_, then, else_):
            return _common([_node_type(then, known), _node_type(else_, known)])
        case A.Filter(base, cond):
            # ``list[3]`` is an item; ``list[item > 3]`` a list.
            t = _node_type(base, known)
            if t.endswith("List") and _node_type(cond, known) == "number":
                return t.removesuffix("List")
            return "Any"
        case A.Quantified():
            return "boolean"
        case A.Call(A.Name(fn), _, _):
            if fn in _NUMERIC_FUNCTIONS:
                return "number"
            if fn in _BOOLEAN_FUNCTIONS:
                return "boolean"
            return "Any"
    return "Any"
