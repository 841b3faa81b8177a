"""Requirement: decision tables apply the DMN hit policies — UNIQUE (two matches is an
error), FIRST, PRIORITY, ANY, RULE ORDER, OUTPUT ORDER, COLLECT with and without
aggregation — and fall back to the table's default (else null) when no rule matches."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from helpers_rules import table_model

from digikommun.rules import EvaluationError, load_model_text

DAY = dt.date(2020, 1, 1)
OVERLAP = """        - {id: low, when: ['< 10'], then: ['"low"']}
        - {id: mid, when: ['[5..20]'], then: ['"mid"']}
        - {id: any, when: ['-'], then: ['"any"']}
"""


def run(hit_policy: str, x: int, rules: str = OVERLAP, **kw: str) -> object:
    model = load_model_text(table_model(hit_policy, rules, **kw), "t.yaml")
    return model.evaluate({"x": x}, as_of=DAY).values["d"]


def test_unique_single_match():
    rules = """        - {id: a, when: ['< 10'], then: ['"a"']}
        - {id: b, when: ['>= 10'], then: ['"b"']}
"""
    assert run("UNIQUE", 3, rules) == "a"
    assert run("UNIQUE", 30, rules) == "b"


def test_unique_two_matches_is_an_error():
    with pytest.raises(EvaluationError, match="UNIQUE.*low, mid, any"):
        run("UNIQUE", 7)


def test_first_takes_the_first_match_in_rule_order():
    assert run("FIRST", 7) == "low"
    assert run("FIRST", 15) == "mid"
    assert run("FIRST", 50) == "any"


def test_no_match_gives_default_or_null():
    rules = "        - {id: a, when: ['< 0'], then: ['\"neg\"']}\n"
    assert run("UNIQUE", 5, rules) is None
    assert run("FIRST", 5, rules, extra="      default: '\"none\"'\n") == "none"


def test_rule_order_and_collect_return_all_matches():
    assert run("RULE ORDER", 7) == ["low", "mid", "any"]
    assert run("COLLECT", 7) == ["low", "mid", "any"]
    assert run("COLLECT", 50) == ["any"]


def test_priority_and_output_order_use_the_output_value_list():
    outputs = "[{name: out, values: ['\"any\"', '\"mid\"', '\"low\"']}]"
    assert run("PRIORITY", 7, outputs=outputs) == "any"
    assert run("OUTPUT ORDER", 7, outputs=outputs) == ["any", "mid", "low"]


def test_any_requires_equal_outputs():
    same = """        - {id: a, when: ['< 10'], then: ['"yes"']}
        - {id: b, when: ['< 20'], then: ['"yes"']}
"""
    assert run("ANY", 5, same) == "yes"
    with pytest.raises(EvaluationError, match="ANY"):
        run("ANY", 7)


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        ("COLLECT SUM", Decimal(6)),
        ("COLLECT MIN", Decimal(1)),
        ("COLLECT MAX", Decimal(3)),
        ("COLLECT COUNT", Decimal(3)),
    ],
)
def test_collect_aggregations(policy, expected):
    rules = """        - {id: a, when: ['-'], then: ['1']}
        - {id: b, when: ['-'], then: ['2']}
        - {id: c, when: ['-'], then: ['3']}
"""
    assert run(policy, 0, rules) == expected


def test_multiple_outputs_give_a_context():
    rules = "        - {id: a, when: ['-'], then: ['\"ok\"', 'x * 2']}\n"
    assert run("UNIQUE", 4, rules, outputs="[outcome, amount]") == {
        "outcome": "ok",
        "amount": Decimal(8),
    }


def test_multiple_inputs_must_all_match():
    rules = """        - {id: a, when: ['> 1', '"a"'], then: ['"both"']}
        - {id: b, when: ['-', '-'], then: ['"other"']}
"""
    model = load_model_text(table_model("FIRST", rules, inputs="[x, s]"), "t.yaml")
    assert model.evaluate({"x": 2, "s": "a"}, as_of=DAY).values["d"] == "both"
    assert model.evaluate({"x": 2, "s": "b"}, as_of=DAY).values["d"] == "other"
