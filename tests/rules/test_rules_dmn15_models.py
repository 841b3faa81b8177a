"""Requirement (issue 15): DMN models written elsewhere load and evaluate as DMN 1.5 says.

The DMN 1.5 namespace; boxed conditional, filter, for, some and every (§8.3); a decision
without logic (§6.3.7: optional, null); ``<import>`` of other models by namespace, names
prefixed with the import's name (§6.3.3); names no input declares (Camunda 7's
dinnerDecisions style) and values outside allowed values give null plus an error, listed by
``digikommun rules check``; a PMML invocation is refused at load."""

from __future__ import annotations

from decimal import Decimal

import pytest

from digikommun.rules import ModelError, load_model
from digikommun.rules.cli import main
from digikommun.rules.dmn_import import load_dmn_text

NS15 = "https://www.omg.org/spec/DMN/20230324/MODEL/"


def dmn(body: str, namespace: str = "urn:test:main", imports: str = "") -> str:
    return (
        f'<definitions xmlns="{NS15}" id="m" name="m" namespace="{namespace}">'
        f"{imports}{body}</definitions>"
    )


def literal(name: str, text: str, type_ref: str = "") -> str:
    tr = f' typeRef="{type_ref}"' if type_ref else ""
    return (
        f'<decision id="_{name}" name="{name}"><variable name="{name}"{tr}/>'
        f"<literalExpression><text>{text}</text></literalExpression></decision>"
    )


def q(text: str) -> str:
    """A FEEL string literal."""
    return chr(34) + text + chr(34)


def le(text: str) -> str:
    return f"<literalExpression><text>{text}</text></literalExpression>"


def test_the_dmn_15_namespace_is_read():
    model = load_dmn_text(dmn(literal("d", "1 + 1")))
    assert model.evaluate({}).values["d"] == Decimal(2)


# --- boxed expressions (§8.3.x) -------------------------------------------------------------

BOXED = {
    "cond": f"<conditional><if>{le('x > 1')}</if><then>{le(q('big'))}</then>"
    f"<else>{le(q('small'))}</else></conditional>",
    "filtered": f"<filter><in>{le('[1,2,3,4,5]')}</in><match>{le('item >= x')}</match></filter>",
    "doubled": f'<for iteratorVariable="e"><in>{le("[1,2,3]")}</in>'
    f"<return>{le('e * x')}</return></for>",
    "any big": f'<some iteratorVariable="e"><in>{le("[1,2,3]")}</in>'
    f"<satisfies>{le('e > x')}</satisfies></some>",
    "all big": f'<every iteratorVariable="e"><in>{le("[1,2,3]")}</in>'
    f"<satisfies>{le('e > x')}</satisfies></every>",
}


@pytest.fixture(scope="module")
def boxed():
    decisions = "".join(
        f'<decision id="_{i}" name="{n}"><variable name="{n}"/>{x}</decision>'
        for i, (n, x) in enumerate(BOXED.items())
    )
    inp = '<inputData id="x" name="x"><variable name="x" typeRef="number"/></inputData>'
    return load_dmn_text(dmn(inp + decisions))


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        (2, {"cond": "big", "filtered": [2, 3, 4, 5], "doubled": [2, 4, 6], "any big": True,
             "all big": False}),
        (0, {"cond": "small", "filtered": [1, 2, 3, 4, 5], "doubled": [0, 0, 0],
             "any big": True, "all big": True}),
        (3, {"cond": "big", "filtered": [3, 4, 5], "doubled": [3, 6, 9], "any big": False,
             "all big": False}),
    ],
)  # fmt: skip
def test_boxed_iterators_filter_and_conditional(boxed, x, expected):
    values = boxed.evaluate({"x": x}).values
    for name, want in expected.items():
        got = values[name]
        assert got == ([Decimal(v) for v in want] if isinstance(want, list) else want), name


