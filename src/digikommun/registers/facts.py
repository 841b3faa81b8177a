"""The facts a form field may be prefilled with: `prefill: {register: …, fact: …}`.

Each fact names the kind of register that gives it, the field types it fits, what the
look-up is keyed by (the applicant's personnummer, or the answer of an earlier field such as
a registration number) and how the register's typed answer becomes an answer as a person
would have typed it. Plain Python: the form loader (digikommun.forms) checks definitions
against this catalogue without touching any register.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .base import Household, Property, Vehicle

# What a register is called where a person reads it ("Från folkbokföringen").
REGISTER_NAMES: dict[str, dict[str, str]] = {
    "population": {"sv": "folkbokföringen", "en": "the population register"},
    "vehicle": {"sv": "vägtrafikregistret", "en": "the vehicle register"},
    "property": {"sv": "fastighetsregistret", "en": "the property register"},
}


@dataclass(frozen=True)
class Fact:
    register: str
    name: str
    fits: frozenset[str]  # field types the answer fits
    keyed_by: str  # "applicant" (the personnummer) or a field type whose answer is the key
    answer: Callable[[Any, str], Any]  # (the register's result, applicant) -> raw answer or None
    row_fields: tuple[str, ...] = ()  # a group's rows: the sub-fields the rows fill


def _pnr_display(pnr: str) -> str:
    return f"{pnr[:8]}-{pnr[8:]}"


def _spouse(h: Household | None, _applicant: str) -> str | None:
    return _pnr_display(h.spouse.personnummer) if h and h.spouse else None


def _adults(h: Household | None, _applicant: str) -> str | None:
    # Married or registered partners are two adults; a cohabitant is not in the register,
    # so "one adult" is never prefilled: the person answers.
    return "2" if h and h.spouse else None


def _children(h: Household | None, _applicant: str) -> list[dict[str, str]] | None:
    if h is None:
        return None
    return [
        {"first_name": c.first_name, "birth_date": c.birth_date.isoformat()}
        for c in sorted(h.children_at_home(), key=lambda c: c.birth_date)
    ]


def _address(h: Household | None, _applicant: str) -> dict[str, str] | None:
    if h is None or h.address is None:
        return None
    a = h.address
    return {"street": a.street, "postcode": a.postcode, "city": a.city}


def _weight(v: Vehicle | None, _applicant: str) -> str | None:
    return str(v.gross_weight_kg) if v else None


def _relation(v: Vehicle | None, applicant: str) -> str | None:
    # Only ownership is certain from the register; leasing and company cars the person says.
    return "owner" if v and v.owner == applicant else None


def _property(ps: tuple[Property, ...] | None, _applicant: str) -> str | None:
    return ps[0].designation if ps else None


FACTS: dict[tuple[str, str], Fact] = {
    (f.register, f.name): f
    for f in [
        Fact("population", "spouse", frozenset({"personnummer"}), "applicant", _spouse),
        Fact("population", "adults", frozenset({"choice"}), "applicant", _adults),
        Fact(
            "population",
            "children",
            frozenset({"group"}),
            "applicant",
            _children,
            row_fields=("first_name", "birth_date"),
        ),
        Fact("population", "address", frozenset({"address"}), "applicant", _address),
        Fact("vehicle", "weight", frozenset({"integer"}), "registration_number", _weight),
        Fact("vehicle", "relation", frozenset({"choice"}), "registration_number", _relation),
        Fact("property", "owned_property", frozenset({"text"}), "applicant", _property),
    ]
}


def fact_problem(register: str, fact: str, field_type: str, row_fields: set[str]) -> str | None:
    """Why `prefill: {register, fact}` cannot fill a field of this type, or None."""
    if register not in REGISTER_NAMES:
        return f"unknown register '{register}'; known: {', '.join(sorted(REGISTER_NAMES))}"
    spec = FACTS.get((register, fact))
    if spec is None:
        known = sorted(name for reg, name in FACTS if reg == register)
        return f"the {register} register gives no fact '{fact}'; it gives: {', '.join(known)}"
    if field_type not in spec.fits:
        return f"the fact '{fact}' fits a field of type {' or '.join(sorted(spec.fits))}, not {field_type}"
    missing = [f for f in spec.row_fields if f not in row_fields]
    if missing:
        return f"the fact '{fact}' fills rows with the fields {', '.join(spec.row_fields)}"
    return None
