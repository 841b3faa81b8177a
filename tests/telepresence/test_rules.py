"""The robot loan's decision model: the committee's limits are dated, cited and end on a
stated day (the caseworker's account says until when each holds, and that it is an example
value, not an amount); 60 days before that day they are listed as ending, and after it the
rules make no decision. The example cases themselves run in `digikommun services test`."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from digikommun.rules import ParameterMissing, explain, load_model, reasons

RULES = Path(__file__).resolve().parents[2] / "services" / "telepresensrobot" / "rules.yaml"
FACTS = {"school": "ekbackeskolan", "grade": 4, "expected_weeks": 10, "certificate_files": 1}
LIMITS = {"lowest_grade", "highest_grade", "min_absence_weeks", "max_automated_weeks"}


def test_each_limit_says_until_when_it_holds_and_that_it_is_an_example():
    result = load_model(RULES).evaluate(FACTS, as_of=datetime.date(2026, 11, 20))
    assert result.outputs["outcome"] == "approved"
    sv, en = " ".join(explain(result, "sv")), " ".join(explain(result, "en"))
    assert "4, gäller från 2026-04-01 till och med 2027-06-30" in sv
    assert "valid from 2026-04-01 to 2027-06-30" in en
    assert "Värdet är ett exempel" in sv and "Beloppet" not in sv
    assert "This value is an example" in en
    told = reasons(result, "sv")
    assert told["example"] == "Några värden som beslutet bygger på är exempel och inte fastställda."


def test_the_limits_are_listed_as_ending_60_days_ahead_and_missing_after():
    model = load_model(RULES)
    ending = model.parameters_ending(on=datetime.date(2027, 5, 15), within_days=60)
    assert {name: ending[name] for name in LIMITS} == dict.fromkeys(
        LIMITS, datetime.date(2027, 6, 30)
    )
    with pytest.raises(ParameterMissing):
        model.evaluate(FACTS, as_of=datetime.date(2027, 7, 1))