def test_a_condition_that_is_not_a_boolean_gives_null():
    body = (
        '<decision id="_a" name="a"><variable name="a"/><conditional><if>' + le(q("abc")) + "</if>"
        f"<then>{le('1')}</then><else>{le('2')}</else></conditional></decision>"
        f'<decision id="_b" name="b"><variable name="b"/><filter><in>{le("[1,2]")}</in>'
        f"<match>{le(q('no'))}</match></filter></decision>"
    )
    values = load_dmn_text(dmn(body)).evaluate({}).values
    assert values == {"a": None, "b": None}


# --- a decision without logic (§6.3.7) ----------------------------------------------------


def test_a_decision_without_logic_is_null_with_an_error_not_a_crash():
    body = '<decision id="_e" name="evaluation"><variable name="evaluation"/></decision>'
    body += literal("summary", "string(evaluation = null)")
    model = load_dmn_text(dmn(body))
    r = model.evaluate({})
    assert r.values == {"evaluation": None, "summary": "true"}
    assert any("no decision logic" in e for e in r.errors)


# --- <import> (§6.3.3) ---------------------------------------------------------------------

IMPORTED = dmn(
    '<itemDefinition name="tPerson"><itemComponent name="name"><typeRef>string</typeRef>'
    "</itemComponent></itemDefinition>"
    '<inputData id="p" name="Person"><variable name="Person" typeRef="tPerson"/></inputData>'
    '<businessKnowledgeModel id="_b" name="Say Hello"><variable name="Say Hello"/>'
    '<encapsulatedLogic><formalParameter name="p" typeRef="tPerson"/>'
    + le(q("Hello ") + " + p.name")
    + "</encapsulatedLogic>"
    "</businessKnowledgeModel>" + literal("Greeting", '"Hi " + Person.name'),
    namespace="urn:test:imported",
)


def test_imported_names_are_reached_through_the_import_name(tmp_path):
    (tmp_path / "imported.dmn").write_text(IMPORTED, encoding="utf-8")
    imp = (
        '<import namespace="urn:test:imported" name="lib" '
        f'importType="{NS15}" locationURI="imported.dmn"/>'
    )
    body = (
        '<inputData id="a" name="A Person"><variable name="A Person" typeRef="lib.tPerson"/>'
        "</inputData>"
        + literal("hello", "lib.Say Hello(A Person)")
        + literal("theirs", "lib.Greeting")
    )
    (tmp_path / "main.dmn").write_text(dmn(body, imports=imp), encoding="utf-8")
    model = load_model(tmp_path / "main.dmn")
    r = model.evaluate({"A Person": {"name": "Ada"}, "lib": {"Person": {"name": "Bo"}}})
    assert r.values == {"hello": "Hello Ada", "theirs": "Hi Bo"}
    assert r.errors == []


def test_an_import_that_cannot_be_found_is_an_error_at_load(tmp_path):
    imp = f'<import namespace="urn:nowhere" name="lib" importType="{NS15}"/>'
    (tmp_path / "main.dmn").write_text(dmn(literal("d", "1"), imports=imp), encoding="utf-8")
    with pytest.raises(ModelError, match="urn:nowhere"):
        load_model(tmp_path / "main.dmn")


# --- names no input declares (Camunda 7 style) ---------------------------------------------


def table(name: str, inputs: list[str], outputs: list[str], rules: list[list[str]]) -> str:
    ins = "".join(
        f'<input id="{name}_i{k}"><inputExpression><text>{t}</text></inputExpression></input>'
        for k, t in enumerate(inputs)
    )
    outs = "".join(f'<output id="{name}_o{k}" name="{o}"/>' for k, o in enumerate(outputs))
    rows = "".join(
        f'<rule id="{name}_r{j}">'
        + "".join(f"<inputEntry><text>{c}</text></inputEntry>" for c in r[: len(inputs)])
        + "".join(f"<outputEntry><text>{c}</text></outputEntry>" for c in r[len(inputs) :])
        + "</rule>"
        for j, r in enumerate(rules)
    )
    return (
        f'<decision id="_{name}" name="{name}"><variable name="{name}"/>'
        f'<decisionTable hitPolicy="FIRST">{ins}{outs}{rows}</decisionTable></decision>'
    )


