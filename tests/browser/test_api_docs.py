"""The API's docs page in a real browser, in Swedish and English: the scopes and every
operation listed, a link to the OpenAPI description, no WCAG 2.1 AA violations (axe-core)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_the_api_docs_page_is_accessible_in_both_languages(site, page, browser, axe):
    page.goto(f"{site}/api/v1/docs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Digikommuns API")
    expect(page.locator("#op-decision_record")).to_contain_text("/api/v1/cases/{case_id}/decisions")
    expect(page.get_by_role("cell", name="decisions:write")).to_be_visible()
    axe.check(page, "API docs")
    page.get_by_role("link", name="Beskrivningen i OpenAPI 3.1 (JSON)").click()
    expect(page.locator("body")).to_contain_text('"openapi": "3.1.0"')
    english = browser.new_context(locale="en-GB")
    try:
        en = english.new_page()
        en.goto(f"{site}/api/v1/docs/")
        expect(en.get_by_role("heading", level=1)).to_have_text("The Digikommun API")
        axe.check(en, "API docs in English")
    finally:
        english.close()
