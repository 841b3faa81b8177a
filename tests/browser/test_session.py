"""The session times out as a public e-service's should: a warning comes before it happens
(WCAG 2.2.1), the person can stay logged in, and when the time runs out they are logged out
with a page that says why. Logging out ends the session at the identity provider too: the
next login asks who you are again.

The page's clock is controlled by the test (Playwright's clock), so no test waits for real time.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import login, login_as


def test_a_warning_before_the_session_ends_and_a_way_to_stay(site, page):
    # The page's clock is Playwright's: time moves when the test says so, not with the load on
    # the machine. The session is the real 30 minutes, with the warning 5 minutes before.
    login_as(page, site)
    page.clock.install()
    page.goto(site + "/my-pages/")
    warning = page.get_by_role("alertdialog")
    expect(warning).to_be_hidden()
    page.clock.fast_forward("24:00")
    expect(warning).to_be_hidden()
    page.clock.fast_forward("01:30")  # 25:30 of 30:00: the warning is due
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Du loggas snart ut")
    stay = page.get_by_role("button", name="Fortsätt vara inloggad")
    expect(stay).to_be_focused()
    page.keyboard.press("Enter")
    expect(warning).to_be_hidden()

    # Nothing more happens: after another 30 minutes the session ends, and the page says so.
    page.clock.fast_forward("29:00")
    expect(warning).to_be_visible()
    page.clock.fast_forward("01:30")
    page.wait_for_url("**/session/ended/**")
    expect(page.get_by_role("heading", level=1)).to_have_text("Du har loggats ut")
    page.goto(site + "/my-pages/")
    expect(page).to_have_url(re.compile(r"/login/"))


def test_after_logging_out_the_provider_asks_who_you_are_again(site, page):
    login(page, site, "Anna Andersson")
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Du är utloggad")
    page.goto(site + "/login/")
    page.get_by_role("button", name="Logga in med e-legitimation").click()
    page.wait_for_url("**/idp/choose/**")  # not logged straight back in
    expect(page.get_by_role("button", name=re.compile("Anna Andersson"))).to_be_visible()
