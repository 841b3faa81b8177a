"""Requirement: DMN XML (1.1 to 1.5) imports into the same model as rules.yaml — input data,
item definitions, literal expressions, decision tables, contexts, invocations, relations,
lists, BKMs and decision services, decisions using decisions — and a model exports to
DMN 1.3 XML that imports back with the same results."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from helpers_rules import AS_OF_2019, BISTAND, PARKERING, household

from digikommun.rules import ModelError, load_model
from digikommun.rules.cli import main
from digikommun.rules.dmn_export import export_dmn
from digikommun.rules.dmn_import import load_dmn_text
from digikommun.rules.feel.values import to_feel

DMN13 = "https://www.omg.org/spec/DMN/20191111/MODEL/"


def dmn(body: str, ns: str = DMN13, extra: str = "") -> str:
    return (
        f'<definitions xmlns="{ns}" {extra} name="t" id="t" namespace="urn:t">{body}</definitions>'
    )


def test_dmn11_with_feel_prefixed_types_and_names_with_spaces():
    model = load_dmn_text(
        dmn(
            '<inputData id="i" name="Monthly Salary"><variable name="Monthly Salary" '
            'typeRef="feel:number"/></inputData>'
            '<decision id="d" name="Yearly Salary"><variable name="Yearly Salary" typeRef="feel:number"/>'
            '<informationRequirement><requiredInput href="#i"/></informationRequirement>'
            "<literalExpression><text>Monthly Salary * 12</text></literalExpression></decision>",
            ns="http://www.omg.org/spec/DMN/20151101/dmn.xsd",
            extra='xmlns:feel="http://www.omg.org/spec/FEEL/20140401"',
        )
    )
    assert model.evaluate({"Monthly Salary": 1000}).values["Yearly Salary"] == Decimal(12000)


def test_bkm_context_invocation_relation_and_list():
    model = load_dmn_text(
        dmn(
            '<businessKnowledgeModel id="b" name="Add Tax"><encapsulatedLogic>'
            '<formalParameter name="amount" typeRef="number"/><formalParameter name="rate"/>'
            "<literalExpression><text>amount * (1 + rate)</text></literalExpression>"
            "</encapsulatedLogic></businessKnowledgeModel>"
            '<decision id="d1" name="Invoice"><variable name="Invoice"/><context>'
            '<contextEntry><variable name="net"/><literalExpression><text>100</text></literalExpression></contextEntry>'
            '<contextEntry><variable name="gross"/><invocation><literalExpression><text>Add Tax</text>'
            '</literalExpression><binding><parameter name="amount"/><literalExpression><text>net</text>'
            '</literalExpression></binding><binding><parameter name="rate"/><literalExpression>'
            "<text>0.25</text></literalExpression></binding></invocation></contextEntry>"
            "</context></decision>"
            '<decision id="d2" name="Rows"><variable name="Rows"/><relation>'
            '<column name="a"/><column name="b"/>'
            "<row><literalExpression><text>1</text></literalExpression><literalExpression><text>2</text>"
            "</literalExpression></row></relation></decision>"
            '<decision id="d3" name="Items"><variable name="Items"/><list>'
            "<literalExpression><text>Invoice.gross</text></literalExpression>"
            "<literalExpression><text>Rows[1].b</text></literalExpression></list></decision>"
        )
    )
    values = model.evaluate({}).values
    assert values["Invoice"] == {"net": Decimal(100), "gross": Decimal(125)}
    assert values["Rows"] == [{"a": Decimal(1), "b": Decimal(2)}]
    assert values["Items"] == [Decimal(125), Decimal(2)]


def test_item_definitions_conform_values():
    model = load_dmn_text(
        dmn(
            '<itemDefinition name="tStatus"><typeRef>string</typeRef><allowedValues>'
            '<text>"A","B"</text></allowedValues></itemDefinition>'
            '<decision id="d1" name="Good"><variable name="Good" typeRef="tStatus"/>'
            '<literalExpression><text>["A"]</text></literalExpression></decision>'
            '<decision id="d2" name="Bad"><variable name="Bad" typeRef="tStatus"/>'
            '<literalExpression><text>"C"</text></literalExpression></decision>'
        )
    )
    values = model.evaluate({}).values
    assert values == {"Good": "A", "Bad": None}  # singleton list unwrapped; "C" not allowed


def test_decision_service_is_a_function():
    model = load_dmn_text(
        dmn(
            '<inputData id="i" name="A"><variable name="A" typeRef="number"/></inputData>'
            '<decision id="d1" name="Double"><variable name="Double"/><informationRequirement>'
            '<requiredInput href="#i"/></informationRequirement><literalExpression><text>A * 2'
            "</text></literalExpression></decision>"
            '<decision id="d2" name="Call"><variable name="Call"/><literalExpression>'
            "<text>Doubler(21)</text></literalExpression></decision>"
            '<decisionService id="s" name="Doubler"><outputDecision href="#d1"/>'
            '<inputData href="#i"/></decisionService>'
        )
    )
    assert model.evaluate({"A": 1}).values == {"Double": Decimal(2), "Call": Decimal(42)}


def test_bad_xml_and_unknown_namespace_are_model_errors():
    with pytest.raises(ModelError) as ei:
        load_dmn_text("<definitions", "x.dmn")
    assert ei.value.source == "x.dmn" and ei.value.line == 1
    with pytest.raises(ModelError, match="unknown DMN namespace"):
        load_dmn_text('<definitions xmlns="urn:other"/>', "x.dmn")


@pytest.mark.parametrize("path", [BISTAND, PARKERING])
def test_export_to_dmn13_round_trips(path):
    model = load_model(path)
    xml = export_dmn(model, as_of=AS_OF_2019)
    root = ET.fromstring(xml)
    assert root.tag == "{" + DMN13 + "}definitions"
    assert root.find("{" + DMN13 + "}decision/{" + DMN13 + "}decisionTable") is not None
    back = load_dmn_text(xml, "exported.dmn")
    if path == BISTAND:
        cases = [household(), household(assets=20000), household(adults=2, children_3=2)]
    else:
        base = {
            "registered_in_zone": True,
            "zone": "outer_city",
            "vehicle_relation": "owner",
            "vehicle_weight": 2000,
            "applicant_age": 30,
        }
        cases = [base, {**base, "vehicle_relation": "other"}, {**base, "vehicle_weight": 4000}]
    for facts in cases:
        expected = model.evaluate(facts, as_of=AS_OF_2019).outputs
        got = back.evaluate({k: to_feel(v) for k, v in facts.items()}).outputs
        assert got == expected


def test_cli_check_eval_export(tmp_path, capsys):
    assert main(["check", str(BISTAND), str(PARKERING)]) == 0
    assert (
        main(
            [
                "eval",
                str(PARKERING),
                "--as-of",
                "2026-01-01",
                "registered_in_zone=true",
                "zone=outer_city",
                "vehicle_relation=owner",
                "vehicle_weight=1200",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert '"outcome": "approved"' in out and "500\u00a0kr" in out
    target = tmp_path / "p.dmn"
    assert main(["export", str(PARKERING), str(target)]) == 0
    assert load_model(target).top == "beslut"
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\n")
    assert main(["check", str(bad)]) == 1
    assert "bad.yaml:1:1:" in capsys.readouterr().err
