"""The law a service rests on, kept apart from the law that lets a machine decide it.

A definition names two things (docs/service-definitions.md):

    legal_basis:            # the service's own law: what every decision, by anyone, rests on
      - {sv: Socialtjänstlagen (2025:400) 12 kap. 1 § …, en: …}
    automation:             # only for a process with automated_decision
      legal_basis:          # what allows the decision to be made automatically
        - {sv: Förvaltningslagen (2017:900) 28 § …, en: …}
      delegation:           # the committee's decision that delegates it (kommunallagen 6 kap.)
        {body: Socialnämnden, date: 2026-01-20, reference: SN 2026/00012 …, example: true}

A manual decision cites only the first; an automated one cites both and the delegation.

Older definitions put `delegation` at the top level and förvaltningslagen 28 § among the
service's legal basis. They still load: the top-level delegation becomes the automation's,
and a legal-basis entry citing förvaltningslagen 28 § moves to the automation's legal basis.
Without its own `automation.legal_basis`, an automated service gets AUTOMATION_LAW.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from digikommun.common.reader import Reader
from digikommun.common.yamlsrc import key_mark, mark_of

# Förvaltningslagen 28 §: a decision may be made automatically. Kommunallagen (2017:725)
# 6 kap. 37 § lets a committee delegate decisions to an automated decision function and 38 §
# limits what may be delegated, both as changed from 1 July 2022 (prop. 2021/22:125, bet.
# 2021/22:KU36).
AUTOMATION_LAW: tuple[dict[str, str], ...] = (
    {
        "sv": "Förvaltningslagen (2017:900) 28 § – beslut som fattas automatiserat",
        "en": "Administrative Procedure Act (2017:900) section 28 – automated decisions",
    },
    {
        "sv": "Kommunallagen (2017:725) 6 kap. 37–38 §§ – delegering till en automatiserad "
        "beslutsfunktion (i lydelsen från den 1 juli 2022, prop. 2021/22:125)",
        "en": "Local Government Act (2017:725) chapter 6 sections 37–38 – delegation to an "
        "automated decision function (as in force from 1 July 2022, Government Bill 2021/22:125)",
    },
)
_AUTOMATION_SECTION = re.compile(r"(2017:900\)?,?\s*28\s*§|section 28\b)", re.IGNORECASE)
_DELEGATION_KEYS = ("body", "date", "reference", "example")


@dataclass(frozen=True)
class Delegation:
    """The decision by which a committee delegated these decisions to automation."""

    body: str
    date: datetime.date
    reference: str
    example: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "body": self.body,
            "date": self.date,
            "reference": self.reference,
            "example": self.example,
        }


@dataclass(frozen=True)
class Automation:
    legal_basis: tuple[dict[str, str], ...] = ()
    delegation: Delegation | None = None
    # Where the definition still uses the older layout (kept loadable, see the docstring).
    legacy: bool = field(default=False, compare=False)


def cites_automation_section(reference: dict[str, str]) -> bool:
    return any(_AUTOMATION_SECTION.search(text or "") for text in reference.values())


def parse_legal(
    r: Reader, doc: Any, *, automated: bool
) -> tuple[tuple[dict[str, str], ...], Automation]:
    """The service's legal basis and its automation section, reading both layouts."""
    raw = r.require(doc, "legal_basis") or []
    if not isinstance(raw, list):
        r.fail("'legal_basis' must be a list of references", key_mark(doc, "legal_basis"))
        raw = []
    service_law = [r.text({"legal_basis": item}, "legal_basis") for item in raw]
    section = doc.get("automation") if isinstance(doc, dict) else None
    top_delegation = doc.get("delegation") if isinstance(doc, dict) else None
    if section is not None and not isinstance(section, dict):
        r.fail("'automation' must be a mapping", key_mark(doc, "automation"))
        section = None
    if section is not None and top_delegation is not None:
        r.fail(
            "give the delegation once: under 'automation', not also at the top level",
            key_mark(doc, "delegation"),
        )
    legacy = section is None
    section = section or {}
    for key in sorted(set(section) - {"legal_basis", "delegation"}):
        r.fail(f"unknown key '{key}' in automation", key_mark(section, key))

    automation_law = [
        r.text({"legal_basis": item}, "legal_basis") for item in section.get("legal_basis") or []
    ]
    # Förvaltningslagen 28 § is the law for automation, never for the service as such.
    moved = [ref for ref in service_law if cites_automation_section(ref)]
    service_law = [ref for ref in service_law if not cites_automation_section(ref)]
    if not legacy and moved:
        r.fail(
            "förvaltningslagen 28 § belongs under automation.legal_basis, not the service's "
            "legal_basis (a manual decision does not rest on it)",
            key_mark(doc, "legal_basis"),
        )
    if automated and not automation_law:
        automation_law = [dict(ref) for ref in AUTOMATION_LAW]

    raw_delegation = section.get("delegation", top_delegation)
    delegation = _parse_delegation(r, raw_delegation, doc) if raw_delegation is not None else None
    if automated and raw_delegation is None:
        r.fail(
            "an automated decision needs 'automation: delegation:' with body, date and "
            "reference (the delegation order that allows it)",
            key_mark(doc, "process"),
        )
    return tuple(service_law), Automation(
        legal_basis=tuple(automation_law) if automated else (),
        delegation=delegation,
        legacy=legacy,
    )


