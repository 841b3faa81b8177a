"""Requirement: batch evaluation (and the generated fast path of a single evaluation without
trace) gives exactly the results of the ordinary evaluation, for rows given as a list of
mappings or as columns, on random inputs (property-based), including nulls and values the
generated code must hand back to the ordinary path."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from helpers_rules import AS_OF_2019, BISTAND, PARKERING, household, table_model
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digikommun.rules import EvaluationError, load_model, load_model_text
from digikommun.rules.feel.values import D128

BISTAND_MODEL = load_model(BISTAND)
PARKERING_MODEL = load_model(PARKERING)

counts = st.integers(min_value=0, max_value=4)
money = st.one_of(
    st.integers(min_value=0, max_value=40000),
    st.decimals(min_value=0, max_value=40000, places=2, allow_nan=False),
)
households = st.builds(
    household,
    adults=st.sampled_from([1, 2]),
    children_0=counts,
    children_4_6=counts,
    children_15_18=counts,
    income=money,
    housing_cost=money,
    electricity_cost=st.one_of(st.integers(0, 1500), st.none()),
    assets=money,
    resides_in_municipality=st.one_of(st.booleans(), st.none()),
    work_situation=st.sampled_from(["seeking_work", "sick_certified", "other", "?"]),
    applicant_age=st.one_of(st.integers(10, 90), st.none()),
)


def reference(model, rows, as_of):
    return [model.evaluate(r, as_of=as_of, trace=True) for r in rows]


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(households, min_size=1, max_size=30))
def test_bistand_batch_equals_single(rows):
    ref = reference(BISTAND_MODEL, rows, AS_OF_2019)
    assert BISTAND_MODEL.evaluate_batch(rows, as_of=AS_OF_2019) == [r.outputs for r in ref]
    columns = {k: [r[k] for r in rows] for k in rows[0]}
    assert BISTAND_MODEL.evaluate_batch(columns, as_of=AS_OF_2019) == [r.outputs for r in ref]
    for row, r in zip(rows, ref, strict=True):
        fast = BISTAND_MODEL.evaluate(row, as_of=AS_OF_2019, trace=False)
        assert (fast.outputs, fast.values) == (r.outputs, r.values)


vehicles = st.fixed_dictionaries(
    {
        "registered_in_zone": st.booleans(),
        "zone": st.sampled_from(["inner_city", "outer_city", "elsewhere"]),
        "vehicle_relation": st.sampled_from(["owner", "leasing", "company_car", "other"]),
        "vehicle_weight": st.integers(500, 5000),
        "applicant_age": st.integers(16, 90),
    }
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.lists(vehicles, min_size=1, max_size=30))
def test_parkering_batch_equals_single(rows):
    day = dt.date(2026, 1, 1)
    ref = reference(PARKERING_MODEL, rows, day)
    assert PARKERING_MODEL.evaluate_batch(rows, as_of=day) == [r.outputs for r in ref]
    for row, r in zip(rows, ref, strict=True):
        assert PARKERING_MODEL.evaluate(row, as_of=day, trace=False).outputs == r.outputs


UNIQUE_RULES = """        - {id: a, when: ['< 10'], then: ['"low"']}
        - {id: b, when: ['[5..20]'], then: ['"mid"']}
"""


def test_unique_violation_raises_in_batch_too():
    model = load_model_text(table_model("UNIQUE", UNIQUE_RULES))
    day = dt.date(2020, 1, 1)
    assert model.evaluate_batch({"x": [1, 15, 30]}, as_of=day) == [
        {"d": "low"}, {"d": "mid"}, {"d": None}
    ]  # fmt: skip
    with pytest.raises(EvaluationError, match="UNIQUE"):
        model.evaluate_batch([{"x": 1}, {"x": 7}], as_of=day)
    with pytest.raises(EvaluationError, match="UNIQUE"):
        model.evaluate({"x": 7}, as_of=day, trace=False)


def test_huge_numbers_stay_exact():
    text = table_model("FIRST", "        - {id: a, when: ['-'], then: ['x * x * x']}\n")
    model = load_model_text(text)
    big = 10**14 + 7
    rows = [{"x": big}, {"x": Decimal("1.5")}, {"x": None}]
    ref = [model.evaluate(r, as_of=None, trace=True).outputs for r in rows]
    assert model.evaluate_batch(rows, as_of=None) == ref
    # 43 digits: DECIMAL128 rounds to 34, and the batch's whole-number shortcut must too.
    assert ref[0]["d"] == D128.multiply(D128.multiply(Decimal(big), Decimal(big)), Decimal(big))
    assert ref[0]["d"] != big**3
    assert [model.evaluate(r, as_of=None, trace=False).outputs for r in rows] == ref
