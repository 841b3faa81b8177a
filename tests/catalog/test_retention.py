"""The `retention:` section: keep or thin after N years from a named event, days spared for
research; every mistake is named with its place, and the earlier `{years, reference}` form
still loads."""

from __future__ import annotations

import datetime

import pytest

from digikommun.catalog.definition import load_definition
from digikommun.catalog.retention import Retention
from tests.catalog.test_definition import copy_service, errors_of

OLD = """retention:
  action: keep                   # delivered to the e-archive a year after closing
  years: 1
  counted_from: closed
  reference: Dokumenthanteringsplan för trafiknämnden (exempel)"""


def _with(tmp_path, section: str):
    folder = copy_service(tmp_path)
    text = (folder / "service.yaml").read_text()
    assert OLD in text
    (folder / "service.yaml").write_text(text.replace(OLD, section))
    return folder


def test_the_demo_rules():
    from tests.catalog.test_definition import SERVICES

    bistand = load_definition(SERVICES / "ekonomiskt-bistand").retention
    assert bistand == Retention(
        action="thin",
        years=5,
        counted_from="last_entry",
        spare_born_on=(5, 15, 25),
        reference=bistand.reference,
        until=datetime.date(2025, 6, 30),  # the last day of socialtjänstlagen 2001:453
    )
    assert "SFS 2003:135" in bistand.reference and "2025:400" in bistand.reference
    assert load_definition(SERVICES / "boendeparkering").retention.action == "keep"


def test_the_earlier_form_means_thin_from_closing(tmp_path):
    folder = _with(tmp_path, "retention: {years: 2, reference: Plan}")
    assert load_definition(folder).retention == Retention("thin", 2, "closed", (), "Plan")


@pytest.mark.parametrize(
    "section,message",
    [
        ("retention: {action: burn, years: 2}", "'action' is keep or thin"),
        ("retention: {years: 0}", "at least 1"),
        ("retention: {years: 2, counted_from: birth}", "'counted_from' is one of"),
        ("retention: {years: 2, spare_born_on: [0]}", "days of the month"),
        ("retention: {action: keep, years: 0, spare_born_on: [5]}", "only applies when"),
        ("retention: {years: 2, colour: red}", "unknown key 'colour'"),
        ("retention: {years: 2, until: soon}", "'until' is a date"),
        ("retention: {years: 2, until: 2025-06-30T12:00:00}", "'until' is a date"),
    ],
)
def test_mistakes_are_named(tmp_path, section, message):
    errors = errors_of(_with(tmp_path, section))
    assert any(message in e and "service.yaml:" in e for e in errors), errors


def test_a_rule_holds_to_its_until_inclusive(tmp_path):
    rule = load_definition(_with(tmp_path, "retention: {years: 2, until: 2025-06-30}")).retention
    assert rule.until == datetime.date(2025, 6, 30)
    assert rule.holds_on(datetime.date(2025, 6, 30))
    assert not rule.holds_on(datetime.date(2025, 7, 1))
    assert "holding until 2025-06-30" in rule.describe()
    assert Retention(years=2).holds_on(datetime.date(2999, 1, 1))  # no until: until further notice
