"""Load a decision model from the native ``rules.yaml`` format (see docs/rules-reference.md).

The YAML is composed into nodes (not constructed into Python objects) so every error can
point at the file, line and column where the offending key or expression was written.
"""

from __future__ import annotations

import functools
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from .errors import ModelError
from .feel.compiler import compile_expr
from .feel.names import free_names
from .feel.parser import build_trie
from .feel.temporal import parse_date
from .model import RENEWS, Decision, InputData, Literal, Model, Parameter, ParameterValue
from .yaml_nodes import _IDENT, _PLACEHOLDER, LANGS, Map  # noqa: F401
from .yaml_tables import TablesMixin

INPUT_TYPES = ("number", "string", "boolean", "date")


class _Loader(TablesMixin):
    def load(self, text: str) -> Model:
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as e:
            mark = e.problem_mark or e.context_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            raise ModelError(f"YAML syntax: {e.problem or e}", self.source, line, col) from None
        if root is None:
            raise ModelError("the file is empty", self.source, 1, 1)
        top_keys = (
            "id",
            "title",
            "description",
            "version",
            "inputs",
            "parameters",
            "decisions",
            "top",
            "reasons",
            "provisions",
        )
        m = self.mapping(root, "the model", top_keys)
        model_id = self.scalar(self.req(m, "id", root, "the model"), "id")
        title = self.texts(self.req(m, "title", root, "the model"), "title")
        inputs = self.inputs(m["inputs"][1]) if "inputs" in m else {}
        self.groups = self.reason_groups(m["reasons"][1]) if "reasons" in m else []
        provisions: dict[str, dict[str, str]] = {}
        if "provisions" in m:
            for pid, (_k, pn) in self.mapping(m["provisions"][1], "provisions").items():
                provisions[pid] = self.texts(pn, f"provision {pid!r}")
        params = self.parameters(m["parameters"][1]) if "parameters" in m else {}
        dnode = self.req(m, "decisions", root, "the model")
        dnodes = self.seq(dnode, "decisions")
        if not dnodes:
            raise self.error(dnode, "decisions must not be empty")
        self.all_decisions = set()
        for d in dnodes:
            dm = self.mapping(d, "a decision")
            if "id" in dm:
                self.all_decisions.add(self.scalar(dm["id"][1], "id"))
        names = list(inputs) + list(params) + sorted(self.all_decisions)
        self.trie = build_trie(names)
        known = set(inputs) | set(params)
        decisions: dict[str, Decision] = {}
        for d in dnodes:
            dec = self.decision(d, known, set(inputs) | set(params) | self.all_decisions)
            if dec.id in decisions or dec.id in inputs or dec.id in params:
                raise self.error(d, f"the name {dec.id!r} is already used")
            decisions[dec.id] = dec
            known.add(dec.id)
        top = list(decisions)[-1]
        if "top" in m:
            top = self.scalar(m["top"][1], "top")
            if top not in decisions:
                raise self.error(m["top"][1], f"top names an unknown decision {top!r}")
        used: list[str] = []
        for dec in decisions.values():
            for n in dec.requires:
                if n in params and n not in used:
                    used.append(n)
        model = Model(model_id, title, inputs, params, decisions, {}, top, self.source, used)
        model.reason_groups = self.groups
        model.provisions = provisions
        return model

    def reason_groups(self, node: yaml.Node) -> list[tuple[str, dict[str, str]]]:
        out: list[tuple[str, dict[str, str]]] = []
        for g in self.seq(node, "reasons"):
            gm = self.mapping(g, "a group of reasons", ("id", "title"))
            gid = self.scalar(self.req(gm, "id", g, "a group of reasons"), "id")
            out.append((gid, self.texts(self.req(gm, "title", g, f"reasons {gid!r}"), "title")))
        return out

    def inputs(self, node: yaml.Node) -> dict[str, InputData]:
        out: dict[str, InputData] = {}
        for name, (k, v) in self.mapping(node, "inputs").items():
            if not _IDENT.match(name):
                raise self.error(k, f"input name {name!r} must be letters, digits and _")
            im = self.mapping(v, f"input {name!r}", ("type", "label", "unit", "values"))
            tnode = self.req(im, "type", v, f"input {name!r}")
            typ = self.scalar(tnode, "type")
            if typ not in INPUT_TYPES:
                raise self.error(
                    tnode,
                    f"input {name!r} has unknown type {typ!r}; use one of {', '.join(INPUT_TYPES)}",
                )
            label = self.texts(self.req(im, "label", v, f"input {name!r}"), f"input {name!r} label")
            unit = self.scalar(im["unit"][1], "unit") if "unit" in im else None
            vlabels: dict[str, dict[str, str]] = {}
            if "values" in im:
                for code, (_, ln) in self.mapping(im["values"][1], "values").items():
                    vlabels[code] = self.texts(ln, f"label of value {code!r}")
            out[name] = InputData(name, typ, label, unit, vlabels)
        return out

    def parameters(self, node: yaml.Node) -> dict[str, Parameter]:
        out: dict[str, Parameter] = {}
        for name, (k, v) in self.mapping(node, "parameters").items():
            if not _IDENT.match(name):
                raise self.error(k, f"parameter name {name!r} must be letters, digits and _")
            what = f"parameter {name!r}"
            pm = self.mapping(v, what, ("description", "unit", "values", "renews", "missing"))
            desc = self.texts(self.req(pm, "description", v, what), f"{what} description")
            unit = self.scalar(pm["unit"][1], "unit") if "unit" in pm else None
            vnode = self.req(pm, "values", v, what)
            values = [self.param_value(x, what) for x in self.seq(vnode, f"{what} values")]
            if not values:
                raise self.error(vnode, f"{what} needs at least one value")
            values.sort(key=lambda pv: pv[0].valid_from)
            for (a, _), (b, bn) in zip(values, values[1:], strict=False):
                if a.valid_from == b.valid_from:
                    raise self.error(bn, f"{what} has two values from {a.valid_from.isoformat()}")
            renews = self.renews(pm)
            missing = self.texts(pm["missing"][1], f"{what} missing") if "missing" in pm else {}
            out[name] = Parameter(name, desc, unit, [pv for pv, _ in values], renews, missing)
        return out

    def renews(self, pm: Map) -> str | None:
        if "renews" not in pm:
            return None
        node = pm["renews"][1]
        text = self.scalar(node, "renews")
        if text not in RENEWS:
            raise self.error(node, f"renews must be one of: {', '.join(RENEWS)}")
        return text

    def param_value(self, node: yaml.Node, what: str) -> tuple[ParameterValue, yaml.Node]:
        keys = ("from", "value", "reference", "url", "example", "note", "until")
        m = self.mapping(node, f"a value of {what}", keys)
        fnode = self.req(m, "from", node, f"a value of {what}")
        valid_from = parse_date(self.scalar(fnode, "from"))
        if valid_from is None:
            raise self.error(fnode, f"bad date {fnode.value!r} in {what}; write YYYY-MM-DD")
        vnode = self.req(m, "value", node, f"a value of {what}")
        if isinstance(vnode, yaml.SequenceNode):
            value: Any = [self.number(x, what) for x in vnode.value]
        else:
            value = self.number(vnode, what)
        ref = self.scalar(self.req(m, "reference", node, f"a value of {what}"), "reference")
        url = self.scalar(m["url"][1], "url") if "url" in m else None
        example = False
        if "example" in m:
            ex = self.scalar(m["example"][1], "example")
            if ex not in ("true", "false"):
                raise self.error(m["example"][1], "example must be true or false")
            example = ex == "true"
        until = None
        if "until" in m:
            until = parse_date(self.scalar(m["until"][1], "until"))
            if until is None or until < valid_from:
                raise self.error(m["until"][1], f"until in {what} must be a date on or after from")
        note = self.scalar(m["note"][1], "note") if "note" in m else None
        return ParameterValue(valid_from, value, ref, url, example, until, note), node

    def number(self, node: yaml.Node, what: str) -> Decimal:
        text = self.scalar(node, f"value of {what}").replace("_", "")
        try:
            return Decimal(text)
        except InvalidOperation:
            raise self.error(node, f"value of {what} must be a number, got {text!r}") from None

    def decision(self, node: yaml.Node, known: set[str], every: set[str]) -> Decision:
        keys = ("id", "title", "expression", "table", "legal", "explain", "unit", "reason")
        m = self.mapping(node, "a decision", keys)
        did = self.scalar(self.req(m, "id", node, "a decision"), "id")
        if not _IDENT.match(did):
            raise self.error(m["id"][1], f"decision id {did!r} must be letters, digits and _")
        what = f"decision {did!r}"
        title = self.texts(self.req(m, "title", node, what), f"{what} title")
        legal = self.scalar(m["legal"][1], "legal") if "legal" in m else None
        explanation = self.explain(m["explain"][1], what, every) if "explain" in m else {}
        unit = self.scalar(m["unit"][1], "unit") if "unit" in m else None
        reason = self.scalar(m["reason"][1], "reason") if "reason" in m else None
        if reason is not None and reason not in {g for g, _ in getattr(self, "groups", [])}:
            raise self.error(m["reason"][1], f"{what} names an unknown group of reasons {reason!r}")
        if ("expression" in m) == ("table" in m):
            raise self.error(node, f"{what} needs exactly one of 'expression' or 'table'")
        requires: list[str] = []
        if "expression" in m:
            text, ast = self.expr(m["expression"][1], f"{what} expression", known)
            requires = free_names(ast)
            expression: Any = Literal(text, compile_expr(ast))
        else:
            expression, requires = self.table(m["table"][1], did, known, every)
        return Decision(did, title, expression, requires, legal, explanation, unit, reason=reason)

    def explain(self, node: yaml.Node, what: str, every: set[str]) -> dict[str, str]:
        texts = self.texts(node, f"{what} explanation")
        for text in texts.values():
            for ph in _PLACEHOLDER.findall(text):
                ph = ph.split("|", 1)[0]  # {n|person|personer}: a number and a plural word
                if ph not in every:
                    raise self.error(node, f"{what} explanation names unknown value {{{ph}}}")
        return texts


def load_model_text(text: str, source: str = "<rules.yaml>") -> Model:
    """Load a model from rules.yaml text; ``source`` names it in error messages.

    The same text from the same source gives the same model, kept (a model is not changed
    after loading; an overlay makes a new one), so a definition read again costs nothing."""
    return _load_cached(text, source)


@functools.lru_cache(maxsize=64)
def _load_cached(text: str, source: str) -> Model:
    try:
        return _Loader(source).load(text)
    except RecursionError:
        raise ModelError("an expression is nested too deeply", source, 1, 1) from None


def load_model(path: str | Path) -> Model:
    """Load a model from a rules.yaml file or a DMN XML file (``.dmn``/``.xml``)."""
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    if p.suffix.lower() in (".dmn", ".xml"):
        from .dmn_import import load_dmn_text

        return load_dmn_text(text, str(p))
    return load_model_text(text, str(p))
