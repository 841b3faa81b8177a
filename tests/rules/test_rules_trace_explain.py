"""Requirement: a result carries a trace (every decision, every matched rule with the facts
it read, its legal reference and explanation, every parameter used with validity and
source), explain() turns it into plain sv/en sentences naming the norm amount, its
valid-from date and its source, and to_jsonable() makes all of it JSON-safe."""

from __future__ import annotations

import json
from decimal import Decimal

from helpers_rules import AS_OF_2014, AS_OF_2019, BISTAND, household

from digikommun.rules import explain, load_model, to_jsonable


def test_trace_contents():
    model = load_model(BISTAND)
    r = model.evaluate(household(), as_of=AS_OF_2019)
    t = r.trace
    assert [d.id for d in t.decisions] == list(model.decisions)
    top = t.decisions[-1]
    assert top.id == "beslut" and top.title["sv"] == "Beslut om försörjningsstöd"
    (m,) = top.matched
    assert m.decision_id == "beslut" and m.rule_id == "approved"
    assert m.inputs["counted_income"] == Decimal(2000)
    assert m.inputs["resides_in_municipality"] is True
    assert m.outputs == {"outcome": "approved", "amount": Decimal(7380)}
    assert m.legal == "sol_right"  # a provision of the model, by id
    assert "{amount}" in m.explanation["sv"]
    assert "Socialtjänstlagen (2025:400) 12 kap. 1 § – rätten till bistånd" in t.legal_references
    used = [p.name for p in t.parameters]
    assert "norm_single_adult" in used and "common_household_costs" in used
    # Norms for people the household does not have are not "used".
    assert "norm_child_0" not in used and "norm_two_adults" not in used


def test_no_trace_when_not_asked():
    model = load_model(BISTAND)
    r = model.evaluate(household(), as_of=AS_OF_2019, trace=False)
    assert r.trace is None
    assert r.outputs["outcome"] == "approved"


def test_explain_sv_names_amounts_dates_and_sources():
    model = load_model(BISTAND)
    text = "\n".join(explain(model.evaluate(household(), as_of=AS_OF_2019), "sv"))
    text = text.replace("\u00a0", " ")  # amounts keep their digits together (no-break spaces)
    assert "Behovet är 9 380 kr: normen och kostnaderna." in text
    assert "Du får 7 380 kr i försörjningsstöd" in text
    assert "3 090 kr per månad, gäller från 2019-01-01" in text
    assert (
        "Källa: Socialstyrelsen, Riksnormen för försörjningsstöd, avsnittet Riksnormen för 2019"
        in text
    )
    assert "{" not in text


def test_explain_en_names_amounts_dates_and_sources():
    model = load_model(BISTAND)
    text = "\n".join(explain(model.evaluate(household(), as_of=AS_OF_2014), "en"))
    text = text.replace("\u00a0", " ")
    assert "SEK 2,950 per month, valid from 2014-01-01" in text
    assert "Source: Socialstyrelsen, Oförändrade belopp i riksnormen för 2014" in text
    assert "Your need is SEK 9,180" in text


def test_explain_marks_example_values():
    model = load_model(BISTAND)
    lines = explain(model.evaluate(household(assets=20000), as_of=AS_OF_2019), "sv")
    lines = [s.replace("\u00a0", " ") for s in lines]
    assert any("Du har 20 000 kr sparat" in s for s in lines)
    assert any("10 000 kr" in s and "exempel" in s for s in lines)


def test_explain_uses_value_labels():
    model = load_model(BISTAND)
    lines = explain(model.evaluate(household(work_situation="other"), as_of=AS_OF_2019), "sv")
    assert any("Din arbetssituation är annat." in s for s in lines)


def test_to_jsonable_round_trips_through_json():
    model = load_model(BISTAND)
    r = model.evaluate(household(), as_of=AS_OF_2019)
    data = json.loads(json.dumps(to_jsonable(r)))
    assert data["outputs"] == {"outcome": "approved", "amount": 7380}
    assert data["trace"]["parameters"][0]["valid_from"] == "2019-01-01"
    assert to_jsonable(Decimal("1.50")) == "1.5"
