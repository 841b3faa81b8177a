"""Plain-language explanations of a result, for the person the decision concerns.

Förvaltningslagen (2017:900) § 32 requires the reasons for a decision: the rules applied
and the facts that decided it, in language the person understands.  The model's rules carry
sv/en templates with ``{name}`` placeholders; this module fills them with the facts and
values of one evaluation, and adds a sentence for every dated parameter used, saying its
value, the date it is valid from, and its source.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from .trace import ParameterUse, Result

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_MONEY_UNITS = {"SEK", "SEK/month", "kr", "kr/månad"}
_PER = {"SEK/month": {"sv": " per månad", "en": " per month"}}


def format_number(d: Decimal, lang: str) -> str:
    """3090 -> '3 090' (sv) or '3,090' (en); decimals only when there are any."""
    q = d.quantize(Decimal("0.01")) if d != d.to_integral_value() else d.to_integral_value()
    text = f"{q:,}" if q == q.to_integral_value() else f"{q:,.2f}"
    if lang == "sv":
        return text.replace(",", " ").replace(".", ",")
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
            return f"{n} kr" if lang == "sv" else f"SEK {n}"
        return f"{n} {unit}" if unit else n
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, list):
        return ", ".join(format_value(x, None, lang) for x in v) + (
            (" kr" if lang == "sv" else " SEK")
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
        name = m.group(1)
        if name not in lookup:
            return m.group(0)
        v, unit = lookup[name]
        return format_value(v, unit, lang, result.labels.get(name))

    return _PLACEHOLDER.sub(repl, template)


def parameter_sentence(p: ParameterUse, lang: str) -> str:
    desc = p.description.get(lang) or p.name
    value = format_value(p.value, p.unit, lang)
    per = _PER.get(p.unit or "", {}).get(lang, "")
    src = p.source + (f" ({p.url})" if p.url else "")
    if lang == "sv":
        s = f"{desc}: {value}{per}, gäller från {p.valid_from.isoformat()}. Källa: {src}."
        if p.example:
            s += " Beloppet är ett exempel och inte ett officiellt belopp."
    else:
        s = f"{desc}: {value}{per}, valid from {p.valid_from.isoformat()}. Source: {src}."
        if p.example:
            s += " This amount is an example, not an official figure."
    return s


def explain(result: Result, lang: str = "sv") -> list[str]:
    """Sentences explaining ``result`` in ``lang`` ("sv" or "en")."""
    if lang not in ("sv", "en"):
        raise ValueError(f"unsupported language {lang!r}; use 'sv' or 'en'")
    trace = result.trace
    if trace is None:
        raise ValueError("explain() needs a result evaluated with trace=True")
    units = result.units
    lookup: dict[str, tuple[Any, str | None]] = {}
    for p in trace.parameters:
        lookup[p.name] = (p.value, p.unit)
    for k, v in result.facts.items():
        lookup[k] = (v, units.get(k))
    for d in trace.decisions:
        lookup[d.id] = (d.value, d.unit or units.get(d.id))
    out: list[str] = []
    for d in trace.decisions:
        if d.explanation.get(lang):
            out.append(_fill(d.explanation[lang], lookup, result, lang))
        for m in d.matched:
            if not m.explanation.get(lang):
                continue
            local = dict(lookup)
            for k, v in m.outputs.items():
                local[k] = (v, units.get(k) or d.unit)
            out.append(_fill(m.explanation[lang], local, result, lang))
    out.extend(parameter_sentence(p, lang) for p in trace.parameters)
    if trace.legal_references:
        refs = "; ".join(trace.legal_references)
        out.append(
            f"Beslutet grundas på {refs}." if lang == "sv" else f"The decision is based on {refs}."
        )
    return out
