"""Demo registers backed by files of fictional people, vehicles and properties (demo_data/).

They answer as the real adapters would, from `demo_data/*.json`; every personnummer there is
one of Skatteverket's test numbers (serial 98x). `REGISTER_ADAPTERS` names them under the demo
settings; production names the municipality's own adapters (docs/registers.md).
"""

from __future__ import annotations

import datetime
import functools
import json
from pathlib import Path
from typing import Any

from .base import Address, Household, Person, Property, Vehicle

DATA = Path(__file__).resolve().parent / "demo_data"


@functools.cache
def _load(name: str) -> dict[str, Any]:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _address(raw: dict[str, str] | None) -> Address | None:
    return Address(raw["street"], raw["postcode"], raw["city"]) if raw else None


def _person(raw: dict[str, Any]) -> Person:
    pnr = raw["personnummer"]
    born = datetime.date(int(pnr[:4]), int(pnr[4:6]), int(pnr[6:8]))
    return Person(pnr, raw["first_name"], raw["last_name"], born)


class DemoPopulationRegister:
    """The demo's folkbokföring: households of the demo residents."""

    def household(self, personnummer: str) -> Household | None:
        data = _load("people.json")
        people = {p["personnummer"]: p for p in data["people"]}
        raw = people.get(personnummer)
        if raw is None:
            return None
        dwelling = next((d for d in data["dwellings"] if personnummer in d["people"]), None)
        others = [p for p in (dwelling or {}).get("people", []) if p != personnummer]
        return Household(
            person=_person(raw),
            address=_address((dwelling or {}).get("address")),
            registered_with=tuple(_person(people[p]) for p in others if p in people),
            spouse=_person(people[raw["spouse"]]) if raw.get("spouse") in people else None,
            children=tuple(_person(people[c]) for c in raw.get("children", []) if c in people),
            guardians=tuple(_person(people[g]) for g in raw.get("guardians", []) if g in people),
        )


class DemoVehicleRegister:
    def vehicle(self, registration_number: str) -> Vehicle | None:
        for raw in _load("vehicles.json")["vehicles"]:
            if raw["registration_number"] == registration_number:
                return Vehicle(
                    registration_number=raw["registration_number"],
                    owner=raw["owner"],
                    holder=raw["holder"],
                    gross_weight_kg=int(raw["gross_weight_kg"]),
                    make=raw.get("make", ""),
                )
        return None


class DemoPropertyRegister:
    def properties_owned(self, personnummer: str) -> tuple[Property, ...]:
        return tuple(
            Property(raw["designation"], tuple(raw["owners"]), _address(raw.get("address")))
            for raw in _load("properties.json")["properties"]
            if personnummer in raw["owners"]
        )
