"""A whole application with the keyboard alone: no clicks, only Tab, arrows, Space, Enter and
typing, from the service page to the decision. Focus is always visible where it lands.
"""

from __future__ import annotations

from playwright.sync_api import expect

from .conftest import login_as


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the focused element matches the selector."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"no visible focus on {selector}"
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_financial_assistance_with_the_keyboard_alone(site, page):
    login_as(page, site)
    page.goto(site + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    tab_to(page, "a[href='/services/ekonomiskt-bistand/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ekonomiskt bistånd")
    tab_to(page, "button.primary")
    page.keyboard.press("Enter")

    # Step 1: a radio group (arrows choose), a repeating group (Enter adds a row), yes/no.
    expect(page.get_by_role("heading", level=1)).to_have_text("Ditt hushåll")
    tab_to(page, "input[name=adults]")
    page.keyboard.press("Space")
    tab_to(page, "#f-children-add")
    page.keyboard.press("Enter")
    page.wait_for_url("**#f-children-0-first_name")
    expect(page.locator("#f-children-0-first_name")).to_be_focused()
    page.keyboard.type("Nora")
    page.keyboard.press("Tab")
    page.keyboard.type("2017-05-01")
    tab_to(page, "input[name=resides_in_municipality]")
    page.keyboard.press("Space")
    tab_to(page, ".actions button.primary")
    page.keyboard.press("Enter")

    # Step 2: amounts; Enter in a text field sends the step.
    expect(page.get_by_role("heading", level=1)).to_have_text("Inkomster och kostnader")
    for name, amount in [
        ("income", "3 000"),
        ("housing_cost", "6 200"),
        ("electricity_cost", "350"),
        ("assets", "0"),
    ]:
        tab_to(page, f"input[name={name}]")
        page.keyboard.type(amount)
    page.keyboard.press("Enter")

    # Step 3: the third option shows a field of its own (a condition), then back to the first.
    expect(page.get_by_role("heading", level=1)).to_have_text("Arbete och sysselsättning")
    tab_to(page, "input[name=work_situation]")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#f-work_situation_other")).to_be_visible()
    page.keyboard.press("ArrowDown")  # wraps round to "seeking work"
    expect(page.locator("#f-work_situation_other")).to_be_hidden()
    tab_to(page, ".actions button.primary")
    page.keyboard.press("Enter")

    # Review and send.
    expect(page.get_by_role("heading", level=1)).to_have_text("Granska dina svar")
    expect(page.locator("main")).to_contain_text("Nora")
    tab_to(page, "form button.primary")
    page.keyboard.press("Enter")
    expect(page.locator("#decision-heading")).to_be_visible(timeout=15_000)
    expect(page.locator("section.decision")).to_contain_text("Beviljat")
