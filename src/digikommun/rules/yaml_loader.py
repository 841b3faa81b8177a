"""Load a decision model from the native ``rules.yaml`` format (see docs/rules-reference.md).

The YAML is composed into nodes (not constructed into Python objects) so every error can
point at the file, line and column where the offending key or expression was written.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from .errors import FeelSyntaxError, ModelError
from .feel import ast as A
from .feel.builtins import BUILTINS
from .feel.compiler import compile_expr, compile_tests
from .feel.names import free_names
from .feel.parser import build_trie, parse_expression, parse_unary_tests
from .feel.temporal import parse_date
from .model import Decision, InputData, Literal, Model, Parameter, ParameterValue
from .tables import HIT_POLICIES, DecisionTable, Rule, TableInput, TableOutput

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
INPUT_TYPES = ("number", "string", "boolean", "date")
LANGS = ("sv", "en")
_BUILTIN_TRIE = build_trie(BUILTINS)

Map = dict[str, tuple[yaml.Node, yaml.Node]]


class _Loader:
    def __init__(self, source: str) -> None:
        self.source = source

    # --- node helpers ------------------------------------------------------------------
    def error(self, node: yaml.Node | None, message: str) -> ModelError:
        if node is None:
            return ModelError(message, self.source, 1, 1)
        m = node.start_mark
        return ModelError(message, self.source, m.line + 1, m.column + 1)

    def mapping(self, node: yaml.Node, what: str, allowed: tuple[str, ...] = ()) -> Map:
        if not isinstance(node, yaml.MappingNode):
            raise self.error(node, f"{what} must be a mapping (key: value)")
        out: Map = {}
        for k, v in node.value:
            key = self.scalar(k, "a key")
            if key in out:
                raise self.error(k, f"duplicate key {key!r} in {what}")
            if allowed and key not in allowed:
                raise self.error(
                    k, f"unknown key {key!r} in {what}; expected one of: {', '.join(allowed)}"
                )
            out[key] = (k, v)
        return out

    def seq(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.error(node, f"{what} must be a list")
        return list(node.value)

    def scalar(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode):
            raise self.error(node, f"{what} must be a single value, not a list or mapping")
        return str(node.value)

    def req(self, m: Map, key: str, parent: yaml.Node, what: str) -> yaml.Node:
        if key not in m:
            raise self.error(parent, f"{what} is missing the required key {key!r}")
        return m[key][1]

    def texts(self, node: yaml.Node, what: str) -> dict[str, str]:
        m = self.mapping(node, what)
        for lang in LANGS:
            if lang not in m:
                raise self.error(node, f"{what} needs a text for {lang!r} (sv and en)")
        return {k: self.scalar(v, f"{what}.{k}") for k, (_, v) in m.items()}

    def feel_text(self, node: yaml.Node, what: str) -> str:
        text = self.scalar(node, what)
        if node.tag == "tag:yaml.org,2002:null" or text in ("~", ""):
            return "null" if isinstance(node, yaml.ScalarNode) and node.style is None else text
        return text

    def syntax_error(self, node: yaml.Node, what: str, e: FeelSyntaxError) -> ModelError:
        line, col = e.line_col
        m = node.start_mark
        style = getattr(node, "style", None)
        if style in ("|", ">"):
            # Block scalars start on the next line, indented.
            err = ModelError(
                f"{what}: {e.message}", self.source, m.line + 1 + line, m.column + 2 + col
            )
        elif line == 1:
            offset = 1 if style in ('"', "'") else 0
            err = ModelError(
                f"{what}: {e.message}", self.source, m.line + 1, m.column + offset + col
            )
        else:
            err = ModelError(f"{what}: {e.message}", self.source, m.line + line, col)
        err.message += f" in {e.expression!r}"
        err.args = (str(err),)
        return err

    # --- FEEL --------------------------------------------------------------------------
    def expr(self, node: yaml.Node, what: str, known: set[str]) -> tuple[str, A.Node]:
        text = self.feel_text(node, what)
        try:
            ast = parse_expression(text, [_BUILTIN_TRIE, self.trie])
        except FeelSyntaxError as e:
            raise self.syntax_error(node, what, e) from None
        self.check_names(node, what, ast, known)
        return text, ast

    def tests(self, node: yaml.Node, what: str, known: set[str]) -> tuple[str, A.UnaryTests]:
        text = self.feel_text(node, what)
        try:
            ast = parse_unary_tests(text, [_BUILTIN_TRIE, self.trie])
        except FeelSyntaxError as e:
            raise self.syntax_error(node, what, e) from None
        self.check_names(node, what, ast, known)
        return text, ast

    def check_names(self, node: yaml.Node, what: str, ast: Any, known: set[str]) -> None:
        for name in free_names(ast):
            if name not in known and name not in BUILTINS:
                later = " (it is defined later; decisions may only use earlier ones)"
                hint = later if name in self.all_decisions else ""
                raise self.error(node, f"{what}: unknown name {name!r}{hint}")

    # --- sections ----------------------------------------------------------------------
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
        )
        m = self.mapping(root, "the model", top_keys)
        model_id = self.scalar(self.req(m, "id", root, "the model"), "id")
        title = self.texts(self.req(m, "title", root, "the model"), "title")
        inputs = self.inputs(m["inputs"][1]) if "inputs" in m else {}
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
        return Model(model_id, title, inputs, params, decisions, {}, top, self.source, used)

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
            pm = self.mapping(v, what, ("description", "unit", "values"))
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
            out[name] = Parameter(name, desc, unit, [pv for pv, _ in values])
        return out

    def param_value(self, node: yaml.Node, what: str) -> tuple[ParameterValue, yaml.Node]:
        keys = ("from", "value", "reference", "url", "example", "note")
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
        return ParameterValue(valid_from, value, ref, url, example), node

    def number(self, node: yaml.Node, what: str) -> Decimal:
        text = self.scalar(node, f"value of {what}").replace("_", "")
        try:
            return Decimal(text)
        except InvalidOperation:
            raise self.error(node, f"value of {what} must be a number, got {text!r}") from None

    def decision(self, node: yaml.Node, known: set[str], every: set[str]) -> Decision:
        keys = ("id", "title", "expression", "table", "legal", "explain", "unit")
        m = self.mapping(node, "a decision", keys)
        did = self.scalar(self.req(m, "id", node, "a decision"), "id")
        if not _IDENT.match(did):
            raise self.error(m["id"][1], f"decision id {did!r} must be letters, digits and _")
        what = f"decision {did!r}"
        title = self.texts(self.req(m, "title", node, what), f"{what} title")
        legal = self.scalar(m["legal"][1], "legal") if "legal" in m else None
        explanation = self.explain(m["explain"][1], what, every) if "explain" in m else {}
        unit = self.scalar(m["unit"][1], "unit") if "unit" in m else None
        if ("expression" in m) == ("table" in m):
            raise self.error(node, f"{what} needs exactly one of 'expression' or 'table'")
        requires: list[str] = []
        if "expression" in m:
            text, ast = self.expr(m["expression"][1], f"{what} expression", known)
            requires = free_names(ast)
            expression: Any = Literal(text, compile_expr(ast))
        else:
            expression, requires = self.table(m["table"][1], did, known, every)
        return Decision(did, title, expression, requires, legal, explanation, unit)

    def explain(self, node: yaml.Node, what: str, every: set[str]) -> dict[str, str]:
        texts = self.texts(node, f"{what} explanation")
        for text in texts.values():
            for ph in _PLACEHOLDER.findall(text):
                if ph not in every:
                    raise self.error(node, f"{what} explanation names unknown value {{{ph}}}")
        return texts

    def table(
        self, node: yaml.Node, did: str, known: set[str], every: set[str]
    ) -> tuple[DecisionTable, list[str]]:
        what = f"decision {did!r} table"
        keys = ("hit_policy", "aggregation", "inputs", "outputs", "rules", "default")
        m = self.mapping(node, what, keys)
        hpnode = self.req(m, "hit_policy", node, what)
        hp = " ".join(self.scalar(hpnode, "hit_policy").upper().replace("_", " ").split())
        agg = None
        if hp.startswith("COLLECT ") and hp[8:] in ("SUM", "MIN", "MAX", "COUNT"):
            hp, agg = "COLLECT", hp[8:]
        if hp not in HIT_POLICIES:
            raise self.error(
                hpnode, f"unknown hit policy {hp!r}; use one of {', '.join(HIT_POLICIES)}"
            )
        if "aggregation" in m:
            agg = self.scalar(m["aggregation"][1], "aggregation").upper()
            if hp != "COLLECT" or agg not in ("SUM", "MIN", "MAX", "COUNT"):
                raise self.error(
                    m["aggregation"][1], "aggregation must be SUM, MIN, MAX or COUNT with COLLECT"
                )
        requires: list[str] = []
        inputs: list[TableInput] = []
        for inode in self.seq(self.req(m, "inputs", node, what), f"{what} inputs"):
            if isinstance(inode, yaml.MappingNode):
                im = self.mapping(inode, "a table input", ("expression", "label"))
                enode = self.req(im, "expression", inode, "a table input")
                text, ast = self.expr(enode, f"{what} input", known)
                label = text
                if "label" in im:
                    label = self.texts(im["label"][1], "input label")["sv"]
            else:
                text, ast = self.expr(inode, f"{what} input", known)
                label = text
            requires += free_names(ast)
            inputs.append(TableInput(text, label, compile_expr(ast)))
        outputs: list[TableOutput] = []
        for onode in self.seq(self.req(m, "outputs", node, what), f"{what} outputs"):
            if isinstance(onode, yaml.MappingNode):
                om = self.mapping(onode, "a table output", ("name", "values"))
                name = self.scalar(self.req(om, "name", onode, "a table output"), "name")
                prio = []
                if "values" in om:
                    for vn in self.seq(om["values"][1], "values"):
                        _, vast = self.expr(vn, f"{what} output value", known)
                        prio.append(compile_expr(vast)({}))
                outputs.append(TableOutput(name, prio))
            else:
                outputs.append(TableOutput(self.scalar(onode, "output name")))
        if not outputs:
            raise self.error(node, f"{what} needs at least one output")
        if "default" in m:
            self.defaults(m["default"][1], outputs, what, known, requires)
        rules: list[Rule] = []
        ids: set[str] = set()
        for rnode in self.seq(self.req(m, "rules", node, what), f"{what} rules"):
            rule = self.rule(rnode, inputs, outputs, what, known, every, requires)
            if rule.id in ids:
                raise self.error(rnode, f"{what} has two rules with id {rule.id!r}")
            ids.add(rule.id)
            rules.append(rule)
        seen: set[str] = set()
        requires = [n for n in requires if not (n in seen or seen.add(n))]  # type: ignore[func-returns-value]
        return DecisionTable(hp, inputs, outputs, rules, agg, did), requires

    def defaults(
        self,
        node: yaml.Node,
        outputs: list[TableOutput],
        what: str,
        known: set[str],
        req: list[str],
    ) -> None:
        if isinstance(node, yaml.MappingNode):
            dm = self.mapping(node, f"{what} default", tuple(o.name for o in outputs))
            for o in outputs:
                if o.name in dm:
                    _, ast = self.expr(dm[o.name][1], f"{what} default", known)
                    req += free_names(ast)
                    o.default = compile_expr(ast)
        elif len(outputs) == 1:
            _, ast = self.expr(node, f"{what} default", known)
            req += free_names(ast)
            outputs[0].default = compile_expr(ast)
        else:
            raise self.error(node, f"{what} default must name each output (output: value)")

    def rule(
        self,
        node: yaml.Node,
        inputs: list[TableInput],
        outputs: list[TableOutput],
        what: str,
        known: set[str],
        every: set[str],
        requires: list[str],
    ) -> Rule:
        m = self.mapping(node, "a rule", ("id", "when", "then", "legal", "explain", "note"))
        rid = self.scalar(self.req(m, "id", node, "a rule"), "id")
        rwhat = f"{what} rule {rid!r}"
        wnode = self.req(m, "when", node, rwhat)
        cells = self.seq(wnode, f"{rwhat} when")
        if len(cells) != len(inputs):
            raise self.error(
                wnode,
                f"{rwhat} has {len(cells)} input cells but the table has {len(inputs)} inputs",
            )
        tests, test_texts = [], []
        for c in cells:
            text, ast = self.tests(c, f"{rwhat} input cell", known)
            requires += free_names(ast)
            tests.append(compile_tests(ast))
            test_texts.append(text)
        tnode = self.req(m, "then", node, rwhat)
        if isinstance(tnode, yaml.SequenceNode):
            ocells = list(tnode.value)
        elif isinstance(tnode, yaml.MappingNode):
            om = self.mapping(tnode, f"{rwhat} then", tuple(o.name for o in outputs))
            missing = [o.name for o in outputs if o.name not in om]
            if missing:
                raise self.error(tnode, f"{rwhat} then is missing output(s) {', '.join(missing)}")
            ocells = [om[o.name][1] for o in outputs]
        else:
            ocells = [tnode]
        if len(ocells) != len(outputs):
            raise self.error(
                tnode,
                f"{rwhat} has {len(ocells)} output cells but the table has {len(outputs)} outputs",
            )
        outs, out_texts = [], []
        for c in ocells:
            text, ast = self.expr(c, f"{rwhat} output cell", known)
            requires += free_names(ast)
            outs.append(compile_expr(ast))
            out_texts.append(text)
        legal = self.scalar(m["legal"][1], "legal") if "legal" in m else None
        expl = (
            self.explain(m["explain"][1], rwhat, every | {o.name for o in outputs})
            if "explain" in m
            else {}
        )
        return Rule(rid, tests, test_texts, outs, out_texts, legal, expl)


def load_model_text(text: str, source: str = "<rules.yaml>") -> Model:
    """Load a model from rules.yaml text; ``source`` names it in error messages."""
    return _Loader(source).load(text)


def load_model(path: str | Path) -> Model:
    """Load a model from a rules.yaml file or a DMN XML file (``.dmn``/``.xml``)."""
    p = Path(path)
    text = p.read_text(encoding="utf-8")
    if p.suffix.lower() in (".dmn", ".xml"):
        from .dmn_import import load_dmn_text

        return load_dmn_text(text, str(p))
    return load_model_text(text, str(p))
