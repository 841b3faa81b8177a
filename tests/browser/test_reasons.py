"""The month applied for and the reasons of an automated decision, in English and Swedish:
the month is chosen from a list (the current one preselected); the decision page groups the
reasons as the calculation reads, says once that figures are examples, keeps amounts whole
(no-break spaces) and lists each source once. Checked with axe-core."""

from __future__ import annotations

from playwright.sync_api import expect

from .conftest import login_as
from .test_apply import fill_step, wait_for_decision


def apply_for_assistance(page, site, *, next_label: str, review_label: str, send_label: str):
    fill_step(page, {"adults": "1", "resides_in_municipality": "yes"})
    page.get_by_role("button", name=next_label).click()
    fill_step(
        page,
        {
            "income": "2000",
            "child_benefit": "",
            "housing_cost": "5500",
            "electricity_cost": "300",
            "assets": "0",
        },
    )
    page.get_by_role("button", name=next_label).click()
    fill_step(page, {"work_situation": "seeking_work"})
    page.get_by_role("button", name=review_label).click()
    page.get_by_role("button", name=send_label).click()
    wait_for_decision(page)


def test_reasons_in_english(site, page, axe):
    login_as(page, site)
    page.goto(site + "/my-pages/")
    page.get_by_role("button", name="In English").click()
    page.goto(site + "/services/ekonomiskt-bistand/")
    page.get_by_role("button", name="Start application").click()
    month = page.locator("select[name=month]")
    expect(month).to_be_visible()
    expect(page.get_by_label("Which month are you applying for?")).to_be_visible()
    assert month.input_value()  # the current month is chosen
    axe.check(page, "household step with the month (en)")
    apply_for_assistance(
        page,
        site,
        next_label="Next",
        review_label="Review your answers",
        send_label="Send application",
    )
    decision = page.locator("section.decision")
    for heading in ("Your household's norm", "Your costs", "Your income", "The result"):
        expect(decision.get_by_role("heading", name=heading)).to_be_visible()
    expect(decision).to_contain_text("One adult: SEK\u00a0")
    expect(decision).to_contain_text("Some amounts in the calculation are examples")
    expect(decision.locator(".example-notice")).to_have_count(1)
    expect(decision.locator(".reasons-block")).not_to_contain_text(" kr")
    axe.check(page, "decision with reasons (en)")


def test_reasons_in_swedish(site, page, axe):
    login_as(page, site)
    page.goto(site + "/services/ekonomiskt-bistand/")
    page.get_by_role("button", name="Starta ansökan").click()
    apply_for_assistance(
        page,
        site,
        next_label="Nästa",
        review_label="Granska dina svar",
        send_label="Skicka ansökan",
    )
    decision = page.locator("section.decision")
    for heading in ("Normen för ditt hushåll", "Dina kostnader", "Din inkomst", "Resultat"):
        expect(decision.get_by_role("heading", name=heading)).to_be_visible()
    expect(decision).to_contain_text("Gemensamma kostnader för 1 person:")
    expect(decision).to_contain_text("Några belopp i beräkningen är exempel")
    axe.check(page, "decision with reasons (sv)")
