"""Every field type in a real browser: a wrong answer is refused next to its field and in the
error summary (linked to the input), in Swedish, with the text kept as typed; a right answer
is accepted and shown on the review page.

Uses the test-only service tests/fixtures/services/falttyper. File uploads, the map and
repeating groups have their own modules.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import login_as
from .helpers import SHOWCASE, STEPS, draft_with, fill, review_url, step_url

# field, step, wrong answer, start of the message, right answer, what the review shows
CASES = [
    ("full_name", "texts", "x" * 41, "Skriv högst 40 tecken", "Kim Karlsson", "Kim Karlsson"),
    ("message", "texts", "y" * 51, "Skriv högst 50 tecken", "Hej\nhopp", "Hej"),
    ("email", "texts", "namn@", "Ange en e-postadress", "Namn@Exempel.SE", "Namn@Exempel.SE"),
    ("phone", "texts", "12", "Ange ett telefonnummer", "+46 70 123 45 67", "+46 70 123 45 67"),
    ("pnr", "texts", "19850709-9806", "Ange ett giltigt personnummer", "850709-9805", "850709"),
    (
        "orgnr",
        "texts",
        "212000-0143",
        "Ange ett giltigt organisationsnummer",
        "2120000142",
        "21200",
    ),
    ("persons", "numbers", "tre", "Ange ett heltal", "3", "3"),
    ("amount", "numbers", "mycket", "Ange ett belopp i kronor", "1 200,50", "1 200,50"),
    ("event_date", "numbers", "2026-02-30", "Ange ett datum som finns", "2024-02-29", "2024-02-29"),
    ("event_date", "numbers", "2019-12-31", "Ange 2020-01-01 eller ett senare", "20240101", "2024"),
]


@pytest.mark.parametrize(
    "field, step, wrong, message, right, shown", CASES, ids=[f"{c[0]}-{c[3][:12]}" for c in CASES]
)
def test_a_typed_field(site, showcase, page, field, step, wrong, message, right, shown):
    draft = draft_with("falttyper", {**SHOWCASE, field: ""})
    login_as(page, site)
    page.goto(step_url(site, draft, STEPS[step]))
    fill(page, {field: wrong})
    page.get_by_role("button", name="Nästa", exact=True).click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(message)
    expect(page.locator(f"#f-{field}-error")).to_contain_text(message)
    expect(page.locator(f"#f-{field}")).to_have_value(wrong)
    expect(page.locator(f"#f-{field}")).to_have_attribute("aria-invalid", "true")
    described = page.locator(f"#f-{field}").get_attribute("aria-describedby") or ""
    assert f"f-{field}-error" in described.split()
    summary.get_by_role("link").first.click()
    expect(page.locator(f"#f-{field}")).to_be_focused()
    fill(page, {field: right})
    page.get_by_role("button", name="Nästa", exact=True).click()
    expect(page.locator("#error-summary")).to_have_count(0)
    page.goto(review_url(site, draft))
    expect(page.get_by_role("heading", level=1)).to_have_text("Granska dina svar")
    expect(page.locator("main")).to_contain_text(shown)


def _submit_and_expect_error(page, field_id: str, message: str) -> None:
    page.get_by_role("button", name="Nästa", exact=True).click()
    expect(page.locator("#error-summary")).to_contain_text(message)
    expect(page.locator(f"#{field_id}-error")).to_contain_text(message)


def test_yes_no(site, showcase, page):
    draft = draft_with("falttyper", {**SHOWCASE, "has_pet": ""})
    login_as(page, site)
    page.goto(step_url(site, draft, STEPS["numbers"]))
    _submit_and_expect_error(page, "f-has_pet", "Välj ja eller nej")
    page.get_by_role("radio", name="Nej").check()
    page.get_by_role("button", name="Nästa", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Plats")  # the pet step is skipped
    page.goto(review_url(site, draft))
    expect(page.locator("main")).to_contain_text("Har du husdjur?")
    expect(page.locator("main")).not_to_contain_text("Ditt husdjur")


def test_single_choice(site, showcase, page):
    draft = draft_with("falttyper", {**SHOWCASE, "colour": ""})
    login_as(page, site)
    page.goto(step_url(site, draft, STEPS["numbers"]))
    _submit_and_expect_error(page, "f-colour", "Välj ett av alternativen")
    page.get_by_role("radio", name="Blå").check()
    page.get_by_role("button", name="Nästa", exact=True).click()
    expect(page.locator("#error-summary")).to_have_count(0)
    page.goto(review_url(site, draft))
    expect(page.locator("main")).to_contain_text("Blå")


def test_multiple_choice(site, showcase, page):
    draft = draft_with("falttyper", {**SHOWCASE, "interests": []})
    login_as(page, site)
    page.goto(step_url(site, draft, STEPS["numbers"]))
    _submit_and_expect_error(page, "f-interests", "Välj minst ett alternativ")
    fill(page, {"interests": ["music", "sport", "books"]})
    _submit_and_expect_error(page, "f-interests", "Välj högst 2 alternativ")
    expect(page.get_by_role("checkbox", name="Idrott")).to_be_checked()  # kept as chosen
    fill(page, {"interests": ["music", "books"]})
    page.get_by_role("button", name="Nästa", exact=True).click()
    expect(page.locator("#error-summary")).to_have_count(0)
    page.goto(review_url(site, draft))
    expect(page.locator("main")).to_contain_text("Musik, Böcker")


def test_address(site, showcase, page):
    draft = draft_with("falttyper", {**SHOWCASE, "home": {}})
    login_as(page, site)
    page.goto(step_url(site, draft, STEPS["place"]))
    expect(page.get_by_label("Gatuadress")).to_have_attribute("autocomplete", "street-address")
    fill(page, {"home.street": "Storgatan 1", "home.postcode": "12", "home.city": "Demokommun"})
    page.get_by_role("button", name="Nästa", exact=True).click()
    expect(page.locator("#error-summary")).to_contain_text("Ange postnumret med fem siffror")
    page.locator("#error-summary a").first.click()
    expect(page.locator("#f-home-postcode")).to_be_focused()
    expect(page.locator("#f-home-street")).to_have_value("Storgatan 1")
    fill(page, {"home.postcode": "11122"})
    page.get_by_role("button", name="Nästa", exact=True).click()
    expect(page.locator("#error-summary")).to_have_count(0)
    page.goto(review_url(site, draft))
    expect(page.locator("main")).to_contain_text("Storgatan 1")
    expect(page.locator("main")).to_contain_text("11122 Demokommun")
