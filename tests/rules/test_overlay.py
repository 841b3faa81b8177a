"""Overlays: a deployment's own parameter values laid on the rules, in one format for the
demo's example figures and a municipality's own choices. An overlay may only set parameters
the rules have; a value on the same date replaces the rules' own; the rules' file is never
changed; errors name the file, line and column."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from helpers_rules import BISTAND, household

from digikommun.rules import ModelError, apply_overlay_text, load_model, load_overlay_text

KOMMUN = """
overlay: kommun
description: {sv: Socialnämndens val, en: The committee's choices}
parameters:
  count_excess_savings:
    values:
      - {from: 2014-01-01, value: 0, reference: "Socialnämnden 2026-10-01 § 7"}
  asset_buffer:
    values:
      - {from: 2014-01-01, value: 12000, reference: "Socialnämnden 2026-10-01 § 7"}
"""


def test_a_municipality_sends_savings_above_its_buffer_to_a_caseworker():
    base = load_model(BISTAND)
    model = apply_overlay_text(base, KOMMUN, "kommun.yaml")
    facts = household(assets=15000)
    day = dt.date(2019, 6, 1)
    # The rules' own example: the excess counts as income.
    assert base.evaluate(facts, as_of=day).values["excess_savings"] == Decimal(5000)
    result = model.evaluate(facts, as_of=day)
    assert result.outputs["outcome"] == "manual"
    assert result.trace.decisions[-1].matched[0].rule_id == "savings-to-caseworker"
    uses = {p.name: p for p in result.trace.parameters}
    assert uses["asset_buffer"].value == Decimal(12000)
    assert not uses["asset_buffer"].example  # the committee's own decision, not an example
    assert base.parameters["asset_buffer"].values[0].value == Decimal(10000)  # unchanged


def test_an_overlay_marked_example_marks_every_value():
    overlay = load_overlay_text(
        KOMMUN.replace("parameters:", "example: true\nparameters:"), "demo.yaml"
    )
    assert all(v.example for values, _ in overlay.parameters.values() for v in values)


def test_an_overlay_may_not_invent_a_parameter():
    text = KOMMUN.replace("asset_buffer:", "asset_bufer:")
    with pytest.raises(ModelError, match="sets 'asset_bufer', which the rules do not have"):
        apply_overlay_text(load_model(BISTAND), text, "kommun.yaml")


def test_an_overlay_error_names_its_place():
    with pytest.raises(ModelError) as exc:
        load_overlay_text(KOMMUN.replace("value: 0,", "value: noll,"), "kommun.yaml")
    assert exc.value.source == "kommun.yaml" and exc.value.line == 7


def test_until_ends_a_value_and_renews_yearly_ends_it_with_its_year():
    text = """id: m
title: {sv: M, en: M}
parameters:
  p:
    description: {sv: P, en: P}
    renews: yearly
    values:
      - {from: 2020-01-01, value: 1, reference: A}
      - {from: 2021-01-01, until: 2022-06-30, value: 2, reference: B}
decisions:
  - {id: d, title: {sv: D, en: D}, expression: p}
"""
    from digikommun.rules import ParameterMissing, load_model_text

    model = load_model_text(text)
    assert model.evaluate({}, as_of=dt.date(2020, 12, 31)).values["d"] == 1
    assert model.evaluate({}, as_of=dt.date(2022, 6, 30)).values["d"] == 2
    with pytest.raises(ParameterMissing) as exc:
        model.evaluate({}, as_of=dt.date(2022, 7, 1))
    assert exc.value.names == ["p"]
    assert model.parameters_ending(on=dt.date(2022, 5, 15)) == {"p": dt.date(2022, 6, 30)}
    assert model.parameters_ending(on=dt.date(2022, 4, 1)) == {}
