"""The benefit dashboard in a real browser, in Swedish and English: charts and tables, no
WCAG 2.1 AA violations (axe-core)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_benefit_dashboard_is_accessible_in_both_languages(site, page, browser, axe):
    from digikommun.transparency.demo_history import demo_history_ensure

    demo_history_ensure(months=4)
    page.goto(f"{site}/benefit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vad e-tjänsterna ger")
    expect(page.locator("svg.chart").first).to_be_visible()
    expect(page.locator("table#table-ekonomiskt-bistand tbody tr").first).to_be_visible()
    axe.check(page, "benefit dashboard")
    english = browser.new_context(locale="en-GB")
    try:
        en = english.new_page()
        en.goto(f"{site}/benefit/")
        expect(en.get_by_role("heading", level=1)).to_have_text("What the e-services achieve")
        axe.check(en, "benefit dashboard in English")
    finally:
        english.close()
