"""Plain-language explanations of a result, for the person the decision concerns.

Förvaltningslagen (2017:900) § 32 requires the reasons for a decision: the rules applied
and the facts that decided it, in language the person understands.  The model's rules carry
sv/en templates with ``{name}`` placeholders (``{n|person|personer}`` gives the number and the
word in the right number); this module fills them with the facts and values of one
evaluation. A decision whose value is zero, empty or false says nothing: only what applied.

``explain()`` is the caseworker's full account: every explanation, then a sentence for every
dated parameter used (value, date, source). ``reasons()`` is the resident's: the explanations
grouped as the model's ``reasons:`` say (the household's norm, the costs, the income, the
result), each source once, the provisions applied, and an example-value notice at most once.

Amounts keep their digits together: a no-break space (U+00A0) between the groups of digits
and before "kr" ("12 290 kr"), and after "SEK" ("SEK 12,290").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .provenance import source_line, sources_section
from .trace import ParameterUse, Result

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
NBSP = "\u00a0"
_MONEY_UNITS = {"SEK", "SEK/month", "kr", "kr/månad"}
_PER = {"SEK/month": {"sv": " per månad", "en": " per month"}}


def format_number(d: Decimal, lang: str) -> str:
    """3090 -> '3 090' (sv) or '3,090' (en); decimals only when there are any."""
    q = d.quantize(Decimal("0.01")) if d != d.to_integral_value() else d.to_integral_value()
    text = f"{q:,}" if q == q.to_integral_value() else f"{q:,.2f}"
    if lang == "sv":
        return text.replace(",", NBSP).replace(".", ",")
    return text


def format_value(
    v: Any, unit: str | None, lang: str, labels: Mapping[str, Mapping[str, str]] | None = None
) -> str:
    if v is None:
        return "–"
    if isinstance(v, bool):
        return {"sv": ("ja", "nej"), "en": ("yes", "no")}[lang][0 if v else 1]
    if isinstance(v, int):
        v = Decimal(v)
    if isinstance(v, Decimal):
        n = format_number(v, lang)
        if unit in _MONEY_UNITS:
            return f"{n}{NBSP}kr" if lang == "sv" else f"SEK{NBSP}{n}"
        return f"{n} {unit}" if unit else n
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, list):
        return ", ".join(format_value(x, None, lang) for x in v) + (
            (f"{NBSP}kr" if lang == "sv" else f"{NBSP}SEK")
            if unit in _MONEY_UNITS
            else (f" {unit}" if unit else "")
        )
    if isinstance(v, str) and labels and v in labels:
        return labels[v].get(lang, v)
    return str(v)


def _fill(
    template: str, lookup: dict[str, tuple[Any, str | None]], result: Result, lang: str
) -> str:
    def repl(m: re.Match[str]) -> str:
        name, _bar, words = m.group(1).partition("|")
        if name not in lookup:
            return m.group(0)
        v, unit = lookup[name]
        text = format_value(v, unit, lang, result.labels.get(name))
        if words:  # {n|person|personer}: the number, then the word in its number
            one, _bar, many = words.partition("|")
            return f"{text} {one if v == 1 else (many or one)}"
        return text

    return _PLACEHOLDER.sub(repl, template)


def _is_money(unit: str | None) -> bool:
    return bool(unit) and str(unit).split("/")[0] in ("SEK", "kr")


def parameter_sentence(p: ParameterUse, lang: str) -> str:
    desc = p.description.get(lang) or p.name
    value = format_value(p.value, p.unit, lang)
    per = _PER.get(p.unit or "", {}).get(lang, "")
    src = p.source + (f" ({p.url})" if p.url else "")
    start = p.valid_from.isoformat()
    if lang == "sv":
        until = f" till och med {p.valid_to.isoformat()}" if p.valid_to else ""
        s = f"{desc}: {value}{per}, gäller från {start}{until}. Källa: {src}."
        if p.note:
            s += f" Uträknat: {p.note}."
        if p.example:
            s += (
                " Beloppet är ett exempel och inte ett officiellt belopp."
                if _is_money(p.unit)
                else " Värdet är ett exempel och inte ett fastställt värde."
            )
    else:
        until = f" to {p.valid_to.isoformat()}" if p.valid_to else ""
        s = f"{desc}: {value}{per}, valid from {start}{until}. Source: {src}."
        if p.note:
            s += f" Worked out: {p.note}."
        if p.example:
            s += (
                " This amount is an example, not an official figure."
                if _is_money(p.unit)
                else " This value is an example, not an official figure."
            )
    return s


def applies(value: Any) -> bool:
    """Whether a decision's value is worth a sentence: not zero, empty, false or null."""
    if value is None or value is False:
        return False
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return value != 0
    if isinstance(value, str | list | dict):
        return bool(value)
    return True