def _parse_delegation(r: Reader, raw: Any, doc: Any) -> Delegation | None:
    if not isinstance(raw, dict) or not all(k in raw for k in ("body", "date", "reference")):
        r.fail(
            "the delegation needs body, date and reference (the delegation order that "
            "allows automated decisions)",
            mark_of(raw, key_mark(doc, "automation") or key_mark(doc, "delegation")),
        )
        return None
    for key in sorted(set(raw) - set(_DELEGATION_KEYS)):
        r.fail(f"unknown key '{key}' in the delegation", key_mark(raw, key))
    if not isinstance(raw["date"], datetime.date):
        r.fail("the delegation date must be a date like 2026-01-20", key_mark(raw, "date"))
        return None
    example = raw.get("example", False)
    if not isinstance(example, bool):
        r.fail("'example' must be true or false", key_mark(raw, "example"))
        example = True
    return Delegation(
        body=str(raw["body"]),
        date=raw["date"],
        reference=str(raw["reference"]),
        example=example,
    )


def delegation_line(delegation: Delegation, lang: str) -> str:
    """The delegation order as a reference line, e.g. for a decision's legal references."""
    date = delegation.date.isoformat()
    if lang == "sv":
        text = f"{delegation.body}s delegeringsbeslut {date} ({delegation.reference})"
        return text + (" – exempel" if delegation.example else "")
    text = f"Delegation decision of {delegation.body}, {date} ({delegation.reference})"
    return text + (" – example" if delegation.example else "")


def automation_references(automation: Automation, lang: str) -> list[str]:
    """What an automated decision cites beyond its rules: the law allowing automation and
    the delegation order (förvaltningslagen 28 §, kommunallagen 6 kap. 37 §)."""
    references = [ref.get(lang) or ref.get("sv", "") for ref in automation.legal_basis]
    if automation.delegation is not None:
        references.append(delegation_line(automation.delegation, lang))
    return references


def delegation_refusal(automation: Automation, *, refuse_example: bool) -> str:
    """Why the delegation does not allow an automated decision: "missing", "example" or ""."""
    if automation.delegation is None:
        return "missing"
    if refuse_example and automation.delegation.example:
        return "example"
    return ""


# Outcomes that go against the party, wholly or in part (förvaltningslagen 33 §).
ADVERSE_OUTCOMES = ("rejected", "partly_approved")


def appeal_shown(*, outcome: str, appealable: bool) -> str:
    """What a decision says about appealing (förvaltningslagen 33 §):

    "appeal" — it goes against the party and can be appealed: how, where and by when;
    "other" — it goes against the party but cannot be appealed: the definition's text on
    what the party can do instead; "" — it does not go against the party: nothing.
    """
    if outcome not in ADVERSE_OUTCOMES:
        return ""
    return "appeal" if appealable else "other"
