"""Conditions (`show_if`): how they are read from a definition and what they mean.

The page's evaluator (conditions.js) is checked against this one in
tests/browser/test_conditions.py.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from digikommun.common.reader import Reader
from digikommun.forms.conditions import as_number, parse_condition


def cond(raw):
    r = Reader()
    c = parse_condition(r, raw)
    assert not r.errors, r.errors
    return c


def problems(raw) -> str:
    r = Reader()
    parse_condition(r, raw)
    return "\n".join(e.message for e in r.errors)


@pytest.mark.parametrize(
    "raw, answers, shown",
    [
        ({"field": "a", "equals": True}, {"a": "yes"}, True),
        ({"field": "a", "equals": "yes"}, {"a": "no"}, False),
        ({"field": "a", "equals": "yes"}, {}, False),
        ({"field": "a", "equals": 4500}, {"a": "4 500 kr"}, True),
        ({"field": "a", "equals": "b"}, {"a": ["a", "b"]}, True),
        ({"field": "a", "not_equals": "b"}, {"a": "c"}, True),
        ({"field": "a", "not_equals": "b"}, {"a": ""}, False),
        ({"field": "a", "in": ["b", "c"]}, {"a": "c"}, True),
        ({"field": "a", "in": ["b", "c"]}, {"a": "d"}, False),
        ({"field": "a", "greater_than": 10}, {"a": "10,5"}, True),
        ({"field": "a", "greater_than": 10}, {"a": "tio"}, False),
        ({"field": "a", "less_than": 10}, {"a": "-3"}, True),
        ({"all": [{"field": "a", "equals": 1}, {"field": "b", "equals": 2}]}, {"a": "1"}, False),
        ({"any": [{"field": "a", "equals": 1}, {"field": "b", "equals": 2}]}, {"b": "2"}, True),
    ],
)
def test_what_a_condition_means(raw, answers, shown):
    assert cond(raw).evaluate(answers.get) is shown


def test_a_condition_names_the_fields_it_reads_and_has_a_json_form():
    c = cond({"any": [{"field": "a", "in": [1, "x"]}, {"field": "b", "greater_than": 2.5}]})
    assert c.fields() == {"a", "b"}
    assert c.as_json() == {
        "any": [{"field": "a", "in": ["1", "x"]}, {"field": "b", "greater_than": 2.5}]
    }


@pytest.mark.parametrize(
    "raw, message",
    [
        ("yes", "must be a mapping"),
        ({"field": "a"}, "exactly one of"),
        ({"field": "a", "equals": 1, "in": [1]}, "exactly one of"),
        ({"field": "a", "in": "b"}, "takes a list"),
        ({"field": "a", "greater_than": "ten"}, "takes a number"),
        ({"field": "a", "equals": [1]}, "takes one value"),
        ({"all": []}, "takes a list of conditions"),
        ({"field": "a", "equals": 1, "extra": 2}, "takes 'field' and 'equals' only"),
    ],
)
def test_a_wrong_condition_is_explained(raw, message):
    assert message in problems(raw)


@pytest.mark.parametrize(
    "text, number",
    [("4 500", Decimal(4500)), ("12,50 kr", Decimal("12.50")), ("1e5", None), ("", None)],
)
def test_numbers_are_read_as_people_write_them(text, number):
    assert as_number(text) == number
