"""Requirement: FEEL expressions evaluate with FEEL semantics — Decimal arithmetic, typed
comparisons, three-valued and/or/not, if-then-else, strings, null, lists with 1-based
indexing, and the built-in functions — and syntax errors say where and what was expected."""

from __future__ import annotations

from decimal import Decimal

import pytest

from digikommun.rules.errors import FeelSyntaxError
from digikommun.rules.feel import evaluate


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("1 + 2 * 3", Decimal(7)),
        ("(1 + 2) * 3", Decimal(9)),
        ("10 / 4", Decimal("2.5")),
        ("0.1 + 0.2", Decimal("0.3")),
        ("2 ** 10", Decimal(1024)),
        ("-3 + 1", Decimal(-2)),
        ("1 / 0", None),
        ("1 + null", None),
        ('"a" + "b"', "ab"),
        ("1 < 2", True),
        ("1 = 1.0", True),
        ('1 = "1"', None),
        ("null = null", True),
        ("true and null", None),
        ("false and null", False),
        ("true or null", True),
        ("not(true)", False),
        ("if 1 > 2 then 1 else 2", Decimal(2)),
        ("if null then 1 else 2", Decimal(2)),
        ("[10, 20, 30][1]", Decimal(10)),
        ("[10, 20, 30][-1]", Decimal(30)),
        ("[10, 20, 30][4]", None),
        ("min(3, 1, 2)", Decimal(1)),
        ("max([3, 1, 2])", Decimal(3)),
        ("sum([1, 2, 3])", Decimal(6)),
        ("abs(-4)", Decimal(4)),
        ("floor(2.7)", Decimal(2)),
        ("ceiling(2.1)", Decimal(3)),
        ("decimal(2.345, 2)", Decimal("2.34")),
        ("decimal(2.355, 2)", Decimal("2.36")),
        ("count([1, 2, 3])", Decimal(3)),
        ("5 between 1 and 10", True),
        ('"b" in ("a", "b")', True),
    ],
)
def test_expressions(expr, expected):
    got = evaluate(expr)
    assert got == expected and type(got) is type(expected)


def test_names_come_from_the_environment():
    assert evaluate("income - 100", {"income": 1000}) == Decimal(900)
    assert evaluate("monthly salary * 12", {"monthly salary": 10}) == Decimal(120)


def test_syntax_error_says_where_and_what():
    with pytest.raises(FeelSyntaxError) as ei:
        evaluate("1 + (2 * 3")
    assert ei.value.position == 10
    assert "expected ')'" in str(ei.value)
