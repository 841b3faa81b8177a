"""What a register adapter answers: typed results, and the interface each kind of register has.

A municipality connects a real register (Navet for the population register, Lantmäteriet for
properties, Transportstyrelsen for vehicles) by writing a class with the methods below and
naming it in the setting `REGISTER_ADAPTERS` (docs/registers.md). Adapters return these
dataclasses and nothing from their own protocol, so the forms never see a register's format.

An adapter raises `RegisterUnavailable` when the register does not answer (down, timed out,
refused); the form then asks the person, and the case notes that the look-up failed. A
person, vehicle or property the register does not know is `None`, not an error.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


class RegisterUnavailable(RuntimeError):
    """The register did not answer; the person fills in by hand."""


@dataclass(frozen=True)
class Address:
    street: str
    postcode: str  # "123 45"
    city: str


@dataclass(frozen=True)
class Person:
    personnummer: str  # twelve digits
    first_name: str
    last_name: str
    birth_date: datetime.date


@dataclass(frozen=True)
class Household:
    """What the population register says about a person's household.

    `registered_with` are the people registered at the same dwelling (lägenhet). The register
    does not say who lives together as cohabitants (sambor): a cohabitant is only someone
    registered at the same dwelling, so a form must still ask.
    """

    person: Person
    address: Address | None
    registered_with: tuple[Person, ...] = ()
    spouse: Person | None = None  # married or registered partner
    children: tuple[Person, ...] = ()  # the person's children (by birth or adoption)
    guardians: tuple[Person, ...] = ()  # the person's guardians (vårdnadshavare), for a child

    def children_at_home(self) -> tuple[Person, ...]:
        """The person's children registered at the same dwelling."""
        here = {p.personnummer for p in self.registered_with}
        return tuple(c for c in self.children if c.personnummer in here)


@dataclass(frozen=True)
class Vehicle:
    registration_number: str  # capitals without spaces, "ABC123"
    owner: str  # personnummer or organisationsnummer of the owner (ägare)
    holder: str  # of the one who uses it (brukare; a leasing customer), often the owner
    gross_weight_kg: int
    make: str = ""


@dataclass(frozen=True)
class Property:
    designation: str  # fastighetsbeteckning, "Demokommun Eken 1:23"
    owners: tuple[str, ...]  # personnummer or organisationsnummer
    address: Address | None = None


@runtime_checkable
class PopulationRegister(Protocol):
    """Folkbokföringen (in production: Skatteverket's Navet)."""

    def household(self, personnummer: str) -> Household | None: ...


@runtime_checkable
class VehicleRegister(Protocol):
    """Vägtrafikregistret (in production: Transportstyrelsen)."""

    def vehicle(self, registration_number: str) -> Vehicle | None: ...


@runtime_checkable
class PropertyRegister(Protocol):
    """Fastighetsregistret (in production: Lantmäteriet)."""

    def properties_owned(self, personnummer: str) -> tuple[Property, ...]: ...


# The kinds of register a definition may name, and the interface an adapter of each has.
KINDS: dict[str, type] = {
    "population": PopulationRegister,
    "vehicle": VehicleRegister,
    "property": PropertyRegister,
}
