"""Every resident page passes axe-core's WCAG 2.1 A and AA rules, in Swedish and in English,
with and without validation errors; its headings start at h1 and never skip a level; and
every page reflows at 320 CSS pixels (the width of a small phone, and of a desktop window at
400 % zoom) without scrolling sideways.

Swedish is checked at desktop width and English at 320 px, so each page is seen both ways.
"""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from digikommun.cases.models import Case
from digikommun.catalog.selectors import current_version, definition_for
from digikommun.identity.models import User
from digikommun.portal import services as portal_services

from .conftest import login_as
from .helpers import SHOWCASE, STEPS, draft_with, fill, review_url, step_url

PARKING = {
    "zone": "inner_city",
    "registered_in_zone": "yes",
    "registration_number": "ABC 123",
    "vehicle_relation": "owner",
    "vehicle_weight": "1500",
}
BISTAND = {
    "month": datetime.date.today().strftime("%Y-%m"),
    "adults": "1",
    "children": [{"first_name": "Nora", "birth_date": "2017-05-01"}],
    "resides_in_municipality": "yes",
    "income": "0",
    "housing_cost": "3000",
    "electricity_cost": "200",
    "assets": "0",
    "work_situation": "seeking_work",
}


def _case(service: str, answers: dict, personnummer: str) -> Case:
    draft = draft_with(service, answers, personnummer=personnummer)
    definition = definition_for(current_version(service))
    return portal_services.draft_submit(draft=draft, definition=definition, language="sv")


class Checker:
    def __init__(self, page, axe, base: str, lang: str, narrow: bool):
        self.page, self.axe, self.base, self.lang, self.narrow = page, axe, base, lang, narrow
        self.seen = 0

    def check(self, label: str) -> None:
        self.page.wait_for_load_state()
        self.axe.check(self.page, f"{label} ({self.lang})")
        levels = self.page.evaluate(
            "Array.from(document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6'))"
            ".filter((h) => h.offsetParent !== null || h.closest('details'))"
            ".map((h) => Number(h.tagName[1]))"
        )
        assert levels and levels[0] == 1, f"{label}: the first heading is not h1: {levels}"
        skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
        assert not skips, f"{label}: headings skip a level: {levels}"
        html_lang = self.page.evaluate("document.documentElement.lang")
        assert html_lang == self.lang, f"{label}: lang={html_lang}"
        if self.narrow:
            wide = self.page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert wide <= 0, f"{label} scrolls sideways by {wide}px at 320 px"
        self.seen += 1

    def visit(self, path: str, label: str, status: int | None = 200) -> None:
        response = self.page.goto(self.base + path)
        if status is not None:
            assert response.status == status, f"{label}: HTTP {response.status}"
        self.check(label)

    def next_with_errors(self, label: str) -> None:
        self.page.locator(".actions button.primary").click()
        expect(self.page.locator("#error-summary")).to_be_visible()
        self.check(label + ", with errors")


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_resident_page(site, showcase, browser, axe, lang):
    narrow = lang == "en"
    context = browser.new_context(
        locale="sv-SE" if lang == "sv" else "en-GB",
        viewport={"width": 320, "height": 640} if narrow else {"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    c = Checker(page, axe, site, lang, narrow)
    page.goto(site + "/")
    if page.evaluate("document.documentElement.lang") != lang:
        page.locator("[data-language-switch] button").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)

    # Public pages
    c.visit("/", "catalog")
    c.visit("/search/?q=parkering", "search with a result")
    c.visit("/search/?q=zzzz", "search without a result")
    c.visit("/departments/", "services by department")
    c.visit("/life/money/", "a life situation")
    c.visit("/services/ekonomiskt-bistand/", "service page, logged out")
    c.visit("/login/", "login")
    c.visit("/no-such-page/", "page not found", status=404)
    c.visit("/session/ended/", "session ended")
    c.visit("/logged-out/", "logged out")

    # Logged in, with cases in each state and an unsent application
    person = User.objects.get(personnummer="198507099805")
    login_as(page, site, person.personnummer)
    decided = _case("boendeparkering", PARKING, person.personnummer)
    in_review = _case("boendeparkering", {**PARKING, "vehicle_relation": "other"}, "198507099805")
    draft_with("ekonomiskt-bistand", {"adults": "1"}, passed=0)
    for case in (decided, in_review):
        for _ in range(100):
            case.refresh_from_db()
            if case.status != "received":
                break
            page.wait_for_timeout(100)
    c.visit("/services/boendeparkering/", "service page, logged in")
    c.visit("/my-pages/", "my pages")
    c.visit(f"/my-pages/cases/{decided.pk}/", "case with a decision")
    c.visit(f"/my-pages/cases/{in_review.pk}/", "case with a caseworker")
    c.visit("/my-pages/register-extract/", "register extract")

    # Every step of both demo services, and of the test service with every field type,
    # first as it opens and then sent empty (errors).
    for service, count in [("ekonomiskt-bistand", 3), ("boendeparkering", 2), ("falttyper", 7)]:
        empty = draft_with(service, {"ctl_choice": "a", "ctl_number": "11", "has_pet": "yes"})
        for number in range(1, count + 1):
            c.visit(step_url("", empty, number), f"{service} step {number}")
            if service == "falttyper" and number == STEPS["attachments"]:
                continue  # nothing is required there; a refused upload is checked below
            if service == "falttyper" and number == STEPS["household"]:
                page.locator("#f-members-add").click()
                page.locator("#f-members-0-relation-3").check()
            c.next_with_errors(f"{service} step {number}")

    # A refused upload, rows of a group with errors, the map with a marker
    full = draft_with("falttyper", SHOWCASE)
    page.goto(site + step_url("", full, STEPS["attachments"]))
    page.locator("#f-certificate").set_input_files(
        [{"name": "intyg.pdf", "mimeType": "application/pdf", "buffer": b"MZ" + b"\0" * 64}]
    )
    c.next_with_errors("a refused upload")
    page.goto(site + step_url("", full, STEPS["place"]))
    page.locator("#f-spot-map").click(position={"x": 100, "y": 100})
    c.check("the map with a marker")
    page.goto(site + step_url("", full, STEPS["household"]))
    fill(page, {"members.0.birth_date": "i fjol"})
    c.next_with_errors("a repeating group")

    c.visit(review_url("", draft_with("ekonomiskt-bistand", BISTAND)), "review")
    c.visit(review_url("", full), "review of every field type")
    expired = draft_with("boendeparkering", PARKING)
    type(expired).objects.filter(pk=expired.pk).update(expires_at="2000-01-01T00:00:00Z")
    c.visit(step_url("", expired, 1), "expired application", status=410)
    context.close()
    assert c.seen >= 44
