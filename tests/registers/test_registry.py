"""The registers' adapters are found by name in the settings and answer with typed results;
the demo registers hold the demo residents' households, vehicles and property; a service
definition may prefill a field only with a fact that fits it."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from digikommun.catalog.definition import DefinitionErrors, load_definition
from digikommun.registers.base import (
    Household,
    PopulationRegister,
    PropertyRegister,
    Vehicle,
    VehicleRegister,
)
from digikommun.registers.demo import (
    DemoPopulationRegister,
    DemoPropertyRegister,
    DemoVehicleRegister,
)
from digikommun.registers.facts import FACTS
from digikommun.registers.registry import adapter_for

DEMO = {
    "population": "digikommun.registers.demo.DemoPopulationRegister",
    "vehicle": "digikommun.registers.demo.DemoVehicleRegister",
}
SERVICES = Path(__file__).resolve().parents[2] / "services"


def test_the_demo_registers_have_the_interfaces():
    assert isinstance(DemoPopulationRegister(), PopulationRegister)
    assert isinstance(DemoVehicleRegister(), VehicleRegister)
    assert isinstance(DemoPropertyRegister(), PropertyRegister)


def test_a_married_couple_with_children_at_home():
    anna = DemoPopulationRegister().household("198507099805")
    assert isinstance(anna, Household)
    assert anna.spouse is not None and anna.spouse.first_name == "Erik"
    assert [c.first_name for c in anna.children_at_home()] == ["Nora", "Elis"]
    assert anna.address is not None and anna.address.postcode == "111 22"
    nora = DemoPopulationRegister().household("201705019808")
    assert nora is not None
    assert {g.first_name for g in nora.guardians} == {"Anna", "Erik"}


def test_a_child_registered_elsewhere_is_not_at_home():
    fatima = DemoPopulationRegister().household("197811029847")
    assert fatima is not None and fatima.spouse is None
    assert [c.first_name for c in fatima.children] == ["Yusuf", "Amir", "Sara"]
    assert [c.first_name for c in fatima.children_at_home()] == ["Amir", "Sara"]
    assert fatima.children_at_home()[0].birth_date == datetime.date(2012, 3, 8)


def test_someone_the_register_does_not_know_is_none():
    assert DemoPopulationRegister().household("191212121212") is None
    assert DemoVehicleRegister().vehicle("AAA111") is None
    assert DemoPropertyRegister().properties_owned("198507099805") == ()


def test_vehicles_and_properties():
    car = DemoVehicleRegister().vehicle("ABC123")
    assert car == Vehicle("ABC123", "199003159820", "199003159820", 1450, "Volvo V60")
    assert DemoPropertyRegister().properties_owned("195502289886")[0].designation == (
        "Demokommun Eken 1:23"
    )


def test_facts_become_answers_as_a_person_types_them():
    anna = DemoPopulationRegister().household("198507099805")
    assert FACTS[("population", "spouse")].answer(anna, "198507099805") == "19900315-9820"
    assert FACTS[("population", "adults")].answer(anna, "198507099805") == "2"
    assert FACTS[("population", "children")].answer(anna, "198507099805") == [
        {"first_name": "Nora", "birth_date": "2017-05-01"},
        {"first_name": "Elis", "birth_date": "2021-09-14"},
    ]
    lars = DemoPopulationRegister().household("195502289886")
    # No spouse: the register cannot say there is one adult (a cohabitant is not in it).
    assert FACTS[("population", "adults")].answer(lars, "195502289886") is None
    car = DemoVehicleRegister().vehicle("ABC123")
    assert FACTS[("vehicle", "weight")].answer(car, "199003159820") == "1450"
    assert FACTS[("vehicle", "relation")].answer(car, "199003159820") == "owner"
    assert FACTS[("vehicle", "relation")].answer(car, "198507099805") is None


def test_adapters_are_named_in_the_settings(settings):
    settings.REGISTER_ADAPTERS = {}
    assert adapter_for("population") is None
    settings.REGISTER_ADAPTERS = DEMO
    assert isinstance(adapter_for("population"), DemoPopulationRegister)
    assert adapter_for("property") is None


def test_an_adapter_without_the_methods_is_refused(settings):
    settings.REGISTER_ADAPTERS = {"vehicle": "digikommun.registers.demo.DemoPopulationRegister"}
    with pytest.raises(ImproperlyConfigured, match="VehicleRegister"):
        adapter_for("vehicle")


def _with_prefill(tmp_path: Path, old: str, new: str) -> Path:
    import shutil

    folder = tmp_path / "boendeparkering"
    shutil.copytree(SERVICES / "boendeparkering", folder)
    text = (folder / "service.yaml").read_text(encoding="utf-8")
    assert old in text
    (folder / "service.yaml").write_text(text.replace(old, new), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ("{register: vehicle, fact: colour, key: registration_number}", "gives no fact 'colour'"),
        ("{register: population, fact: spouse}", "fits a field of type personnummer, not integer"),
        ("{register: vehicle, fact: weight}", "needs 'key', an earlier registration_number"),
        ("{register: navet, fact: weight}", "unknown register 'navet'"),
    ],
)
def test_a_prefill_that_does_not_fit_is_refused_with_its_place(tmp_path, new, message):
    old = "{register: vehicle, fact: weight, key: registration_number}"
    folder = _with_prefill(tmp_path, old, new)
    with pytest.raises(DefinitionErrors) as info:
        load_definition(folder)
    assert message in str(info.value)
    assert "service.yaml:" in str(info.value)
