"""A resident logs in with e-ID (real OIDC flow), applies, and reads an explained decision.

Every page visited is checked with axe-core for WCAG 2.1 A and AA violations.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from digikommun.cases.models import Case
from tests.letters.factories import THIS_MONTH

from .conftest import login


def fill_step(page, values: dict[str, str]) -> None:
    for name, value in values.items():
        target = page.locator(f"[name='{name}']")
        if target.first.get_attribute("type") == "radio":
            page.locator(f"input[name='{name}'][value='{value}']").check()
        elif target.first.evaluate("e => e.tagName") == "SELECT":
            target.select_option(value)
        else:
            target.fill(value)


def wait_for_decision(page) -> None:
    # The page polls for the decision and reloads itself when it arrives (JavaScript on).
    expect(page.locator("#decision-heading")).to_be_visible(timeout=15_000)


def test_financial_assistance_decided_at_once_in_swedish(site, page, axe):
    login(page, site, "Anna Andersson", axe)
    axe.check(page, "my pages, empty")
    page.goto(site + "/")
    axe.check(page, "catalog")
    page.get_by_role("link", name="Ekonomiskt bistånd").click()
    axe.check(page, "service page")
    page.get_by_role("button", name="Starta ansökan").click()

    # Step 1: household
    expect(page.get_by_role("heading", level=1)).to_have_text("Ditt hushåll")
    axe.check(page, "step 1")
    fill_step(page, {"month": THIS_MONTH, "adults": "1", "resides_in_municipality": "yes"})
    page.get_by_role("button", name="Lägg till ett barn").click()
    expect(page.locator("#f-children-0-first_name")).to_be_focused()
    fill_step(page, {"children.0.first_name": "Nora", "children.0.birth_date": "2017-05-01"})
    page.get_by_role("button", name="Nästa").click()

    # Step 2: a malformed amount is refused next to the field, and nothing typed is lost
    expect(page.get_by_role("heading", level=1)).to_have_text("Inkomster och kostnader")
    fill_step(
        page,
        {
            "income": "tvåtusen",
            "housing_cost": "6 200",
            "electricity_cost": "350",
            "assets": "1200",
        },
    )
    page.get_by_role("button", name="Nästa").click()
    expect(page.locator("#error-summary")).to_contain_text("Ange ett belopp i kronor")
    expect(page.locator("#f-income-error")).to_contain_text(
        "Ange ett belopp i kronor, till exempel 4 500."
    )
    expect(page.locator("#f-income")).to_have_value("tvåtusen")
    expect(page.locator("#f-housing_cost")).to_have_value("6 200")
    expect(page.locator("#f-income")).to_have_attribute("aria-invalid", "true")
    axe.check(page, "step 2 with an error")
    page.locator("#error-summary a").first.click()
    expect(page.locator("#f-income")).to_be_focused()
    fill_step(page, {"income": "3 000"})
    page.get_by_role("button", name="Nästa").click()

    # Step 3: work
    axe.check(page, "step 3")
    fill_step(page, {"work_situation": "seeking_work"})
    page.get_by_role("button", name="Granska dina svar").click()

    # Review and send
    expect(page.get_by_role("heading", level=1)).to_have_text("Granska dina svar")
    expect(page.locator("main")).to_contain_text("6 200")
    axe.check(page, "review")
    page.get_by_role("button", name="Skicka ansökan").click()

    expect(page.locator(".message-success")).to_contain_text(re.compile(r"SN \d{4}/00001"))
    wait_for_decision(page)
    decision = page.locator("section.decision")
    expect(decision).to_contain_text("Beviljat")
    expect(decision).to_contain_text("kr")
    expect(decision).to_contain_text("riksnorm", ignore_case=True)
    expect(decision).to_contain_text("Socialtjänstlagen")
    # An approval does not go against the party: no appeal instructions (33 §).
    expect(decision).not_to_contain_text("Så överklagar du")
    expect(decision).to_contain_text("automatiserat")
    axe.check(page, "case with decision")

    page.get_by_role("link", name="Tillbaka till Mina sidor").click()
    expect(page.locator("table.table")).to_contain_text("Ekonomiskt bistånd")
    expect(page.locator("table.table")).to_contain_text("Beviljat")
    axe.check(page, "my pages with a case")


def test_parking_permit_in_english_and_one_case_for_a_double_submit(site, page, axe):
    login(page, site, "Erik Eriksson")
    page.get_by_role("button", name="In English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My pages")
    page.goto(site + "/services/boendeparkering/")
    axe.check(page, "service page (en)")
    page.get_by_role("button", name="Start application").click()
    fill_step(page, {"zone": "inner_city", "registered_in_zone": "yes"})
    page.get_by_role("button", name="Next").click()
    fill_step(
        page,
        {"registration_number": "12 ABC", "vehicle_relation": "owner", "vehicle_weight": "1450"},
    )
    page.get_by_role("button", name="Review your answers").click()
    expect(page.locator("#f-registration_number-error")).to_contain_text(
        "three letters, two digits and a digit or letter"
    )
    axe.check(page, "vehicle step with an error (en)")
    fill_step(page, {"registration_number": "ABC 12D"})
    page.get_by_role("button", name="Review your answers").click()
    axe.check(page, "review (en)")

    review_url = page.url
    token = page.locator("input[name=csrfmiddlewaretoken]").last.input_value()
    page.get_by_role("button", name="Send application").dblclick()
    wait_for_decision(page)
    # Sending the same form again (a resend after a slow network) lands on the same case.
    again = page.request.post(
        review_url, form={"csrfmiddlewaretoken": token}, headers={"Referer": review_url}
    )
    assert again.ok
    assert again.url == page.url
    assert Case.objects.filter(applicant__personnummer="199003159820").count() == 1

    decision = page.locator("section.decision")
    expect(decision).to_contain_text("Approved")
    # The decision states the vehicle (normalised), the fee and the period; an approval does
    # not go against the party, so it says nothing of appealing (förvaltningslagen 33 §).
    expect(decision.locator("dl.decision-facts")).to_contain_text("ABC12D")
    expect(decision.locator("dl.decision-facts")).to_contain_text("SEK 1,100 a month")
    expect(decision.locator("dl.decision-facts")).to_contain_text("The permit is valid")
    expect(decision).not_to_contain_text("appeal")
    axe.check(page, "case with decision (en)")


def test_an_applicant_under_18_is_handled_by_a_person(site, page):
    login(page, site, "Maja Lindqvist")
    page.goto(site + "/services/ekonomiskt-bistand/")
    page.get_by_role("button", name="Starta ansökan").click()
    fill_step(page, {"month": THIS_MONTH, "adults": "1", "resides_in_municipality": "yes"})
    page.get_by_role("button", name="Nästa").click()
    fill_step(
        page, {"income": "0", "housing_cost": "3000", "electricity_cost": "200", "assets": "0"}
    )
    page.get_by_role("button", name="Nästa").click()
    fill_step(page, {"work_situation": "seeking_work"})
    page.get_by_role("button", name="Granska dina svar").click()
    page.get_by_role("button", name="Skicka ansökan").click()
    expect(page.locator("#case-status")).to_have_text("Handläggs av en handläggare", timeout=15_000)


def test_logout_ends_the_session_here_and_at_the_provider(site, page, axe):
    login(page, site, "Anna Andersson")
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Du är utloggad")
    axe.check(page, "logged out")
    page.goto(site + "/my-pages/")
    expect(page).to_have_url(re.compile(r"/login/"))
