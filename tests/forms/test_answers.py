"""A whole form's answers: conditions on steps, fields and rows decide what is asked; hidden
fields are neither validated nor sent; errors are keyed by the path of their input."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.utils import translation

from digikommun.catalog.definition import load_definition
from digikommun.forms.answers import form_state, html_id, shown_raw, validate
from digikommun.forms.display import step_answers

SHOWCASE = Path(__file__).resolve().parents[1] / "fixtures" / "services" / "falttyper"
ANSWERS = {
    "full_name": "Test",
    "email": "t@exempel.se",
    "phone": "0701234567",
    "pnr": "198507099805",
    "orgnr": "2120000142",
    "persons": "2",
    "amount": "10",
    "event_date": "2024-01-01",
    "has_pet": "no",
    "colour": "red",
    "interests": ["music"],
    "home": {"street": "Gatan 1", "postcode": "11122", "city": "Stad"},
    "spot": {"lat": "59.3", "lng": "18.0"},
    "members": [{"name": "Kim", "birth_date": "2015-05-05", "relation": "child"}],
}


@pytest.fixture(scope="module")
def steps():
    return load_definition(SHOWCASE).steps


def test_a_complete_form_has_no_errors(steps):
    values, errors = validate(steps, ANSWERS)
    assert errors == {}
    assert values["members"][0]["relation_other"] is None  # hidden in that row
    assert values["pet_name"] is None  # its step is skipped


def test_a_step_condition_skips_the_step_and_its_fields(steps):
    state = form_state(steps, ANSWERS)
    assert state.steps_visible[2] is False and state.visible["pet_name"] is False
    with_pet = {**ANSWERS, "has_pet": "yes"}
    assert form_state(steps, with_pet).steps_visible[2] is True
    assert "pet_name" in validate(steps, with_pet)[1]
    assert "dep_earlier_step" in validate(steps, with_pet)[1]


def test_a_hidden_field_is_not_validated_and_not_sent(steps):
    raw = {**ANSWERS, "ctl_choice": "b", "dep_equals": "typed, then skipped"}
    _values, errors = validate(steps, raw)
    assert "dep_equals" not in errors
    assert {"dep_not_equals", "dep_in"} <= set(errors)
    assert "dep_equals" not in shown_raw(steps, raw)


def test_a_chained_condition_sees_a_hidden_field_as_unanswered(steps):
    # dep_earlier_step reads has_pet; has_pet itself is shown, so it counts.
    assert form_state(steps, {**ANSWERS, "has_pet": "yes"}).visible["dep_earlier_step"]


def test_row_errors_are_keyed_by_row_and_shown_fields_only(steps):
    raw = {
        **ANSWERS,
        "members": [
            {"name": "Kim", "birth_date": "2015-05-05", "relation": "child", "relation_other": "x"},
            {"name": "", "birth_date": "1980-02-30", "relation": "other"},
        ],
    }
    _values, errors = validate(steps, raw)
    assert set(errors) == {
        "members.1.name",
        "members.1.birth_date",
        "members.1.relation_other",
    }
    assert html_id("members.1.birth_date") == "f-members-1-birth_date"
    sent = shown_raw(steps, raw)["members"]
    assert "relation_other" not in sent[0]  # typed, then hidden by the row's answer
    assert sent[1]["relation"] == "other"


def test_too_few_rows_is_an_error_of_the_group(steps):
    with translation.override("en"):
        errors = validate(steps, {**ANSWERS, "members": []})[1]
    assert errors["members"] == "Add at least 1."


def test_a_composite_error_names_its_part(steps):
    errors = validate(
        steps, {**ANSWERS, "home": {"street": "Gatan 1", "postcode": "1", "city": ""}}
    )[1]
    assert "home.postcode" in errors


def test_answers_for_reading_skip_hidden_steps_and_fields(steps):
    shown = step_answers(steps, ANSWERS, "sv")
    titles = [s.title for s in shown]
    assert "Ditt husdjur" not in titles
    numbers = next(s for s in shown if s.title == "Tal och val")
    interests = next(a for a in numbers.answers if a.field.id == "interests")
    assert interests.lines == ["Musik"]
    household = next(s for s in shown if s.title == "Hushåll")
    members = household.answers[0]
    assert members.rows[0][0] == "Person 1"
    assert [a.label for a in members.rows[0][1]] == ["Namn", "Födelsedatum", "Relation"]
