"""Requirement: decision-table cells support the FEEL unary tests — comparisons, ranges with
open and closed ends, lists of values, not(...), "-", plain values, names and null —
with FEEL's typed comparison (a number never equals a string)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from digikommun.rules.errors import FeelSyntaxError
from digikommun.rules.feel.compiler import compile_tests
from digikommun.rules.feel.parser import parse_unary_tests


def matches(test: str, value: object, **env: object) -> bool:
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    env = {k: Decimal(v) if isinstance(v, int) else v for k, v in env.items()}
    return compile_tests(parse_unary_tests(test))(value, env)


@pytest.mark.parametrize(
    ("test", "yes", "no"),
    [
        ("< 5", [4, -1], [5, 6]),
        ("<= 5", [5], [6]),
        ("> 5", [6], [5]),
        (">= 5", [5], [4]),
        ("[1..5]", [1, 5, 3], [0, 6]),
        ("(1..5]", [2, 5], [1]),
        ("[1..5)", [1], [5]),
        ("]1..5[", [2], [1, 5]),
        ("5", [5], [4]),
        ("1, 3, 5", [1, 3, 5], [2]),
        ("not(1, 3)", [2], [1, 3]),
        ("not([1..3])", [4], [2]),
        ("-", [1, 99], []),
        ("< 2, > 8", [1, 9], [5]),
    ],
)
def test_numeric_tests(test, yes, no):
    for v in yes:
        assert matches(test, v), (test, v)
    for v in no:
        assert not matches(test, v), (test, v)


def test_string_lists_and_negation():
    assert matches('"a","b"', "a")
    assert not matches('"a","b"', "c")
    assert matches('not("a","b")', "c")
    assert not matches('not("a")', "a")


def test_booleans_and_null():
    assert matches("true", True)
    assert not matches("true", False)
    assert matches("null", None)
    assert not matches("< 5", None)
    assert matches("not(true)", None)  # null is "not true"


def test_types_do_not_mix():
    assert not matches('"5"', 5)
    assert not matches("5", "5")
    assert not matches("< 5", "a")


def test_names_and_expressions():
    assert matches(">= limit", 10, limit=10)
    assert not matches("> limit", 10, limit=10)
    assert matches("[lo..hi]", 3, lo=1, hi=5)
    assert matches("? > 2 and ? < 4", 3)
    assert matches("x + 1", 3, x=2)


def test_bad_test_is_a_syntax_error():
    with pytest.raises(FeelSyntaxError):
        parse_unary_tests("[1..")
    with pytest.raises(FeelSyntaxError):
        parse_unary_tests("< ")
