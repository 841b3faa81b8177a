"""Lending in a real browser: a caseworker reads the robot pool (each robot, its state and who
has it, the queue with its rule) and the month's calendar of loans, in Swedish and English;
the resident in the queue sees their place and why on Mina sidor. Every page is checked with
axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import login_as

pytestmark = pytest.mark.browser

ANNA, JOHAN = "198507099805", "197609219816"


def test_pool_page_calendar_and_the_queue_on_mina_sidor(site, page, browser, axe):
    from digikommun.identity.models import User
    from digikommun.lending import services

    anna = User.objects.get(personnummer=ANNA)
    loans = [
        services.loan_request(
            pool_key="telepresence-robots", name=f"Elev {n}", facts={"expected_weeks": 4}
        )
        for n in range(4)
    ]
    services.offer_answer(loan_id=loans[0].pk, accept=True)
    services.loan_pick_up(loan_id=loans[0].pk)
    services.loan_request(
        pool_key="telepresence-robots", name="Anna", borrower=anna, facts={"expected_weeks": 20}
    )

    login_as(page, site, JOHAN)
    page.goto(f"{site}/workbench/lending/telepresence-robots/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Telepresensrobotar")
    expect(page.locator("#items-heading")).to_have_text("Föremål")
    expect(page.locator("tr", has_text="TR-2026-001").first).to_contain_text("Elev 0")
    axe.check(page, "pool page")
    page.get_by_role("link", name="Kalender över lån").click()
    expect(page.locator("td[aria-current=date]")).to_contain_text("TR-2026-001")
    axe.check(page, "calendar")

    english = browser.new_context(locale="en-GB")
    try:
        en = english.new_page()
        login_as(en, site, JOHAN)
        en.goto(f"{site}/workbench/lending/telepresence-robots/")
        expect(en.get_by_role("heading", level=1)).to_have_text("Telepresence robots")
        expect(en.get_by_role("table").last).to_contain_text("Long absence first")
        axe.check(en, "pool page in English")
        en.goto(f"{site}/workbench/lending/telepresence-robots/calendar/")
        expect(en.get_by_role("table")).to_contain_text("Starts:")
        axe.check(en, "calendar in English")
    finally:
        english.close()

    resident = browser.new_context(locale="sv-SE")
    try:
        mine = resident.new_page()
        login_as(mine, site, ANNA)
        mine.goto(f"{site}/my-pages/")
        expect(mine.locator("#loans")).to_contain_text("Du är nummer 1 i kön.")
        expect(mine.locator("#loans")).to_contain_text("Lång frånvaro först")
        axe.check(mine, "Mina sidor with a place in the queue")
    finally:
        resident.close()
