"""Conditions that show or skip fields and steps, in a real browser, per kind of condition.

The page shows and hides fields as answers change (conditions.js); sending the step, the
server asks for exactly the fields the page showed (forms/conditions.py). Both evaluators
give the same answer on one table of cases. Without JavaScript every field shows, with a
sentence saying when to answer it, and the server still asks only for those that apply.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from digikommun.common.reader import Reader
from digikommun.forms.conditions import parse_condition

from .conftest import login_as
from .helpers import SHOWCASE, STEPS, draft_with, fill, step_url

CONDITIONS_JS = (
    Path(__file__).resolve().parents[2] / "src/digikommun/portal/static/digikommun/conditions.js"
)

# kind, the dependent field, then (answers to give, shown afterwards?) in order
KINDS = [
    ("equals", "dep_equals", [({"ctl_choice": "a"}, True), ({"ctl_choice": "b"}, False)]),
    (
        "not_equals",
        "dep_not_equals",
        [({}, False), ({"ctl_choice": "b"}, True), ({"ctl_choice": "a"}, False)],
    ),
    (
        "in",
        "dep_in",
        [({"ctl_choice": "b"}, True), ({"ctl_choice": "a"}, False), ({"ctl_choice": "c"}, True)],
    ),
    (
        "greater_than",
        "dep_greater",
        [({"ctl_number": "11"}, True), ({"ctl_number": "10"}, False), ({"ctl_number": "x"}, False)],
    ),
    ("less_than", "dep_less", [({"ctl_number": "4"}, True), ({"ctl_number": "5"}, False)]),
    ("multi_choice", "dep_multi", [({"ctl_multi": ["y"]}, True), ({"ctl_multi": ["x"]}, False)]),
    (
        "all",
        "dep_all",
        [({"ctl_choice": "a", "ctl_number": "11"}, True), ({"ctl_number": "3"}, False)],
    ),
    (
        "any",
        "dep_any",
        [({"ctl_choice": "c"}, True), ({"ctl_choice": "b", "ctl_number": "3"}, True)]
        + [({"ctl_number": "7"}, False)],
    ),
]


@pytest.mark.parametrize("kind, dependent, script", KINDS, ids=[k[0] for k in KINDS])
def test_a_condition_shows_and_hides_a_field(site, showcase, page, kind, dependent, script):
    draft = draft_with("falttyper", SHOWCASE)
    login_as(page, site)
    page.goto(step_url(site, draft, STEPS["conditions"]))
    field = page.locator(f"#f-{dependent}")
    for answers, shown in script:
        fill(page, answers)
        if shown:
            expect(field).to_be_visible()
        else:
            expect(field).to_be_hidden()
    # The server agrees: a shown dependent field is asked for, a hidden one is not.
    page.get_by_role("button", name="Granska dina svar").click()
    error = page.locator(f"#f-{dependent}-error")
    expect(error).to_have_count(1 if script[-1][1] else 0)


def test_a_step_and_a_field_shown_by_an_answer_on_an_earlier_step(site, showcase, page):
    draft = draft_with("falttyper", SHOWCASE, passed=1)
    login_as(page, site)
    page.goto(step_url(site, draft, STEPS["numbers"]))
    page.get_by_role("radio", name="Ja").check()
    page.get_by_role("button", name="Nästa", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ditt husdjur")
    page.get_by_role("button", name="Tillbaka").click()
    page.get_by_role("radio", name="Nej").check()
    page.get_by_role("button", name="Nästa", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plats")  # the pet step skipped
    page.goto(step_url(site, draft, STEPS["conditions"]))
    expect(page.locator("#f-dep_earlier_step")).to_have_count(0)  # not asked at all


def test_without_javascript_every_field_shows_and_the_server_decides(site, showcase, browser):
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    draft = draft_with("falttyper", SHOWCASE)
    login_as(page, site)
    page.goto(step_url(site, draft, STEPS["conditions"]))
    expect(page.locator("#f-dep_equals")).to_be_visible()
    expect(page.locator("#f-dep_equals-condition")).to_have_text(
        "Svara bara om du svarat ”Alfa” på ”Styrande val”."
    )
    fill(page, {"ctl_choice": "b"})
    page.get_by_role("button", name="Granska dina svar").click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Visas om inte Alfa")
    expect(summary).to_contain_text("Visas vid Beta eller Gamma")
    expect(summary).not_to_contain_text("Visas vid Alfa:")
    fill(page, {"dep_not_equals": "ja", "dep_in": "ja", "dep_equals": "skickas inte"})
    page.get_by_role("button", name="Granska dina svar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Granska dina svar")
    expect(page.locator("main")).not_to_contain_text("skickas inte")

    # A repeating group works without JavaScript too: rows are added on the server.
    page.goto(step_url(site, draft, STEPS["household"]))
    page.get_by_role("button", name="Lägg till en person").click()
    expect(page.locator("[name='members.1.name']")).to_be_visible()
    context.close()


TABLE = [
    ({"field": "a", "equals": "yes"}, {"a": "yes"}),
    ({"field": "a", "equals": "yes"}, {"a": " yes "}),
    ({"field": "a", "equals": "yes"}, {"a": ""}),
    ({"field": "a", "equals": 4500}, {"a": "4 500 kr"}),
    ({"field": "a", "equals": 4500}, {"a": "4500,00"}),
    ({"field": "a", "equals": "x"}, {"a": ["y", "x"]}),
    ({"field": "a", "not_equals": "x"}, {"a": "y"}),
    ({"field": "a", "not_equals": "x"}, {"a": ""}),
    ({"field": "a", "not_equals": "x"}, {"a": ["x"]}),
    ({"field": "a", "in": ["b", "c"]}, {"a": "c"}),
    ({"field": "a", "in": ["b", "c"]}, {"a": ["d", "b"]}),
    ({"field": "a", "in": [1, 2]}, {"a": "2"}),
    ({"field": "a", "greater_than": 10}, {"a": "10,5"}),
    ({"field": "a", "greater_than": 10}, {"a": "10"}),
    ({"field": "a", "greater_than": 10}, {"a": "ten"}),
    ({"field": "a", "greater_than": -1}, {"a": "-0.5"}),
    ({"field": "a", "less_than": 0.5}, {"a": "0,25"}),
    ({"field": "a", "less_than": 5}, {"a": ["1"]}),
    ({"field": "a", "equals": True}, {"a": "yes"}),
    ({"field": "a", "equals": "yes"}, {"b": "yes"}),
    (
        {"all": [{"field": "a", "equals": "x"}, {"field": "b", "less_than": 3}]},
        {"a": "x", "b": "2"},
    ),
    (
        {"all": [{"field": "a", "equals": "x"}, {"field": "b", "less_than": 3}]},
        {"a": "x", "b": "3"},
    ),
    ({"any": [{"field": "a", "equals": "x"}, {"field": "b", "less_than": 3}]}, {"a": "", "b": "2"}),
    ({"any": [{"field": "a", "equals": "x"}, {"field": "b", "less_than": 3}]}, {"a": "y"}),
]


def test_the_page_and_the_server_evaluate_conditions_alike(page):
    page.set_content("<!DOCTYPE html><title>t</title>")
    page.add_script_tag(path=str(CONDITIONS_JS))
    for raw, answers in TABLE:
        condition = parse_condition(Reader(), raw)
        server = condition.evaluate(answers.get)
        in_page = page.evaluate(
            "([c, a]) => DigikommunConditions.evaluate(c, (n) => (n in a ? a[n] : null))",
            [condition.as_json(), answers],
        )
        assert in_page == server, (raw, answers, server, in_page)
