"""Export a model as DMN 1.3 XML (decision tables and literal expressions), with a simple
diagram (DMNDI) so standard modelling tools open it with its decision requirements graph.

Dated parameters have no DMN counterpart: they are written as decisions holding the value
valid on ``as_of`` (default today), and the value's source goes into the description.
"""

from __future__ import annotations

import datetime as dt
import re
from xml.sax.saxutils import escape, quoteattr

from .errors import EvaluationError
from .feel.values import to_str
from .model import Literal, Model
from .tables import DecisionTable

NS = "https://www.omg.org/spec/DMN/20191111/MODEL/"
NS_DMNDI = "https://www.omg.org/spec/DMN/20191111/DMNDI/"
NS_DC = "http://www.omg.org/spec/DMN/20180521/DC/"
NS_DI = "http://www.omg.org/spec/DMN/20180521/DI/"
_TYPE = {"number": "number", "string": "string", "boolean": "boolean", "date": "date"}


def _id(prefix: str, name: str) -> str:
    return prefix + re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def _text(tag: str, text: str, indent: str) -> str:
    return f"{indent}<{tag}><text>{escape(text)}</text></{tag}>\n"


def export_dmn(model: Model, as_of: dt.date | None = None) -> str:
    as_of = as_of or dt.date.today()
    out: list[str] = []
    w = out.append
    w('<?xml version="1.0" encoding="UTF-8"?>\n')
    w(
        f'<definitions xmlns="{NS}" xmlns:dmndi="{NS_DMNDI}" xmlns:dc="{NS_DC}" '
        f'xmlns:di="{NS_DI}" id={quoteattr(_id("m_", model.id))} name={quoteattr(model.id)} '
        f"namespace={quoteattr('https://digikommun.se/rules/' + model.id)}>\n"
    )
    shapes: list[str] = []
    for name, inp in model.inputs.items():
        w(f"  <inputData id={quoteattr(_id('i_', name))} name={quoteattr(name)}>\n")
        type_ref = _TYPE.get(inp.type, "Any")
        w(f'    <variable name={quoteattr(name)} typeRef="{type_ref}"/>\n')
        w("  </inputData>\n")
        shapes.append(_id("i_", name))
    for name, p in model.parameters.items():
        try:
            pv, _ = p.at(as_of)
        except EvaluationError:
            continue
        w(f"  <decision id={quoteattr(_id('p_', name))} name={quoteattr(name)}>\n")
        desc = (
            f"{p.description.get('en', name)}. Valid from {pv.valid_from}. Source: {pv.reference}"
        )
        w(f"    <description>{escape(desc)}</description>\n")
        w(f"    <variable name={quoteattr(name)}/>\n")
        w(_text("literalExpression", to_str(pv.value), "    "))
        w("  </decision>\n")
        shapes.append(_id("p_", name))
    ids = {n: _id("i_", n) for n in model.inputs}
    ids.update({n: _id("p_", n) for n in model.parameters})
    for d in model.decisions.values():
        did = _id("d_", d.id)
        ids[d.id] = did
        w(f"  <decision id={quoteattr(did)} name={quoteattr(d.id)}>\n")
        if d.title.get("en"):
            w(f"    <description>{escape(d.title['en'])}</description>\n")
        w(f"    <variable name={quoteattr(d.id)}/>\n")
        for r in d.requires:
            if r in model.inputs:
                w(
                    f'    <informationRequirement><requiredInput href="#{ids[r]}"/></informationRequirement>\n'
                )
            elif r in ids:
                w(
                    f'    <informationRequirement><requiredDecision href="#{ids[r]}"/></informationRequirement>\n'
                )
        expr = d.expression
        if isinstance(expr, DecisionTable):
            _table(w, expr, did)
        elif isinstance(expr, Literal):
            w(_text("literalExpression", " ".join(expr.text.split()), "    "))
        w("  </decision>\n")
        shapes.append(did)
    _diagram(w, shapes)
    w("</definitions>\n")
    return "".join(out)


def _table(w: object, t: DecisionTable, did: str) -> None:
    write = w
    agg = f' aggregation="{t.aggregation}"' if t.aggregation else ""
    write(f'    <decisionTable id="{did}_dt" hitPolicy="{t.hit_policy}"{agg}>\n')  # type: ignore[operator]
    for i, inp in enumerate(t.inputs):
        write(f'      <input id="{did}_in{i}" label={quoteattr(inp.label)}>\n')  # type: ignore[operator]
        write(
            f'        <inputExpression id="{did}_ie{i}"><text>{escape(inp.text)}</text></inputExpression>\n'
        )  # type: ignore[operator]
        write("      </input>\n")  # type: ignore[operator]
    for i, o in enumerate(t.outputs):
        name = f" name={quoteattr(o.name)}" if len(t.outputs) > 1 else ""
        write(f'      <output id="{did}_out{i}"{name}>\n')  # type: ignore[operator]
        if o.priorities:
            vals = ", ".join(_feel_literal(v) for v in o.priorities)
            write(f"        <outputValues><text>{escape(vals)}</text></outputValues>\n")  # type: ignore[operator]
        write("      </output>\n")  # type: ignore[operator]
    write('      <annotation name="legal"/>\n      <annotation name="explain (sv)"/>\n')  # type: ignore[operator]
    for j, r in enumerate(t.rules):
        write(f'      <rule id="{did}_r{j}">\n')  # type: ignore[operator]
        write(f"        <description>{escape(r.id)}</description>\n")  # type: ignore[operator]
        for k, text in enumerate(r.test_texts):
            write(
                f'        <inputEntry id="{did}_r{j}_i{k}"><text>{escape(text)}</text></inputEntry>\n'
            )  # type: ignore[operator]
        for k, text in enumerate(r.output_texts):
            write(
                f'        <outputEntry id="{did}_r{j}_o{k}"><text>{escape(text)}</text></outputEntry>\n'
            )  # type: ignore[operator]
        for note in (r.legal or "", r.explanation.get("sv", "")):
            write(f"        <annotationEntry><text>{escape(note)}</text></annotationEntry>\n")  # type: ignore[operator]
        write("      </rule>\n")  # type: ignore[operator]
    write("    </decisionTable>\n")  # type: ignore[operator]


def _feel_literal(v: object) -> str:
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return to_str(v)


def _diagram(w: object, shapes: list[str]) -> None:
    write = w
    write('  <dmndi:DMNDI>\n    <dmndi:DMNDiagram id="diagram">\n')  # type: ignore[operator]
    for i, sid in enumerate(shapes):
        x, y = 40 + (i % 6) * 200, 40 + (i // 6) * 120
        write(  # type: ignore[operator]
            f'      <dmndi:DMNShape id="{sid}_shape" dmnElementRef="{sid}">'
            f'<dc:Bounds x="{x}" y="{y}" width="160" height="80"/></dmndi:DMNShape>\n'
        )
    write("    </dmndi:DMNDiagram>\n  </dmndi:DMNDI>\n")  # type: ignore[operator]
