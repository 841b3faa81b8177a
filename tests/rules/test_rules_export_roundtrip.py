"""Requirement (issue 15, item 3): `digikommun rules export` writes a model as DMN that
travels: parameters as valid on `--as-of DATE`, or every dated value with `--all-dates`;
a typeRef on every decision and input; titles, legal references and explanations in
Swedish and English.  Exported and imported again, the model gives the same value for
every decision on every example case of the demo services (services/*/tests/*.yaml)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.utils import translation
from helpers_rules import ROOT

from digikommun.catalog.definition import load_definition
from digikommun.catalog.examples import _raw
from digikommun.catalog.facts import facts_for, parse_answers
from digikommun.catalog.period import decision_date, period_start
from digikommun.common.yamlsrc import load_text
from digikommun.forms.clock import judged_on
from digikommun.rules import load_model
from digikommun.rules.cli import main
from digikommun.rules.dmn_export import EVALUATION_DATE, export_dmn
from digikommun.rules.dmn_import import load_dmn_text
from digikommun.rules.errors import ParameterMissing

SERVICES = [p.parent for p in sorted(ROOT.glob("services/*/rules.yaml"))]
DMN = "{https://www.omg.org/spec/DMN/20191111/MODEL/}"


def example_cases(folder: Path):
    """(name, as_of, facts, overlays) for each example case, made as the service makes them
    (catalog/examples.py): answers judged on the day they were sent, the decision date from
    the month applied for, the platform's facts from earlier cases given directly."""
    definition = load_definition(folder)
    for path, text in sorted(definition.files.items()):
        if not path.startswith("tests/"):
            continue
        for case in load_text(text, path)["cases"]:
            raw = {k: _raw(v) for k, v in (case.get("answers") or {}).items()}
            sent_on = case.get("as_of", period_start(definition, raw) or dt.date(2026, 3, 1))
            as_of = decision_date(definition, raw, submitted_on=sent_on)
            with translation.override("en"), judged_on(sent_on):
                answers = parse_answers(definition, raw)
            facts = facts_for(
                definition,
                answers,
                applicant_personnummer=None,
                on=as_of,
                applicant_age=case.get("applicant_age", 40),
                platform={
                    name: case.get(name, 0)
                    for name in ("assistance_months_in_row", "jobbstimulans_months_used")
                },
            )
            yield case["name"], as_of, facts, tuple(case.get("overlays") or ())


@pytest.mark.parametrize("folder", SERVICES, ids=lambda p: p.name)
def test_export_import_gives_the_same_values_on_the_example_cases(folder):
    definition = load_definition(folder)
    cases = list(example_cases(folder))
    assert cases, "the service has example cases"
    compared = 0
    for name, as_of, facts, overlays in cases:
        model = definition.rules_with(overlays)
        try:
            original = model.evaluate(facts, as_of=as_of)
        except ParameterMissing:
            continue  # not decided by the rules (the date lies past what they cover)
        compared += 1
        all_dates = load_dmn_text(export_dmn(model, all_dates=True), "all.dmn")
        on_date = load_dmn_text(export_dmn(model, as_of), "on-date.dmn")
        again = on_date.evaluate(facts)
        dated = all_dates.evaluate({**facts, EVALUATION_DATE: as_of})
        for d in model.decisions:
            assert again.values[d] == original.values[d], (name, d)
            assert dated.values[d] == original.values[d], (name, d, "all dates")
        assert again.errors == [] or again.errors == (), (name, again.errors)
    assert compared, "some example case is decided by the rules"


def test_as_of_picks_the_value_valid_on_that_date():
    model = load_model(ROOT / "services/ekonomiskt-bistand/rules.yaml")
    p = model.parameters["norm_single_adult"]
    old, new = p.values[0], p.values[-1]
    assert old.value != new.value
    for v in (old, new):
        root = ET.fromstring(export_dmn(model, v.valid_from))
        dec = next(e for e in root.iter(f"{DMN}decision") if e.get("name") == p.name)
        assert dec.find(f"{DMN}literalExpression/{DMN}text").text == str(v.value)


def test_all_dates_writes_every_dated_value_with_its_source():
    model = load_model(ROOT / "services/ekonomiskt-bistand/rules.yaml")
    p = model.parameters["norm_single_adult"]
    root = ET.fromstring(export_dmn(model, all_dates=True))
    dec = next(e for e in root.iter(f"{DMN}decision") if e.get("name") == p.name)
    rules = dec.findall(f"{DMN}decisionTable/{DMN}rule")
    assert len(rules) == len(p.values) > 1
    assert [r.find(f"{DMN}annotationEntry/{DMN}text").text for r in rules] == [
        v.reference for v in p.values
    ]
    # The table answers for any date: the first value before the second is valid.
    dmn = load_dmn_text(export_dmn(model, all_dates=True), "all.dmn")
    r = dmn.evaluate({EVALUATION_DATE: p.values[0].valid_from}, decisions=[p.name])
    assert r.values[p.name] == p.values[0].value


def test_every_decision_and_input_has_a_type_ref():
    model = load_model(ROOT / "services/ekonomiskt-bistand/rules.yaml")
    root = ET.fromstring(export_dmn(model, dt.date(2026, 3, 1)))
    variables = {
        v.get("name"): v.get("typeRef") for v in root.iter(f"{DMN}variable")
    }  # fmt: skip
    assert set(variables) >= set(model.decisions) | set(model.inputs)
    assert all(variables.values())
    assert variables["need"] == "number"
    assert variables["facts_complete"] == "boolean"
    assert variables["adults"] == "number"


def test_both_languages_go_out_and_come_back():
    model = load_model(ROOT / "services/ekonomiskt-bistand/rules.yaml")
    text = export_dmn(model, dt.date(2026, 3, 1))
    assert '<annotation name="explain (sv)"/>' in text
    assert '<annotation name="explain (en)"/>' in text
    back = load_dmn_text(text, "x.dmn")
    for d in model.decisions.values():
        assert back.decisions[d.id].title == d.title
        assert back.decisions[d.id].explanation == d.explanation
        if hasattr(d.expression, "rules"):
            for r0, r1 in zip(
                d.expression.rules, back.decisions[d.id].expression.rules, strict=True
            ):
                assert r1.explanation == r0.explanation
                assert r1.legal == r0.legal


def test_cli_export_as_of_and_all_dates(tmp_path, capsys):
    src = str(ROOT / "services/boendeparkering/rules.yaml")
    assert main(["export", src, str(tmp_path / "a.dmn"), "--as-of", "2026-03-01"]) == 0
    assert main(["export", src, str(tmp_path / "b.dmn"), "--all-dates"]) == 0
    assert EVALUATION_DATE in (tmp_path / "b.dmn").read_text(encoding="utf-8")
    assert main(["check", str(tmp_path / "a.dmn"), str(tmp_path / "b.dmn")]) == 0
    with pytest.raises(SystemExit):
        main(["export", src, str(tmp_path / "c.dmn"), "--as-of", "yesterday"])
