"""Requirement (property-based): any text given to the FEEL parser yields a value or a clear
FeelSyntaxError, never another exception; and an expression printed from its AST parses
back to the same AST."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digikommun.rules.errors import FeelSyntaxError
from digikommun.rules.feel import ast as A
from digikommun.rules.feel import evaluate
from digikommun.rules.feel.ast import unparse
from digikommun.rules.feel.builtins import BUILTINS
from digikommun.rules.feel.parser import build_trie, parse_expression, parse_unary_tests

TOKENS = [
    "1", "2.5", "0", "-", "+", "*", "/", "**", "(", ")", "[", "]", "{", "}", ",", ".", "..",
    ":", "=", "!=", "<", "<=", ">", ">=", '"a"', '"b c"', "true", "false", "null", "x", "y",
    "xs", "item", "if", "then", "else", "for", "in", "return", "some", "every", "satisfies",
    "and", "or", "not", "between", "instance", "of", "number", "function", "?", "@",
    '"2019-01-01"', "date", "sum", "max", "count", "substring", "string length", "@\"P1D\"",
]  # fmt: skip
ENV = {"x": 3, "y": "s", "xs": [1, 2, 3]}


def _check(text: str) -> None:
    try:
        evaluate(text, ENV)
    except FeelSyntaxError as e:
        assert e.message and 0 <= e.position <= len(text)
    try:
        parse_unary_tests(text)
    except FeelSyntaxError:
        pass


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=40))
def test_any_text_gives_value_or_syntax_error(text):
    _check(text)


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=14))
def test_token_soup_gives_value_or_syntax_error(tokens):
    _check(" ".join(tokens))


names = st.sampled_from(["x", "y", "total sum", "item", "a"])
leaves = st.one_of(
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False).map(
        lambda d: A.Num(Decimal(d).normalize() if d == d.to_integral_value() else d)
    ),
    st.text(max_size=5).map(A.Str),
    st.booleans().map(A.Bool),
    st.just(A.Null()),
    names.map(A.Name),
)


def _extend(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.one_of(
        st.builds(A.BinOp, st.sampled_from(["+", "-", "*", "/", "**"]), children, children),
        st.builds(
            A.Compare, st.sampled_from(["=", "!=", "<", "<=", ">", ">="]), children, children
        ),
        st.builds(A.And, children, children),
        st.builds(A.Or, children, children),
        st.builds(A.Neg, children),
        st.builds(A.If, children, children, children),
        st.builds(A.Between, children, children, children),
        st.builds(lambda xs: A.ListLit(tuple(xs)), st.lists(children, max_size=3)),
        st.builds(A.Filter, children, children),
        st.builds(A.Path, children, st.sampled_from(["a", "year", "b c"])),
        st.builds(
            lambda f, xs: A.Call(A.Name(f), tuple(xs)),
            st.sampled_from(["max", "sum", "string length"]),
            st.lists(children, max_size=3),
        ),
        st.builds(lambda k, v: A.ContextLit(((k, v),)), st.sampled_from(["a", "b c"]), children),
        st.builds(lambda n, s, b: A.For((A.Iteration(n, s),), b), st.just("i"), children, children),
        st.builds(lambda s, e: A.RangeLit(s, e, True, False), children, children),
    )


asts = st.recursive(leaves, _extend, max_leaves=12)
TRIES = [build_trie(BUILTINS), build_trie(["total sum", "x", "y", "item", "a", "i"])]


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(asts)
def test_unparse_round_trips(node):
    text = unparse(node)
    assert parse_expression(text, TRIES) == node, text
