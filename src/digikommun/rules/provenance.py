"""Where the facts of a decision came from: a register (which, and when it was asked) or the
applicant. The platform passes this in as plain data; the engine only carries it in the trace
and says it in the reasons, so a decision shows what it rests on (förvaltningslagen 32 §).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class FactSource:
    fact: str  # the field or fact name
    label: dict[str, str]  # the fact as the form asked it, per language
    source: str  # "register" or "applicant"
    status: str  # confirmed, corrected, failed, not_found, typed
    register: str = ""
    register_name: dict[str, str] = field(default_factory=dict)  # "folkbokföringen"
    looked_up_at: str | None = None  # local time, "2026-11-27 14:05"


def fact_sources(
    raw: Iterable[Mapping[str, Any]], labels: Mapping[str, Mapping[str, str]]
) -> list[FactSource]:
    """FactSource from plain dicts (field, source, status, register, register_name,
    looked_up_at) and the facts' labels per language."""
    return [
        FactSource(
            fact=str(r["field"]),
            label=dict(labels.get(str(r["field"]), {})),
            source=str(r["source"]),
            status=str(r["status"]),
            register=str(r.get("register") or ""),
            register_name=dict(r.get("register_name") or {}),
            looked_up_at=r.get("looked_up_at"),
        )
        for r in raw
    ]


_SV = {
    "confirmed": "från {register}, hämtat {at}",
    "corrected": "uppgift från dig; du ändrade det som {register} angav",
    "failed": "uppgift från dig; {register} svarade inte när uppgiften skulle hämtas",
    "not_found": "uppgift från dig; {register} hade ingen uppgift",
    "typed": "uppgift från dig",
}
_EN = {
    "confirmed": "from {register}, looked up {at}",
    "corrected": "given by you; you corrected what {register} said",
    "failed": "given by you; {register} did not answer when it was asked",
    "not_found": "given by you; {register} had nothing on it",
    "typed": "given by you",
}


def source_line(s: FactSource, lang: str) -> str:
    texts = _SV if lang == "sv" else _EN
    name = s.label.get(lang) or s.label.get("sv") or s.fact
    register = s.register_name.get(lang) or s.register
    said = texts.get(s.status, texts["typed"]).format(register=register, at=s.looked_up_at or "")
    return f"{name}: {said}."


def sources_section(sources: Iterable[FactSource], lang: str) -> dict[str, Any] | None:
    """The reasons' section on where the facts came from, or None when nothing was looked up."""
    lines = [source_line(s, lang) for s in sources]
    if not lines:
        return None
    lines.append(
        "Övriga uppgifter är de du lämnade i ansökan."
        if lang == "sv"
        else "The other facts are those you gave in the application."
    )
    title = "Varifrån uppgifterna kommer" if lang == "sv" else "Where the facts come from"
    return {"title": title, "lines": lines}
