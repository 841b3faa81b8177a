"""Import DMN XML (DMN 1.1 to 1.5) into the same internal model as rules.yaml.

Handles item definitions, input data, decisions with any boxed expression (literal
expression, decision table, context, invocation, relation, list, function definition,
conditional), business knowledge models and decision services.  Element names are matched
by local name, so every DMN namespace version is read the same way.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from .dmn_boxed import BoxedCompiler
from .dmn_imports import imported_names, load_imports
from .dmn_types import ItemType, TypeRegistry
from .errors import ModelError
from .feel.builtins import BUILTINS
from .feel.compiler import compile_tests
from .feel.names import free_names
from .feel.parser import build_trie
from .model import Bkm, Decision, InputData, Model
from .tables import DecisionTable

DMN_NAMESPACES = {
    "http://www.omg.org/spec/DMN/20151101/dmn.xsd": "1.1",
    "http://www.omg.org/spec/DMN/20180521/MODEL/": "1.2",
    "https://www.omg.org/spec/DMN/20191111/MODEL/": "1.3",
    "https://www.omg.org/spec/DMN/20211108/MODEL/": "1.4",
    "https://www.omg.org/spec/DMN/20230324/MODEL/": "1.5",
}


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if local(c.tag) == name]


def child(el: ET.Element, name: str) -> ET.Element | None:
    for c in el:
        if local(c.tag) == name:
            return c
    return None


def text_of(el: ET.Element | None, name: str = "text") -> str | None:
    if el is None:
        return None
    t = child(el, name)
    return None if t is None else (t.text or "")


def href_id(el: ET.Element) -> str:
    return el.get("href", "").split("#")[-1]


class DmnLoader:
    def __init__(self, source: str) -> None:
        self.source = source
        self.types = TypeRegistry()
        self.used: dict[str, list[str]] = {}  # decision -> names its logic reads
        self.warnings: list[str] = []  # what ``digikommun rules check`` prints

    def error(self, message: str) -> ModelError:
        return ModelError(message, self.source, 1, 1)

    def load(self, text: str, seen: tuple[str, ...] = ()) -> Model:
        try:
            root = ET.fromstring(text)
        except ET.ParseError as e:
            line, col = e.position
            raise ModelError(f"XML: {e}", self.source, line, col + 1) from None
        if local(root.tag) != "definitions":
            raise self.error("not a DMN file: the root element must be <definitions>")
        ns = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
        if ns not in DMN_NAMESPACES:
            raise self.error(f"unknown DMN namespace {ns!r}")
        self.by_id = {el.get("id"): el for el in root.iter() if el.get("id")}
        _refuse_pmml(self, root)
        imports = load_imports(self, root, (*seen, root.get("namespace", "")))
        for idef in children(root, "itemDefinition"):
            t = self.item_type(idef)
            self.types.types[t.name] = t

        names: list[str] = list(imports)
        for kind in ("inputData", "decision", "businessKnowledgeModel", "decisionService"):
            names += [el.get("name", "") for el in children(root, kind)]
        declared = set(names)
        for sub in imports.values():
            names += imported_names(sub)
        self.boxed = BoxedCompiler(self, build_trie(names))

        inputs: dict[str, InputData] = {}
        for el in children(root, "inputData"):
            var = child(el, "variable")
            type_ref = (var.get("typeRef") if var is not None else None) or el.get("typeRef")
            name = el.get("name", "")
            inputs[name] = InputData(
                name, type_ref or "Any", {"en": name, "sv": name},
                coerce=self._coercer(type_ref),
            )  # fmt: skip
        bkms: dict[str, Bkm] = {}
        for el in children(root, "businessKnowledgeModel"):
            bkm = self.bkm(el)
            bkms[bkm.name] = bkm
        decisions = [self.decision(el, set(bkms)) for el in children(root, "decision")]
        ordered = self.order(decisions)
        model = Model(
            id=root.get("name", "dmn"),
            title={"sv": root.get("name", ""), "en": root.get("name", "")},
            inputs=inputs,
            parameters={},
            decisions={d.id: d for d in ordered},
            bkms=bkms,
            top=ordered[-1].id if ordered else "",
            source=self.source,
        )
        services = children(root, "decisionService")
        if services:
            from .dmn_services import add_decision_services

            add_decision_services(model, services, self)
        model.imports = imports
        for d in model.decisions.values():
            d.undeclared = [
                n for n in self.used.get(d.id, []) if n not in declared and n not in BUILTINS
            ]
        model.warnings = self.warnings
        # Typed values can fail to conform (null plus an error); untyped models without
        # the other findings keep the generated fast path.
        model.reports_errors = bool(
            imports
            or self.types.types
            or any(d.undeclared or d.problem or d.coerce for d in model.decisions.values())
            or any(i.coerce for i in inputs.values())
            or any(b.coerce or any(b.param_coerce) for b in bkms.values())
        )
        return model

    # --- types -------------------------------------------------------------------------
    def item_type(self, el: ET.Element) -> ItemType:
        name = el.get("name", "")
        t = ItemType(name)
        if child(el, "typeRef") is not None:
            t.base = (child(el, "typeRef").text or "").strip()  # type: ignore[union-attr]
        t.collection = el.get("isCollection") == "true"
        av = child(el, "allowedValues")
        if av is not None and text_of(av) is not None:
            t.allowed = compile_tests(self.boxed_tests(text_of(av) or "-"))
        for comp in children(el, "itemComponent"):
            ct = self.item_type(comp)
            t.components[ct.name] = ct
        if child(el, "functionItem") is not None:
            t.function_type = True
            t.base = "function"
        return t

    def boxed_tests(self, text: str) -> Any:
        from .feel.builtins import BUILTINS
        from .feel.parser import parse_unary_tests

        return parse_unary_tests(text, [build_trie(BUILTINS)])

    def _coercer(self, type_ref: str | None) -> Any:
        if not type_ref or type_ref in ("Any",):
            return None
        types = self.types
        return lambda v: types.conform(v, type_ref)

    # --- decisions and BKMs ------------------------------------------------------------
    def bkm(self, el: ET.Element) -> Bkm:
        name = el.get("name", "")
        logic = child(el, "encapsulatedLogic")
        var = child(el, "variable")
        if logic is None:
            return Bkm(name, [], self.boxed.const(None))
        params = [(p.get("name", ""), p.get("typeRef")) for p in children(logic, "formalParameter")]
        body_el = self.boxed.first_expression(logic)
        body = self.boxed.compile(body_el, {p for p, _ in params}, name)
        result_type = logic.get("typeRef") or (var.get("typeRef") if var is not None else None)
        coerce = None
        if result_type and self.types.resolve(result_type) is not None:
            rt = result_type
            if not (self.types.resolve(rt).function_type):  # type: ignore[union-attr]
                coerce = lambda v, rt=rt: self.types.conform(v, rt)  # noqa: E731
        return Bkm(
            name, [p for p, _ in params], body,
            [self.types.argument(t) if t and t != "Any" else None for _, t in params],
            coerce,
        )  # fmt: skip

    def decision(self, el: ET.Element, bkms: set[str]) -> Decision:
        name = el.get("name", "")
        var = child(el, "variable")
        type_ref = var.get("typeRef") if var is not None else None
        expr_el = self.boxed.first_expression(el)
        problem = None
        if expr_el is None:
            # DMN 1.5 §6.3.7: decision logic is optional; evaluating it gives null.
            problem = f"decision {name!r} has no decision logic; its value is null"
        expr = self.boxed.compile(expr_el, set(), name)
        if isinstance(expr, DecisionTable):
            self.warnings += self.boxed.table_warnings(expr, type_ref)
        requires: list[str] = []
        for req in children(el, "informationRequirement"):
            for r in req:
                target = self.by_id.get(href_id(r))
                if target is not None and target.get("name"):
                    requires.append(target.get("name", ""))
        used = self.boxed.names_used.pop(name, [])
        self.used[name] = used
        requires += [n for n in used if n not in requires]
        d = Decision(name, {"sv": name, "en": name}, expr, requires, problem=problem)
        _read_description(d, _desc(el))
        d.coerce = self._coercer(type_ref)
        d.type_ref = type_ref
        return d

    def order(self, decisions: list[Decision]) -> list[Decision]:
        """Topological order: every decision after the decisions it requires."""
        by_name = {d.id: d for d in decisions}
        out: list[Decision] = []
        state: dict[str, int] = {}

        def visit(d: Decision) -> None:
            s = state.get(d.id)
            if s == 2:
                return
            if s == 1:
                raise self.error(f"decision {d.id!r} depends on itself")
            state[d.id] = 1
            for r in d.requires:
                if r in by_name and r != d.id:
                    visit(by_name[r])
            state[d.id] = 2
            out.append(d)

        for d in decisions:
            visit(d)
        return out


_DESC_LINE = re.compile(r"^(title|explain) \((sv|en)\): (.*)$|^(legal|unit): (.*)$")


def _desc(el: ET.Element) -> str:
    d = child(el, "description")
    return (d.text or "") if d is not None else ""


def _read_description(d: Decision, text: str) -> None:
    """Titles, explanations, legal reference and unit as ``rules export`` writes them."""
    for line in text.splitlines():
        m = _DESC_LINE.match(line.strip())
        if m is None:
            continue
        if m.group(1) == "title":
            d.title[m.group(2)] = m.group(3)
        elif m.group(1) == "explain":
            d.explanation[m.group(2)] = m.group(3)
        elif m.group(4) == "legal":
            d.legal = m.group(5)
        else:
            d.unit = m.group(5)


def _refuse_pmml(loader: DmnLoader, root: ET.Element) -> None:
    """PMML (a predictive model invoked as a function) is not supported: say so at load
    rather than let the invocation evaluate to null."""
    for owner in root.iter():
        for el in owner:
            if local(el.tag) in ("functionDefinition", "encapsulatedLogic") and (
                (el.get("kind") or "").upper() == "PMML"
            ):
                raise loader.error(
                    f"{owner.get('name') or owner.get('id') or '?'!r} invokes a PMML model "
                    f'(kind="PMML"); PMML is not supported'
                )


def load_dmn_text(text: str, source: str = "<dmn>") -> Model:
    return DmnLoader(source).load(text)


_ = free_names  # used by dmn_boxed through the loader's names_used
