"""Requirement: a bad rules.yaml fails at load with a ModelError that names the file, the
line and the column of the offending spot, and says what was expected."""

from __future__ import annotations

import pytest
from helpers_rules import table_model

from digikommun.rules import ModelError, load_model, load_model_text

GOOD_HEAD = """id: m
title: {sv: M, en: M}
inputs:
  x: {type: number, label: {sv: x, en: x}}
"""


def load(text: str) -> ModelError:
    with pytest.raises(ModelError) as ei:
        load_model_text(text, "rules.yaml")
    return ei.value


def test_feel_syntax_error_points_into_the_expression():
    err = load(
        GOOD_HEAD + "decisions:\n  - id: d\n    title: {sv: D, en: D}\n    expression: x + * 2\n"
    )
    assert (err.source, err.line) == ("rules.yaml", 8)
    # "x + * 2" starts at column 17; the '*' is the 5th character.
    assert err.column == 21
    assert "expected an expression" in err.message and "'x + * 2'" in err.message
    assert str(err).startswith("rules.yaml:8:21: ")


def test_syntax_error_in_quoted_expression_counts_the_quote():
    err = load(
        GOOD_HEAD
        + 'decisions:\n  - id: d\n    title: {sv: D, en: D}\n    expression: "if x then"\n'
    )
    assert err.line == 8
    assert err.column == 18 + len("if x then")
    assert "expected an expression" in err.message


def test_missing_key():
    err = load("id: m\ndecisions:\n  - id: d\n    title: {sv: D, en: D}\n    expression: 1\n")
    assert (err.line, err.column) == (1, 1)
    assert "title" in err.message


def test_unknown_name_in_expression():
    err = load(
        GOOD_HEAD + "decisions:\n  - id: d\n    title: {sv: D, en: D}\n    expression: x + y\n"
    )
    assert (err.line, err.column) == (8, 17)
    assert "unknown name 'y'" in err.message


def test_reference_to_a_later_decision():
    text = GOOD_HEAD + (
        "decisions:\n"
        "  - id: a\n    title: {sv: A, en: A}\n    expression: b + 1\n"
        "  - id: b\n    title: {sv: B, en: B}\n    expression: x\n"
    )
    err = load(text)
    assert err.line == 8
    assert "unknown name 'b'" in err.message and "defined later" in err.message


def test_bad_hit_policy():
    err = load(table_model("SOMETIMES", "        - {id: r1, when: ['1'], then: ['1']}"))
    assert "unknown hit policy 'SOMETIMES'" in err.message
    assert err.line == 11


def test_wrong_number_of_cells():
    err = load(table_model("UNIQUE", "        - {id: r1, when: ['1', '2'], then: ['1']}"))
    assert "2 input cells but the table has 1 inputs" in err.message
    assert err.line == 15


def test_bad_date_in_parameter():
    text = GOOD_HEAD + (
        "parameters:\n  p:\n    description: {sv: P, en: P}\n    values:\n"
        "      - {from: 2019-13-01, value: 1, reference: R}\n"
        "decisions:\n  - id: d\n    title: {sv: D, en: D}\n    expression: p\n"
    )
    err = load(text)
    assert err.line == 9
    assert "bad date '2019-13-01'" in err.message


def test_yaml_syntax_error_has_position():
    err = load("id: m\ntitle: [unclosed\n")
    assert err.line >= 2
    assert "YAML syntax" in err.message


def test_bad_unary_test_cell():
    err = load(table_model("UNIQUE", "        - {id: r1, when: ['[1..'], then: ['1']}"))
    assert err.line == 15
    assert "input cell" in err.message


def test_load_model_reads_a_file(tmp_path):
    p = tmp_path / "rules.yaml"
    p.write_text(
        GOOD_HEAD + "decisions:\n  - id: d\n    title: {sv: D, en: D}\n    expression: (x\n"
    )
    with pytest.raises(ModelError) as ei:
        load_model(p)
    assert ei.value.source == str(p)
    assert ei.value.line == 8
