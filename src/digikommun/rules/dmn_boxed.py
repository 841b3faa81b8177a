"""Compile DMN boxed expressions (the XML of a decision's logic) to evaluable objects."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .dmn_boxed_iter import FilterExpr, ForExpr, QuantifiedExpr
from .dmn_checks import bind_item_types, check_table_constants
from .errors import FeelSyntaxError, ModelError
from .feel import ast as A
from .feel.builtins import BUILTINS, invoke
from .feel.compiler import compile_expr, compile_tests
from .feel.names import free_names
from .feel.parser import Trie, build_trie, parse_expression, parse_unary_tests
from .feel.values import FeelFunction, scope
from .model import Literal
from .tables import AGGREGATIONS, HIT_POLICIES, DecisionTable, Rule, TableInput, TableOutput
from .trace import RuleMatch

if TYPE_CHECKING:
    from .dmn_import import DmnLoader

EXPRESSION_KINDS = (
    "literalExpression", "decisionTable", "context", "invocation", "relation", "list",
    "functionDefinition", "conditional", "filter", "for", "every", "some",
)  # fmt: skip
_BUILTIN_TRIE = build_trie(BUILTINS)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(el: ET.Element, name: str) -> ET.Element | None:
    for c in el:
        if _local(c.tag) == name:
            return c
    return None


def _children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if _local(c.tag) == name]


@dataclass(slots=True)
class Const:
    value: Any

    def evaluate(self, env: dict[str, Any], matches: list[RuleMatch] | None = None) -> Any:
        return self.value


@dataclass(slots=True)
class ContextExpr:
    entries: list[tuple[str, Any, Any]]  # name, expression, coerce
    result: Any

    def evaluate(self, env: dict[str, Any], matches: list[RuleMatch] | None = None) -> Any:
        e = scope(env)
        out: dict[str, Any] = {}
        for name, ex, coerce in self.entries:
            v = ex.evaluate(e, matches)
            if coerce is not None:
                v = coerce(v)
            out[name] = v
            e[name] = v
        return self.result.evaluate(e, matches) if self.result is not None else out


@dataclass(slots=True)
class InvocationExpr:
    func: Any
    bindings: list[tuple[str, Any]]

    def evaluate(self, env: dict[str, Any], matches: list[RuleMatch] | None = None) -> Any:
        f = self.func.evaluate(env, matches)
        named = {k: ex.evaluate(env, matches) for k, ex in self.bindings}
        return invoke(f, None, named)


@dataclass(slots=True)
class ListExpr:
    items: list[Any]

    def evaluate(self, env: dict[str, Any], matches: list[RuleMatch] | None = None) -> Any:
        return [i.evaluate(env, matches) for i in self.items]


@dataclass(slots=True)
class RelationExpr:
    columns: list[str]
    rows: list[list[Any]]

    def evaluate(self, env: dict[str, Any], matches: list[RuleMatch] | None = None) -> Any:
        return [
            {c: cell.evaluate(env, matches) for c, cell in zip(self.columns, row, strict=True)}
            for row in self.rows
        ]


@dataclass(slots=True)
class FunctionExpr:
    params: list[str]
    body: Any

    def evaluate(self, env: dict[str, Any], matches: list[RuleMatch] | None = None) -> Any:
        body, params = self.body, self.params

        def call(*args: Any) -> Any:
            e = scope(env)
            e.update(zip(params, args, strict=False))
            return body.evaluate(e, None)

        return FeelFunction("function", params, call)


@dataclass(slots=True)
class ConditionalExpr:
    cond: Any
    then: Any
    else_: Any

    def evaluate(self, env: dict[str, Any], matches: list[RuleMatch] | None = None) -> Any:
        c = self.cond.evaluate(env, matches)
        if c is True:
            return self.then.evaluate(env, matches)
        if c is False or c is None:
            return self.else_.evaluate(env, matches)
        return None  # a condition that is not a boolean (the TCK's boxed conditional)


class BoxedCompiler:
    def __init__(self, loader: DmnLoader, trie: Trie) -> None:
        self.loader = loader
        self.trie = trie
        self.names_used: dict[str, list[str]] = {}
        self.output_tests: dict[int, list[Any]] = {}

    def const(self, v: Any) -> Const:
        return Const(v)

    def first_expression(self, el: ET.Element) -> ET.Element | None:
        for c in el:
            if _local(c.tag) in EXPRESSION_KINDS:
                return c
        return None

    def _tries(self, local_names: set[str]) -> list[Trie]:
        return [_BUILTIN_TRIE, self.trie, build_trie(local_names)]

    def _note(self, owner: str, node: Any, local_names: set[str]) -> None:
        used = self.names_used.setdefault(owner, [])
        used += [n for n in free_names(node) if n not in used and n not in local_names]

    def feel(self, text: str, local_names: set[str], owner: str) -> A.Node:
        try:
            node = parse_expression(text, self._tries(local_names))
        except FeelSyntaxError as e:
            raise ModelError(
                f"{owner!r}: {e.message} in {text!r}", self.loader.source, 1, 1
            ) from None
        self._note(owner, node, local_names)
        if "instance" in text:
            node = bind_item_types(node, self.loader.types)
        return node

    def tests(self, text: str, local_names: set[str], owner: str) -> A.UnaryTests:
        try:
            node = parse_unary_tests(text, self._tries(local_names))
        except FeelSyntaxError as e:
            raise ModelError(
                f"{owner!r}: {e.message} in {text!r}", self.loader.source, 1, 1
            ) from None
        self._note(owner, node, local_names)
        return node

    def compile(self, el: ET.Element | None, local_names: set[str], owner: str) -> Any:  # noqa: C901
        if el is None:
            return Const(None)
        kind = _local(el.tag)
        if kind == "literalExpression":
            t = _child(el, "text")
            text = (t.text or "") if t is not None else ""
            if not text.strip():
                return Const(None)
            return Literal(text, compile_expr(self.feel(text, local_names, owner)))
        if kind == "decisionTable":
            return self.table(el, local_names, owner)
        if kind == "context":
            entries: list[tuple[str, Any, Any]] = []
            result = None
            names = set(local_names)
            for ce in _children(el, "contextEntry"):
                var = _child(ce, "variable")
                ex = self.compile(self.first_expression(ce), names, owner)
                if var is None:
                    result = ex
                else:
                    n = var.get("name", "")
                    tr = var.get("typeRef")
                    co = (lambda v, tr=tr: self.loader.types.conform(v, tr)) if tr else None
                    entries.append((n, ex, co))
                    names.add(n)
            return ContextExpr(entries, result)
        if kind == "invocation":
            func = self.compile(self.first_expression(el), local_names, owner)
            binds = []
            for b in _children(el, "binding"):
                p = _child(b, "parameter")
                binds.append(
                    (p.get("name", "") if p is not None else "",
                     self.compile(self.first_expression(b), local_names, owner))
                )  # fmt: skip
            return InvocationExpr(func, binds)
        if kind == "list":
            return ListExpr(
                [
                    self.compile(c, local_names, owner)
                    for c in el
                    if _local(c.tag) in EXPRESSION_KINDS
                ]
            )
        if kind == "relation":
            cols = [c.get("name", "") for c in _children(el, "column")]
            rows = []
            for r in _children(el, "row"):
                rows.append(
                    [
                        self.compile(c, local_names, owner)
                        for c in r
                        if _local(c.tag) in EXPRESSION_KINDS
                    ]
                )
            return RelationExpr(cols, rows)
        if kind == "functionDefinition":
            params = [p.get("name", "") for p in _children(el, "formalParameter")]
            body = self.compile(self.first_expression(el), local_names | set(params), owner)
            return FunctionExpr(params, body)
        if kind == "conditional":
            parts = []
            for part in ("if", "then", "else"):
                pe = _child(el, part)
                parts.append(
                    self.compile(
                        self.first_expression(pe) if pe is not None else None, local_names, owner
                    )
                )
            return ConditionalExpr(*parts)
        if kind in ("for", "some", "every", "filter"):
            return self.iterator(el, kind, local_names, owner)
        raise ModelError(
            f"{owner!r}: unsupported boxed expression <{kind}>", self.loader.source, 1, 1
        )

    def iterator(self, el: ET.Element, kind: str, local_names: set[str], owner: str) -> Any:
        def part(name: str, names: set[str]) -> Any:
            pe = _child(el, name)
            return self.compile(self.first_expression(pe) if pe is not None else None, names, owner)

        source = part("in", local_names)
        if kind == "filter":
            return FilterExpr(source, part("match", local_names | {"item"}))
        var = el.get("iteratorVariable", "")
        inner = local_names | {var, "partial"}
        if kind == "for":
            return ForExpr(var, source, part("return", inner))
        return QuantifiedExpr(kind == "every", var, source, part("satisfies", inner))

    def table(self, el: ET.Element, local_names: set[str], owner: str) -> DecisionTable:
        hp = (el.get("hitPolicy") or "UNIQUE").upper()
        agg = el.get("aggregation")
        if hp not in HIT_POLICIES or agg not in AGGREGATIONS:
            raise ModelError(
                f"{owner!r}: unknown hit policy {hp} {agg or ''}", self.loader.source, 1, 1
            )
        inputs: list[TableInput] = []
        for inp in _children(el, "input"):
            ie = _child(inp, "inputExpression")
            text = ""
            if ie is not None and _child(ie, "text") is not None:
                text = _child(ie, "text").text or ""  # type: ignore[union-attr]
            fn = (
                compile_expr(self.feel(text, local_names, owner))
                if text.strip()
                else (lambda e: None)
            )
            allowed = None
            iv = _child(inp, "inputValues")
            iv_text = _child(iv, "text") if iv is not None else None
            if iv_text is not None:
                allowed = compile_tests(self.tests(iv_text.text or "-", local_names, owner))
            inputs.append(TableInput(text, inp.get("label") or text, fn, allowed))
        outputs: list[TableOutput] = []
        out_tests: list[Any] = []
        out_els = _children(el, "output")
        for o in out_els:
            name = o.get("name") or (owner if len(out_els) == 1 else o.get("label", "")) or ""
            prio: list[Any] = []
            ov = _child(o, "outputValues")
            ot = self.loader.types.resolve(o.get("typeRef"))
            out_tests.append(ot.allowed if ot is not None else None)
            if ov is not None and _child(ov, "text") is not None:
                ut = self.tests(_child(ov, "text").text or "-", local_names, owner)  # type: ignore[union-attr]
                out_tests[-1] = compile_tests(ut)
                for t in ut.tests:
                    if isinstance(t, A.UExpr):
                        prio.append(compile_expr(t.expr)({}))
            default = None
            de = _child(o, "defaultOutputEntry")
            de_text = _child(de, "text") if de is not None else None
            if de_text is not None:
                default = compile_expr(self.feel(de_text.text or "null", local_names, owner))
            outputs.append(TableOutput(name, prio, default))
        rules: list[Rule] = []
        columns = [a.get("name", "") for a in _children(el, "annotation")]
        for i, r in enumerate(_children(el, "rule")):
            tests, ttexts, outs, otexts = [], [], [], []
            for ie in _children(r, "inputEntry"):
                text = (_child(ie, "text").text if _child(ie, "text") is not None else "-") or "-"  # type: ignore[union-attr]
                tests.append(compile_tests(self.tests(text, local_names, owner)))
                ttexts.append(text)
            for oe in _children(r, "outputEntry"):
                oe_text = _child(oe, "text")
                text = (oe_text.text if oe_text is not None else "null") or "null"
                outs.append(compile_expr(self.feel(text, local_names, owner)))
                otexts.append(text)
            if len(tests) != len(inputs) or len(outs) != len(outputs):
                raise ModelError(
                    f"{owner!r}: rule {i + 1} has the wrong number of entries",
                    self.loader.source,
                    1,
                    1,
                )
            # An annotationEntry belongs to the table's annotation column at its position.
            notes = {
                (columns[k] if k < len(columns) else a.get("name", "")): (
                    _child(a, "text").text or ""  # type: ignore[union-attr]
                )
                for k, a in enumerate(_children(r, "annotationEntry"))
                if _child(a, "text") is not None
            }
            # Annotations written by ``digikommun rules export`` come back as what they were.
            explanation = {
                lang: notes[f"explain ({lang})"]
                for lang in ("sv", "en")
                if notes.get(f"explain ({lang})")
            }
            rules.append(
                Rule(
                    r.get("id") or str(i + 1), tests, ttexts, outs, otexts,
                    notes.get("legal") or None, explanation, annotations=notes,
                )
            )  # fmt: skip
        table = DecisionTable(hp, inputs, outputs, rules, agg, owner)
        self.output_tests[id(table)] = out_tests
        return table

    def table_warnings(self, table: DecisionTable, type_ref: str | None) -> list[str]:
        """Literal cells outside their allowed values (for ``digikommun rules check``)."""
        out_tests = list(self.output_tests.get(id(table), []))
        if len(out_tests) == 1 and out_tests[0] is None:
            t = self.loader.types.resolve(type_ref)
            out_tests[0] = t.allowed if t is not None else None
        return check_table_constants(table, [i.allowed for i in table.inputs], out_tests)
