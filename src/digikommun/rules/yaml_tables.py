"""Decision tables in rules.yaml: hit policy, inputs, outputs, default and rules."""

from __future__ import annotations

import yaml

from .feel.compiler import compile_expr, compile_tests
from .feel.names import free_names
from .tables import HIT_POLICIES, DecisionTable, Rule, TableInput, TableOutput
from .yaml_nodes import YamlReader


class TablesMixin(YamlReader):
    def explain(self, node: yaml.Node, what: str, every: set[str]) -> dict[str, str]:
        raise NotImplementedError

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
            text, out_ast = self.expr(c, f"{rwhat} output cell", known)
            requires += free_names(out_ast)
            outs.append(compile_expr(out_ast))
            out_texts.append(text)
        legal = self.scalar(m["legal"][1], "legal") if "legal" in m else None
        expl = (
            self.explain(m["explain"][1], rwhat, every | {o.name for o in outputs})
            if "explain" in m
            else {}
        )
        return Rule(rid, tests, test_texts, outs, out_texts, legal, expl)
