"""A form prefilled from the demo registers, in a browser: the address and the vehicle's facts
are shown as coming from the register, the resident corrects one, and every page passes axe
in Swedish and in English."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import login_as
from .helpers import draft_with, step_url


@pytest.fixture
def registers(settings):
    settings.REGISTER_ADAPTERS = {
        "population": "digikommun.registers.demo.DemoPopulationRegister",
        "vehicle": "digikommun.registers.demo.DemoVehicleRegister",
    }


@pytest.mark.usefixtures("registers")
def test_a_prefilled_parking_application_in_swedish_and_english(site, page, axe):
    login_as(page, site, "199003159820")  # Erik Eriksson: a car in the demo vehicle register
    draft = draft_with("boendeparkering", {}, personnummer="199003159820", passed=0)
    # The first page a fresh live server renders loads every template and catalogue: on a
    # loaded machine that can take longer than the default navigation timeout.
    page.goto(step_url(site, draft, 1), timeout=90_000)
    expect(page.locator("#f-home_address-source")).to_have_text(
        "Från folkbokföringen. Ändra om det inte stämmer – då räknas det som ditt eget svar."
    )
    expect(page.locator("[name='home_address.street']")).to_have_value("Storgatan 1 lgh 1102")
    axe.check(page, "step with a prefilled address (sv)")
    page.locator("input[name='zone'][value='inner_city']").check()
    page.locator("input[name='registered_in_zone'][value='yes']").check()
    page.get_by_role("button", name="Nästa").click()

    page.locator("[name='registration_number']").fill("abc 123")
    page.get_by_role("button", name="Granska dina svar").click()
    # Shown again with what the vehicle register says, to be checked before going on.
    expect(page.get_by_text("Några svar har hämtats från ett register.")).to_be_visible()
    expect(page.locator("[name='vehicle_weight']")).to_have_value("1450")
    expect(page.locator("input[name='vehicle_relation'][value='owner']")).to_be_checked()
    expect(page.locator("#f-vehicle_weight-source")).to_contain_text("Från vägtrafikregistret")
    axe.check(page, "vehicle step prefilled (sv)")

    page.get_by_role("button", name="In English").click()
    expect(page.locator("#f-vehicle_weight-source")).to_contain_text("From the vehicle register")
    axe.check(page, "vehicle step prefilled (en)")
    page.locator("[name='vehicle_weight']").fill("1500")  # corrected: the resident's answer now
    page.get_by_role("button", name="Review your answers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review")
    axe.check(page, "review after a correction (en)")
