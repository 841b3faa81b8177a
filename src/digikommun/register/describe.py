"""A decision model described for the public, and the difference between two versions.

Pure functions over a published ServiceDefinition and its rules (no database): the decision
tables as rows, the literal decisions, the parameters with their dated values and sources,
and the data the rules read with where it comes from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from digikommun.catalog.definition import DERIVED_FACTS, ServiceDefinition
from digikommun.rules import Model
from digikommun.rules.tables import DecisionTable


def _both(text: str) -> dict[str, str]:
    return {"sv": text, "en": text}


def legal_text(model: Model, key: str | None) -> dict[str, str]:
    """A rule's legal reference: a provision the model names, or the text written there."""
    if not key:
        return {}
    return dict(model.provisions.get(key) or _both(key))


@dataclass(frozen=True)
class TableRow:
    id: str
    tests: tuple[str, ...]
    outputs: tuple[str, ...]
    legal: dict[str, str]
    explanation: dict[str, str]


@dataclass(frozen=True)
class Table:
    decision: str
    title: dict[str, str]
    hit_policy: str
    inputs: tuple[dict[str, str], ...]  # {"text": expression, "label": {sv, en}}
    outputs: tuple[str, ...]
    rows: tuple[TableRow, ...]
    legal: dict[str, str] = field(default_factory=dict)


def tables(model: Model) -> list[Table]:
    found = []
    for name, decision in model.decisions.items():
        table = decision.expression
        if not isinstance(table, DecisionTable):
            continue
        found.append(
            Table(
                decision=name,
                title=dict(decision.title),
                hit_policy=table.hit_policy,
                inputs=tuple(
                    {"text": i.text, "label": _label(model, i.text, i.label)} for i in table.inputs
                ),
                outputs=tuple(o.name for o in table.outputs) or (name,),
                rows=tuple(
                    TableRow(
                        id=rule.id,
                        tests=tuple(rule.test_texts),
                        outputs=tuple(rule.output_texts),
                        legal=legal_text(model, rule.legal),
                        explanation=dict(rule.explanation),
                    )
                    for rule in table.rules
                ),
                legal=legal_text(model, decision.legal),
            )
        )
    return found


def _label(model: Model, name: str, fallback: str) -> dict[str, str]:
    if name in model.inputs and model.inputs[name].label:
        return dict(model.inputs[name].label)
    if name in model.decisions:
        return dict(model.decisions[name].title)
    return _both(fallback)


def literals(model: Model) -> list[dict[str, Any]]:
    """The decisions that are expressions rather than tables: title, expression, law."""
    return [
        {
            "name": name,
            "title": dict(d.title),
            "text": getattr(d.expression, "text", ""),
            "legal": legal_text(model, d.legal),
        }
        for name, d in model.decisions.items()
        if not isinstance(d.expression, DecisionTable)
    ]


def parameters(model: Model) -> list[dict[str, Any]]:
    return [
        {
            "name": p.name,
            "description": dict(p.description),
            "unit": p.unit or "",
            "values": [
                {
                    "valid_from": v.valid_from.isoformat(),
                    "until": v.until.isoformat() if v.until else None,
                    "value": str(v.value),
                    "reference": v.reference,
                    "url": v.url or "",
                    "example": v.example,
                }
                for v in p.values
            ],
        }
        for p in model.parameters.values()
    ]


def data_used(definition: ServiceDefinition) -> list[dict[str, Any]]:
    """Each fact the rules read, its label, and where it comes from."""
    model = definition.rules
    if model is None:
        return []
    asked = {f.id for f in definition.fields()}
    derived = {d.name for d in definition.derived_facts}
    rows = []
    for name, data in model.inputs.items():
        if name in DERIVED_FACTS:
            source = "platform"
        elif name in derived:
            source = "derived"
        elif name in asked:
            source = "applicant"
        else:
            source = "other"
        rows.append(
            {
                "name": name,
                "label": dict(data.label) or _both(name),
                "unit": data.unit or "",
                "source": source,
                "how": DERIVED_FACTS.get(name, ""),
            }
        )
    return rows


# ---- differences between two versions -------------------------------------------------


def diff(old: Model | None, new: Model | None) -> dict[str, list[dict[str, Any]]]:
    """What changed in rules and parameters from `old` to `new`, in readable pieces."""
    out: dict[str, list[dict[str, Any]]] = {"rules": [], "parameters": [], "inputs": []}
    if old is None or new is None:
        return out
    old_t = {t.decision: t for t in tables(old)}
    new_t = {t.decision: t for t in tables(new)}
    for name in sorted(set(old_t) | set(new_t)):
        a = {r.id: r for r in old_t[name].rows} if name in old_t else {}
        b = {r.id: r for r in new_t[name].rows} if name in new_t else {}
        for rid in list(a) + [r for r in b if r not in a]:
            before, after = a.get(rid), b.get(rid)
            if before == after:
                continue
            change = "added" if before is None else "removed" if after is None else "changed"
            out["rules"].append(
                {
                    "table": name,
                    "rule": rid,
                    "change": change,
                    "before": _row_text(before),
                    "after": _row_text(after),
                }
            )
    old_l = {d["name"]: d["text"] for d in literals(old)}
    new_l = {d["name"]: d["text"] for d in literals(new)}
    for name in sorted(set(old_l) | set(new_l)):
        if old_l.get(name) != new_l.get(name):
            change = "added" if name not in old_l else "removed" if name not in new_l else "changed"
            out["rules"].append(
                {
                    "table": name,
                    "rule": "",
                    "change": change,
                    "before": old_l.get(name, ""),
                    "after": new_l.get(name, ""),
                }
            )
    old_p = {p["name"]: p for p in parameters(old)}
    new_p = {p["name"]: p for p in parameters(new)}
    for name in sorted(set(old_p) | set(new_p)):
        a = {v["valid_from"]: v for v in old_p[name]["values"]} if name in old_p else {}
        b = {v["valid_from"]: v for v in new_p[name]["values"]} if name in new_p else {}
        for start in sorted(set(a) | set(b)):
            before, after = a.get(start), b.get(start)
            if before == after:
                continue
            change = "added" if before is None else "removed" if after is None else "changed"
            out["parameters"].append(
                {
                    "parameter": name,
                    "valid_from": start,
                    "change": change,
                    "before": _value_text(before),
                    "after": _value_text(after),
                }
            )
    for name in sorted(set(old.inputs) ^ set(new.inputs)):
        out["inputs"].append(
            {"input": name, "change": "added" if name in new.inputs else "removed"}
        )
    return out


def _row_text(row: TableRow | None) -> str:
    if row is None:
        return ""
    return f"{' | '.join(row.tests)} → {' | '.join(row.outputs)}"


def _value_text(value: dict[str, Any] | None) -> str:
    if value is None:
        return ""
    return f"{value['value']} ({value['reference']}{', example' if value['example'] else ''})"