def _lookup(result: Result) -> dict[str, tuple[Any, str | None]]:
    trace = result.trace
    assert trace is not None
    units = result.units
    lookup: dict[str, tuple[Any, str | None]] = {}
    for p in trace.parameters:
        lookup[p.name] = (p.value, p.unit)
    for k, v in result.facts.items():
        lookup[k] = (v, units.get(k))
    for d in trace.decisions:
        lookup[d.id] = (d.value, d.unit or units.get(d.id))
    return lookup


def _provision(ref: str, result: Result, lang: str) -> str:
    """A provision in ``lang``: by its id, or by its Swedish text, in the model's list."""
    for pid, texts in result.provisions.items():
        if ref in (pid, texts.get("sv")):
            return texts.get(lang) or texts.get("sv") or ref
    return ref


def reasons(result: Result, lang: str = "sv") -> dict[str, Any]:
    """The reasons for the person: ``{"sections": [{"title", "lines"}], "sources": [{"text",
    "url"}], "legal": [provisions applied], "example": notice or ""}``.

    Only decisions that applied speak (a value that is not zero, empty or false); a rule that
    matched speaks in its decision's group. Sources are the parameters' references, each
    once; the notice that amounts are examples appears once if any value used is one.
    """
    if lang not in ("sv", "en"):
        raise ValueError(f"unsupported language {lang!r}; use 'sv' or 'en'")
    trace = result.trace
    if trace is None:
        raise ValueError("reasons() needs a result evaluated with trace=True")
    lookup = _lookup(result)
    order = [g for g, _ in result.reason_groups]
    titles = {g: t.get(lang) or t.get("sv", g) for g, t in result.reason_groups}
    lines: dict[str | None, list[str]] = {}
    legal: list[str] = []

    def add_legal(ref: str | None) -> None:
        if ref:
            text = _provision(ref, result, lang)
            if text not in legal:
                legal.append(text)

    for d in trace.decisions:
        if d.explanation.get(lang) and applies(d.value):
            lines.setdefault(d.reason, []).append(_fill(d.explanation[lang], lookup, result, lang))
            add_legal(d.legal)
        for m in d.matched:
            if m.explanation.get(lang):
                local = dict(lookup)
                for k, v in m.outputs.items():
                    local[k] = (v, result.units.get(k) or d.unit)
                lines.setdefault(d.reason, []).append(
                    _fill(m.explanation[lang], local, result, lang)
                )
            add_legal(m.legal)
    sections = [
        {"title": titles.get(g, "") if g else "", "lines": lines[g]}
        for g in [*order, *[g for g in lines if g not in order]]
        if lines.get(g)
    ]
    provenance = sources_section(trace.fact_sources, lang)
    if provenance is not None:
        sections.append(provenance)
    sources: list[dict[str, Any]] = []
    for p in trace.parameters:
        entry = {"text": p.source, "url": p.url}
        if entry not in sources:
            sources.append(entry)
    example = ""
    examples = [p for p in trace.parameters if p.example]
    if examples and any(_is_money(p.unit) for p in examples):
        example = (
            "Några belopp i beräkningen är exempel och inte officiella belopp."
            if lang == "sv"
            else "Some amounts in the calculation are examples, not official figures."
        )
    elif examples:
        example = (
            "Några värden som beslutet bygger på är exempel och inte fastställda."
            if lang == "sv"
            else "Some values the decision rests on are examples, not official figures."
        )
    return {"sections": sections, "sources": sources, "legal": legal, "example": example}


def reasons_text(reasons_: dict[str, Any]) -> str:
    """The prose of structured reasons (titles and lines), as one text."""
    parts: list[str] = []
    for section in reasons_.get("sections", []):
        if section.get("title"):
            parts.append(section["title"])
        parts.extend(section.get("lines", []))
    return "\n".join(parts)


def explain(result: Result, lang: str = "sv") -> list[str]:
    """Sentences explaining ``result`` in ``lang`` ("sv" or "en")."""
    if lang not in ("sv", "en"):
        raise ValueError(f"unsupported language {lang!r}; use 'sv' or 'en'")
    trace = result.trace
    if trace is None:
        raise ValueError("explain() needs a result evaluated with trace=True")
    units = result.units
    lookup = _lookup(result)
    out: list[str] = []
    for d in trace.decisions:
        if d.explanation.get(lang) and applies(d.value):
            out.append(_fill(d.explanation[lang], lookup, result, lang))
        for m in d.matched:
            if not m.explanation.get(lang):
                continue
            local = dict(lookup)
            for k, v in m.outputs.items():
                local[k] = (v, units.get(k) or d.unit)
            out.append(_fill(m.explanation[lang], local, result, lang))
    out.extend(parameter_sentence(p, lang) for p in trace.parameters)
    out.extend(source_line(s, lang) for s in trace.fact_sources)
    if trace.legal_references:
        refs = "; ".join(_provision(r, result, lang) for r in trace.legal_references)
        out.append(
            f"Beslutet grundas på {refs}." if lang == "sv" else f"The decision is based on {refs}."
        )
    return out