DINNER = dmn(
    table(
        "Dish", ["season", "guestCount"], ["dish"],
        [['"Winter"', "&lt;= 8", '"Roastbeef"'], ['"Summer"', "-", '"Light salad"'],
         ["-", "&gt; 8", '"Stew"'], ["-", "-", '"Pasta"']],
    )
    + table(
        "Beverages", ["Dish", "guestsWithChildren"], ["beverage"],
        [['"Stew"', "-", '"Guinness"'], ["-", "true", '"Apple juice"'], ["-", "-", '"Water"']],
    )
)  # fmt: skip


def test_undeclared_names_are_listed_by_rules_check(tmp_path, capsys):
    path = tmp_path / "dinner.dmn"
    path.write_text(DINNER, encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    for name in ("season", "guestCount", "guestsWithChildren"):
        assert "warning: decision" in out and repr(name) in out
    assert "(3 warnings)" in out
    assert main(["check", "--strict", str(path)]) == 1


def test_undeclared_names_the_caller_supplies_are_used_without_error():
    model = load_dmn_text(DINNER)
    r = model.evaluate({"season": "Winter", "guestCount": 4, "guestsWithChildren": True})
    assert r.values == {"Dish": "Roastbeef", "Beverages": "Apple juice"}
    assert r.errors == []


def test_undeclared_names_not_supplied_are_null_with_an_error():
    model = load_dmn_text(DINNER)
    r = model.evaluate({"season": "Summer"})
    assert r.values == {"Dish": "Light salad", "Beverages": "Water"}
    assert len(r.errors) == 2
    assert "'guestCount'" in r.errors[0] and "does not declare" in r.errors[0]
    assert "'guestsWithChildren'" in r.errors[1]
    # Without trace, too; and in a batch the supplied names are used.
    assert model.evaluate({"season": "Summer"}, trace=False).errors == r.errors
    rows = [{"season": "Winter", "guestCount": 12}, {"season": "Summer"}]
    assert model.evaluate_batch(rows, as_of=None) == [
        {"Beverages": "Guinness"},
        {"Beverages": "Water"},
    ]


# --- allowed values --------------------------------------------------------------------------

ALLOWED = dmn(
    '<itemDefinition name="tZone"><typeRef>string</typeRef>'
    '<allowedValues><text>"inner", "outer"</text></allowedValues></itemDefinition>'
    '<inputData id="z" name="zone"><variable name="zone" typeRef="tZone"/></inputData>'
    + literal("zone text", 'if zone = null then "none" else zone')
    + literal("fee", 'if zone = "inner" then 1100 else "free"', "number")
    + '<decision id="_t" name="zone again"><variable name="zone again" typeRef="tZone"/>'
    '<decisionTable><input id="t_i"><inputExpression><text>zone</text></inputExpression>'
    '</input><output id="t_o"/><rule id="bad"><inputEntry><text>-</text></inputEntry>'
    '<outputEntry><text>"middle"</text></outputEntry></rule></decisionTable></decision>'
)


def test_a_value_outside_the_allowed_values_is_null_with_an_error():
    model = load_dmn_text(ALLOWED)
    r = model.evaluate({"zone": "suburb"})
    assert r.values["zone text"] == "none"
    assert r.values["zone again"] is None
    assert any('"suburb" is not one of the allowed values' in e for e in r.errors)
    assert any('"middle" is not one of the allowed values' in e for e in r.errors)
    ok = model.evaluate({"zone": "inner"})
    assert ok.values["fee"] == Decimal(1100)
    assert ok.values["zone again"] is None  # the table only ever says "middle"


def test_a_value_of_the_wrong_type_is_null_with_an_error():
    r = load_dmn_text(ALLOWED).evaluate({"zone": "outer"})
    assert r.values["fee"] is None
    assert any('"free" is not a number' in e for e in r.errors)


def test_rules_check_lists_a_literal_outside_the_allowed_values(tmp_path, capsys):
    path = tmp_path / "allowed.dmn"
    path.write_text(ALLOWED, encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    assert "rule 'bad' gives" in out and '"middle"' in out


# --- PMML ------------------------------------------------------------------------------------


def test_a_pmml_invocation_is_refused_at_load():
    body = (
        '<businessKnowledgeModel id="_k" name="score"><variable name="score"/>'
        '<encapsulatedLogic kind="PMML"><formalParameter name="x"/>'
        '<context><contextEntry><variable name="document"/>'
        f"{le(q('model.pmml'))}</contextEntry></context>"
        "</encapsulatedLogic></businessKnowledgeModel>" + literal("d", "score(1)")
    )
    with pytest.raises(ModelError, match="PMML is not supported"):
        load_dmn_text(dmn(body))


def test_a_pmml_import_is_refused_at_load():
    imp = (
        '<import namespace="urn:pmml" name="m" locationURI="m.pmml" '
        'importType="http://www.dmg.org/PMML-4_4"/>'
    )
    with pytest.raises(ModelError, match="PMML is not supported"):
        load_dmn_text(dmn(literal("d", "1"), imports=imp))


# --- conformance of structured values (DMN 1.5 §7.3.2, §10.3.2.9.4) --------------------------

PERSON_TYPE = (
    '<itemDefinition name="tPerson"><itemComponent name="name"><typeRef>string</typeRef>'
    '</itemComponent><itemComponent name="age"><typeRef>number</typeRef></itemComponent>'
    "</itemDefinition>"
)
PERSON = dmn(
    PERSON_TYPE + '<businessKnowledgeModel id="_k" name="known"><variable name="known"/>'
    '<encapsulatedLogic><formalParameter name="p" typeRef="tPerson"/>'
    + le("p != null")
    + "</encapsulatedLogic></businessKnowledgeModel>"
    + literal("whole", '{name: "Ada", age: 36}', "tPerson")
    + literal("partial", '{name: "Ada"}', "tPerson")
    + literal("call partial", 'known({name: "Ada"})')
    + literal("call whole", 'known({name: "Ada", age: 36})')
)


def test_a_context_lacking_a_component_does_not_conform():
    r = load_dmn_text(PERSON).evaluate({})
    assert r.values["whole"] == {"name": "Ada", "age": Decimal(36)}
    assert r.values["partial"] is None
    # A BKM called with a non-conforming argument gives null, not a call with null.
    assert r.values["call partial"] is None
    assert r.values["call whole"] is True
    assert any("lacks components of type 'tPerson'" in e for e in r.errors)


def test_instance_of_an_item_definition_checks_its_structure_not_its_allowed_values():
    body = (
        '<itemDefinition name="t255"><typeRef>number</typeRef>'
        "<allowedValues><text>[0..255]</text></allowedValues></itemDefinition>"
        '<itemDefinition name="tNumbers" isCollection="true"><typeRef>number</typeRef>'
        "</itemDefinition>"
        + PERSON_TYPE
        + literal("a", "256 instance of t255")
        + literal("b", '"256" instance of t255')
        + literal("c", "[1, 2] instance of tNumbers")
        + literal("d", '[1, "2"] instance of tNumbers')
        + literal("e", '{name: "Ada", age: 36, extra: 1} instance of tPerson')
        + literal("f", '{name: "Ada"} instance of tPerson')
        + literal("g", '[{name: "Ada", age: 1}] instance of list&lt;tPerson&gt;')
    )
    values = load_dmn_text(dmn(body)).evaluate({}).values
    assert values == {"a": True, "b": False, "c": True, "d": False, "e": True, "f": False,
                      "g": True}  # fmt: skip
