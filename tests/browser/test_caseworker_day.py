"""A caseworker's day in a real browser: take next, read the rules' trace, ask for completion,
the resident answers on Mina sidor, the caseworker decides, the resident reads the decision
and downloads the letter. Every workbench page is checked with axe-core."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.letters.factories import THIS_MONTH

from .conftest import login
from .test_apply import fill_step


def apply_for_assistance_needing_a_person(page, site) -> str:
    login(page, site, "Fatima Hassan")
    page.goto(site + "/services/ekonomiskt-bistand/")
    page.get_by_role("button", name="Starta ansökan").click()
    fill_step(page, {"month": THIS_MONTH, "adults": "1", "resides_in_municipality": "yes"})
    page.get_by_role("button", name="Nästa").click()
    fill_step(
        page, {"income": "1000", "housing_cost": "5200", "electricity_cost": "300", "assets": "0"}
    )
    page.get_by_role("button", name="Nästa").click()
    fill_step(page, {"work_situation": "other"})
    page.get_by_role("button", name="Granska dina svar").click()
    page.get_by_role("button", name="Skicka ansökan").click()
    expect(page.locator("#case-status")).to_have_text("Handläggs av en handläggare", timeout=15_000)
    return page.url


def test_a_caseworkers_day(site, browser, axe):
    resident = browser.new_context(locale="sv-SE").new_page()
    case_url = apply_for_assistance_needing_a_person(resident, site)

    worker = browser.new_context(locale="sv-SE").new_page()
    login(worker, site, "Karin Berg")
    worker.goto(site + "/workbench/")
    expect(worker.get_by_role("heading", level=1)).to_have_text("Arbetsyta")
    axe.check(worker, "workbench queue")
    worker.get_by_role("button", name="Ta nästa ärende").click()
    expect(worker.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"Ärende SN \d{4}/\d{5}")
    )

    # The rules' recommendation and the full trace
    expect(worker.locator("main")).to_contain_text("En person måste bedöma")
    worker.get_by_text("Hela spårningen").click()
    expect(worker.locator("details.trace")).to_contain_text("Riksnorm")
    axe.check(worker, "case page with trace")

    # Ask for completion
    worker.get_by_label("Vad den sökande behöver skicka").fill(
        "Skicka ett läkarintyg om din arbetsförmåga."
    )
    worker.get_by_role("button", name="Skicka begäran").click()
    expect(worker.locator("#case-status")).to_have_text("Väntar på din komplettering")

    # The resident answers on Mina sidor
    resident.goto(case_url)
    expect(resident.locator("#completion")).to_contain_text("läkarintyg")
    axe.check(resident, "case page with a request for completion")
    resident.get_by_label("Ditt svar").fill("Jag har skickat intyget med posten i dag.")
    resident.get_by_role("button", name="Skicka ditt svar").click()
    expect(resident.locator(".message-success")).to_contain_text("Tack")

    # The caseworker decides, overriding nothing (the rules asked for a person)
    worker.reload()
    expect(worker.locator("#case-status")).to_have_text("Handläggs av en handläggare")
    expect(worker.locator("main")).to_contain_text("Jag har skickat intyget")
    worker.get_by_role("button", name="Fatta beslutet").click()  # without a motivation first
    expect(worker.locator("#error-summary")).to_contain_text("Skriv skälen för beslutet")
    axe.check(worker, "decide with an error")
    worker.locator("#w-outcome-approved").check()
    worker.get_by_label("Belopp (kronor), om något").fill("7 980")
    worker.get_by_label("Skäl för beslutet").fill(
        "Du har visat att du inte kan arbeta just nu. Hushållets inkomst räcker inte till riksnormen och boendet."
    )
    worker.get_by_role("button", name="Fatta beslutet").click()
    expect(worker.locator("#case-status")).to_have_text("Beslutad")
    axe.check(worker, "decided case")

    # The resident reads the decision and downloads the letter
    resident.goto(case_url)
    expect(resident.locator("section.decision")).to_contain_text("Beviljat")
    expect(resident.locator("section.decision")).to_contain_text(
        "Du har visat att du inte kan arbeta"
    )
    letter = resident.get_by_role("link", name=re.compile("Beslutsbrev"))
    for _ in range(30):  # the letter is made by the background worker just after the decision
        if letter.count():
            break
        resident.wait_for_timeout(500)
        resident.reload()
    expect(letter).to_be_visible()
    axe.check(resident, "decided case for the resident")
    with resident.expect_download() as download:
        letter.click()
    assert download.value.suggested_filename.startswith("beslut-SN-")
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
