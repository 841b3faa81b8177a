"""Requirement: parameters are dated data; evaluating "as of" a date uses the value valid then
(the latest with from <= as_of), so 2014 and 2019 give different norms, and a date with no
valid value raises an EvaluationError that names the parameter and the date."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from helpers_rules import AS_OF_2014, AS_OF_2019, BISTAND, household

from digikommun.rules import EvaluationError, load_model, load_model_text


def test_2014_and_2019_give_different_norms():
    model = load_model(BISTAND)
    r14 = model.evaluate(household(), as_of=AS_OF_2014)
    r19 = model.evaluate(household(), as_of=AS_OF_2019)
    # Single adult: personal costs + common costs for one person.
    assert r14.values["norm"] == Decimal(2950 + 930)
    assert r19.values["norm"] == Decimal(3090 + 990)


def test_value_changes_on_its_start_date():
    model = load_model(BISTAND)
    eve = model.evaluate(household(), as_of=dt.date(2020, 12, 31)).values["norm"]
    day = model.evaluate(household(), as_of=dt.date(2021, 1, 1)).values["norm"]
    assert (eve, day) == (Decimal(3150 + 1010), Decimal(3160 + 1020))


def test_no_valid_value_names_parameter_and_date():
    model = load_model(BISTAND)
    with pytest.raises(
        EvaluationError, match=r"no value valid on 2013-06-01 for parameter\(s\) norm_\w+"
    ):
        model.evaluate(household(), as_of=dt.date(2013, 6, 1))


def test_list_valued_parameter_and_extra_persons():
    model = load_model(BISTAND)
    r = model.evaluate(household(adults=2, children_7_10=7), as_of=AS_OF_2019)
    assert r.values["household_size"] == 9
    assert r.values["common_costs"] == Decimal(2220 + 2 * 170)


def test_parameter_use_in_trace_has_validity_and_source():
    model = load_model(BISTAND)
    r = model.evaluate(household(), as_of=AS_OF_2014)
    use = {p.name: p for p in r.trace.parameters}["norm_single_adult"]
    assert use.value == Decimal(2950)
    assert use.valid_from == dt.date(2014, 1, 1)
    assert use.valid_to == dt.date(2014, 12, 31)  # the riksnorm renews yearly
    assert "riksnormen för 2014" in use.source
    assert use.url.endswith("/nyheter/2013november/oforandradebeloppiriksnormenfor2014")
    assert not use.example
    assert {p.name: p for p in r.trace.parameters}["asset_buffer"].example


def test_values_may_be_listed_in_any_order():
    text = """id: m
title: {sv: M, en: M}
parameters:
  p:
    description: {sv: P, en: P}
    values:
      - {from: 2020-01-01, value: 2, reference: B}
      - {from: 2010-01-01, value: 1, reference: A}
decisions:
  - {id: d, title: {sv: D, en: D}, expression: p}
"""
    model = load_model_text(text)
    assert model.evaluate({}, as_of=dt.date(2015, 1, 1)).values["d"] == 1
    assert model.evaluate({}, as_of=dt.date(2021, 1, 1)).values["d"] == 2
