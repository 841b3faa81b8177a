"""Export a model as DMN 1.3 XML (decision tables and literal expressions), with a simple
diagram (DMNDI) so standard modelling tools open it with its decision requirements graph.

Dated parameters have no DMN counterpart.  With ``as_of`` each becomes a decision holding
the value valid on that date; with ``all_dates`` each becomes a decision table on an extra
input, ``evaluation date``, with one rule per dated value, so the exported model gives the
same result as the original for any date.  Every decision, input and parameter carries a
``typeRef``; titles, legal references and explanations go out in Swedish and English
(rule annotations ``legal``, ``explain (sv)``, ``explain (en)``, which the DMN import reads
back).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from xml.sax.saxutils import escape, quoteattr

from .dmn_export_types import INPUT_TYPES, decision_types, value_type
from .errors import EvaluationError
from .feel.values import to_str
from .model import Literal, Model, Parameter
from .tables import DecisionTable

NS = "https://www.omg.org/spec/DMN/20191111/MODEL/"
NS_DMNDI = "https://www.omg.org/spec/DMN/20191111/DMNDI/"
NS_DC = "http://www.omg.org/spec/DMN/20180521/DC/"
NS_DI = "http://www.omg.org/spec/DMN/20180521/DI/"
EVALUATION_DATE = "evaluation date"
LANGS = ("sv", "en")
Write = Callable[[str], object]


def _id(prefix: str, name: str) -> str:
    return prefix + re.sub(r"[^A-Za-z0-9_.-]", "_", name)


def _text(tag: str, text: str, indent: str) -> str:
    return f"{indent}<{tag}><text>{escape(text)}</text></{tag}>\n"


def _texts(label: str, texts: dict[str, str]) -> list[str]:
    return [f"{label} ({lang}): {texts[lang]}" for lang in LANGS if texts.get(lang)]


def _description(w: Write, lines: list[str], indent: str = "    ") -> None:
    if lines:
        w(f"{indent}<description>{escape(chr(10).join(lines))}</description>\n")


def export_dmn(model: Model, as_of: dt.date | None = None, *, all_dates: bool = False) -> str:
    """DMN XML of ``model``: parameters as valid on ``as_of`` (default today), or with
    ``all_dates`` every dated value, chosen by the input ``evaluation date``."""
    as_of = as_of or dt.date.today()
    out: list[str] = []
    w = out.append
    w('<?xml version="1.0" encoding="UTF-8"?>\n')
    w(
        f'<definitions xmlns="{NS}" xmlns:dmndi="{NS_DMNDI}" xmlns:dc="{NS_DC}" '
        f'xmlns:di="{NS_DI}" id={quoteattr(_id("m_", model.id))} name={quoteattr(model.id)} '
        f"namespace={quoteattr('https://digikommun.se/rules/' + model.id)}>\n"
    )
    _description(w, _texts("title", model.title), "  ")
    body: list[str] = []
    b = body.append
    shapes: list[str] = []
    types: dict[str, str] = {}
    ids: dict[str, str] = {}
    for name, inp in model.inputs.items():
        types[name] = INPUT_TYPES.get(inp.type, "Any")
        ids[name] = _id("i_", name)
        _input(b, name, types[name], _texts("label", inp.label))
    if all_dates and model.parameters:
        ids[EVALUATION_DATE] = _id("i_", EVALUATION_DATE)
        _input(b, EVALUATION_DATE, "date", ["The date the parameters are taken as of."])
    for name, p in model.parameters.items():
        ids[name] = _id("p_", name)
        t = _parameter(b, p, ids, as_of, all_dates)
        if t is not None:
            types[name] = t
    d_types = decision_types(model, dict(types))
    for d in model.decisions.values():
        did = ids[d.id] = _id("d_", d.id)
        dt_ = d_types[d.id]
        type_ref = dt_ if isinstance(dt_, str) else f"t_{d.id}"
        if isinstance(dt_, list):
            assert isinstance(d.expression, DecisionTable)
            comps = [(o.name, ot) for o, ot in zip(d.expression.outputs, dt_, strict=True)]
            w(_item_definition(type_ref, comps))
        b(f"  <decision id={quoteattr(did)} name={quoteattr(d.id)}>\n")
        lines = _texts("title", d.title) + _texts("explain", d.explanation)
        lines += [f"legal: {d.legal}"] if d.legal else []
        lines += [f"unit: {d.unit}"] if d.unit else []
        _description(b, lines)
        b(f"    <variable name={quoteattr(d.id)} typeRef={quoteattr(type_ref)}/>\n")
        for r in d.requires:
            kind = "requiredInput" if r in model.inputs else "requiredDecision"
            if r in ids:
                b(
                    f'    <informationRequirement><{kind} href="#{ids[r]}"/></informationRequirement>\n'
                )
        if isinstance(d.expression, DecisionTable):
            _table(b, d.expression, did, dt_ if isinstance(dt_, list) else [dt_])
        elif isinstance(d.expression, Literal):
            b(_text("literalExpression", " ".join(d.expression.text.split()), "    "))
        b("  </decision>\n")
    shapes = list(ids.values())
    for t in sorted({*types.values(), *_flat(d_types.values())}):
        if t.endswith("List"):
            w(_list_definition(t))
    out += body
    _diagram(w, shapes)
    w("</definitions>\n")
    return "".join(out)


def _flat(values: object) -> list[str]:
    out: list[str] = []
    for v in values:  # type: ignore[attr-defined]
        out += v if isinstance(v, list) else [v]
    return out


def _input(w: Write, name: str, type_ref: str, lines: list[str]) -> None:
    w(f"  <inputData id={quoteattr(_id('i_', name))} name={quoteattr(name)}>\n")
    _description(w, lines)
    w(f"    <variable name={quoteattr(name)} typeRef={quoteattr(type_ref)}/>\n")
    w("  </inputData>\n")


def _item_definition(name: str, comps: list[tuple[str, str]]) -> str:
    inner = "".join(
        f"    <itemComponent name={quoteattr(c)}><typeRef>{escape(t)}</typeRef></itemComponent>\n"
        for c, t in comps
    )
    return f"  <itemDefinition name={quoteattr(name)}>\n{inner}  </itemDefinition>\n"


def _list_definition(name: str) -> str:
    item = escape(name.removesuffix("List"))
    return (
        f'  <itemDefinition name={quoteattr(name)} isCollection="true">'
        f"<typeRef>{item}</typeRef></itemDefinition>\n"
    )


def _parameter(
    w: Write, p: Parameter, ids: dict[str, str], as_of: dt.date, all_dates: bool
) -> str | None:
    """Write a parameter as a decision; its typeRef, or None if it has no value."""
    if all_dates:
        values = p.values
    else:
        try:
            values = [p.at(as_of)[0]]
        except EvaluationError:
            # No value on that date (a year the rules do not carry): declared, and null, so a
            # model that does not read it still evaluates, and one that does gets null.
            pid = ids[p.name]
            w(f"  <decision id={quoteattr(pid)} name={quoteattr(p.name)}>\n")
            _description(w, [f"no value valid on {as_of.isoformat()}"])
            w(f'    <variable name={quoteattr(p.name)} typeRef="Any"/>\n')
            w(_text("literalExpression", "null", "    "))
            w("  </decision>\n")
            return "Any"
    kinds = {value_type(v.value) for v in values}
    type_ref = kinds.pop() if len(kinds) == 1 else "Any"
    pid = ids[p.name]
    w(f"  <decision id={quoteattr(pid)} name={quoteattr(p.name)}>\n")
    lines = _texts("description", p.description) + [f"unit: {p.unit}"] * bool(p.unit)
    lines += [
        f"valid from {v.valid_from}: {to_str(v.value)}; source: {v.reference}"
        + (f" ({v.url})" if v.url else "")
        + ("; example value" if v.example else "")
        for v in values
    ]
    _description(w, lines)
    w(f"    <variable name={quoteattr(p.name)} typeRef={quoteattr(type_ref)}/>\n")
    if not all_dates:
        w(_text("literalExpression", _feel_literal(values[0].value), "    "))
    else:
        eid = ids[EVALUATION_DATE]
        w(f'    <informationRequirement><requiredInput href="#{eid}"/></informationRequirement>\n')
        w(f'    <decisionTable id="{pid}_dt" hitPolicy="UNIQUE">\n')
        w(f'      <input id="{pid}_in" label="{EVALUATION_DATE}">\n')
        w(f'        <inputExpression typeRef="date"><text>{EVALUATION_DATE}</text>')
        w("</inputExpression>\n      </input>\n")
        w(f'      <output id="{pid}_out" typeRef={quoteattr(type_ref)}/>\n')
        w('      <annotation name="source"/>\n')
        for j, v in enumerate(values):
            # A value holds from its date to the next value, or to its own end (`until`,
            # `renews`): after that end the table matches nothing and gives null.
            end = p.end_of(j)
            nxt = values[j + 1].valid_from if j + 1 < len(values) else None
            if end is not None and (nxt is None or end < nxt):
                test = f'[@"{v.valid_from}"..@"{end}"]'
            elif nxt is not None:
                test = f'[@"{v.valid_from}"..@"{nxt}")'
            else:
                test = f'>= @"{v.valid_from}"'
            w(f'      <rule id="{pid}_r{j}">\n')
            w(f"        <inputEntry><text>{escape(test)}</text></inputEntry>\n")
            w(_text("outputEntry", _feel_literal(v.value), "        "))
            w(f"        <annotationEntry><text>{escape(v.reference)}</text></annotationEntry>\n")
            w("      </rule>\n")
        w("    </decisionTable>\n")
    w("  </decision>\n")
    return type_ref


def _table(w: Write, t: DecisionTable, did: str, out_types: list[str]) -> None:
    agg = f' aggregation="{t.aggregation}"' if t.aggregation else ""
    w(f'    <decisionTable id="{did}_dt" hitPolicy="{t.hit_policy}"{agg}>\n')
    for i, inp in enumerate(t.inputs):
        w(f'      <input id="{did}_in{i}" label={quoteattr(inp.label)}>\n')
        w(f'        <inputExpression id="{did}_ie{i}"><text>{escape(inp.text)}</text>')
        w("</inputExpression>\n      </input>\n")
    for i, o in enumerate(t.outputs):
        name = f" name={quoteattr(o.name)}" if len(t.outputs) > 1 else ""
        w(f'      <output id="{did}_out{i}"{name} typeRef={quoteattr(out_types[i])}>\n')
        if o.priorities:
            vals = ", ".join(_feel_literal(v) for v in o.priorities)
            w(f"        <outputValues><text>{escape(vals)}</text></outputValues>\n")
        w("      </output>\n")
    notes = ("legal", *(f"explain ({lang})" for lang in LANGS))
    w("".join(f"      <annotation name={quoteattr(n)}/>\n" for n in notes))
    for j, r in enumerate(t.rules):
        w(f'      <rule id="{did}_r{j}">\n')
        w(f"        <description>{escape(r.id)}</description>\n")
        for k, text in enumerate(r.test_texts):
            w(
                f'        <inputEntry id="{did}_r{j}_i{k}"><text>{escape(text)}</text></inputEntry>\n'
            )
        for k, text in enumerate(r.output_texts):
            w(
                f'        <outputEntry id="{did}_r{j}_o{k}"><text>{escape(text)}</text></outputEntry>\n'
            )
        for note in (r.legal or "", *(r.explanation.get(lang, "") for lang in LANGS)):
            w(f"        <annotationEntry><text>{escape(note)}</text></annotationEntry>\n")
        w("      </rule>\n")
    w("    </decisionTable>\n")


def _feel_literal(v: object) -> str:
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, list):
        return "[" + ", ".join(_feel_literal(x) for x in v) + "]"
    if isinstance(v, dict):
        return (
            "{" + ", ".join(f"{_feel_literal(k)}: {_feel_literal(x)}" for k, x in v.items()) + "}"
        )
    if isinstance(v, dt.date | dt.datetime | dt.timedelta):
        return f'@"{to_str(v)}"'
    return to_str(v)


def _diagram(w: Write, shapes: list[str]) -> None:
    w('  <dmndi:DMNDI>\n    <dmndi:DMNDiagram id="diagram">\n')
    for i, sid in enumerate(shapes):
        x, y = 40 + (i % 6) * 200, 40 + (i // 6) * 120
        w(
            f'      <dmndi:DMNShape id="{sid}_shape" dmnElementRef="{sid}">'
            f'<dc:Bounds x="{x}" y="{y}" width="160" height="80"/></dmndi:DMNShape>\n'
        )
    w("    </dmndi:DMNDiagram>\n  </dmndi:DMNDI>\n")
