"""The public register of automated decision models in a real browser: the list, a model page
with its decision tables, and a diff between versions, axe-clean in Swedish and English."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from digikommun.catalog.definition import load_definition
from digikommun.catalog.services import service_publish

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_register_of_automated_decision_models(site, browser, axe, lang, tmp_path):
    target = tmp_path / "boendeparkering"
    shutil.copytree(ROOT / "services" / "boendeparkering", target)
    rules = target / "rules.yaml"
    rules.write_text(rules.read_text().replace("value: 1100", "value: 1250", 1))
    service_publish(definition=load_definition(target))

    context = browser.new_context(
        locale="sv-SE" if lang == "sv" else "en-GB", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(site + "/register/algorithms/")
    if page.evaluate("document.documentElement.lang") != lang:
        page.locator("[data-language-switch] button").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    heading = {
        "sv": "Register över automatiserade beslutsmodeller",
        "en": "Register of automated decision models",
    }[lang]
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    axe.check(page, f"register list ({lang})")

    name = {"sv": "Boendeparkering", "en": "Resident parking permit"}[lang]
    page.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.locator("table.decision-table th[scope=row]").first).to_have_text("not-registered")
    axe.check(page, f"model page ({lang})")

    change = {"sv": "Vad som ändrats sedan version 1", "en": "What changed from version 1"}[lang]
    page.get_by_role("link", name=change).click()
    expect(page.locator("ins", has_text="1250")).to_be_visible()
    axe.check(page, f"diff between versions ({lang})")

    page.goto(site + "/register/algorithms/ekonomiskt-bistand/")
    expect(page.locator("table.decision-table th[scope=row]").first).to_have_text("facts-missing")
    axe.check(page, f"the income support model ({lang})")

    page.goto(site + "/register/algorithms/boendeparkering/?compare=zz")
    expect(page.get_by_role("alert")).to_be_visible()
    axe.check(page, f"a bad version to compare ({lang})")
    context.close()
