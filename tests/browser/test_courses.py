"""Digital-skills courses in a real browser: people sign up without e-ID until the session is
full, the next one joins the waiting list and sees their place in it, a cancellation moves
the list up, and the teacher takes attendance on a 375-pixel-wide phone page. Every page is
checked with axe-core, in Swedish and in English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .conftest import login_as

pytestmark = pytest.mark.browser


def _sign_up(page, site, session_id, name, phone, tablet=False):
    page.goto(f"{site}/kurser/{session_id}/")
    page.get_by_label("Ditt namn").fill(name)
    page.get_by_label("Telefonnummer").fill(phone)
    if tablet:
        page.get_by_label("Jag behöver låna en surfplatta").check()
    page.locator("form button[type=submit].primary").click()
    page.wait_for_url(re.compile(r".*/kurser/bokning/"))
    return page.url


def test_a_course_fills_the_list_moves_and_the_teacher_takes_attendance(site, page, browser, axe):
    from digikommun.courses.models import Session

    session = Session.objects.filter(course__code="digital-vardag").order_by("starts_at").first()
    session.capacity = 2
    session.save()

    page.goto(f"{site}/kurser/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kurser i digital kompetens")
    axe.check(page, "course catalogue")
    page.goto(f"{site}/kurser/{session.pk}/")
    axe.check(page, "session page")
    page.get_by_role("button", name="Boka min plats").click()
    expect(page.locator("#error-summary")).to_contain_text("Skriv ditt namn.")
    axe.check(page, "session page with errors")

    first = _sign_up(page, site, session.pk, "Anna Andersson", "070-111 11 11")
    expect(page.locator("#booking-state")).to_have_text("Du har en plats.")
    axe.check(page, "booking page")
    _sign_up(page, site, session.pk, "Bo Berg", "070-222 22 22")
    page.goto(f"{site}/kurser/{session.pk}/")
    expect(page.locator("#places")).to_have_text("Fullt – kön är öppen")
    expect(page.get_by_role("button", name="Ställ mig i kön")).to_be_visible()
    third = _sign_up(page, site, session.pk, "Cecilia Ek", "070-333 33 33", tablet=True)
    expect(page.locator("#booking-state")).to_have_text("Du är nummer 1 i kön.")

    page.goto(first)
    page.get_by_role("button", name="Avboka").click()
    expect(page.get_by_text("Din bokning är avbokad.")).to_be_visible()
    page.goto(third)
    expect(page.locator("#booking-state")).to_have_text("Du har en plats.")

    # The same pages in English.
    english = browser.new_context(locale="en-GB")
    try:
        en = english.new_page()
        en.goto(f"{site}/kurser/{session.pk}/")
        expect(en.get_by_role("heading", level=1)).to_have_text("Digital everyday life")
        axe.check(en, "session page in English")
        en.goto(third)
        expect(en.locator("#booking-state")).to_have_text("You have a place.")
        axe.check(en, "booking page in English")
    finally:
        english.close()

    # The teacher, on a phone.
    phone = browser.new_context(locale="sv-SE", viewport={"width": 375, "height": 740})
    try:
        teacher = phone.new_page()
        login_as(teacher, site, "197609219816")
        teacher.goto(f"{site}/workbench/courses/")
        axe.check(teacher, "teacher's sessions")
        teacher.goto(f"{site}/workbench/courses/{session.pk}/attendance/")
        # Bo and Cecilia gave only a phone number: a text each; Cecilia asked for a tablet.
        expect(teacher.locator(".sms-text")).to_have_count(2)
        expect(teacher.locator(".sms-text").first).to_contain_text("Påminnelse: Digital vardag")
        expect(
            teacher.get_by_role("button", name="Registrera lån av surfplatta åt Cecilia Ek")
        ).to_be_visible()
        axe.check(teacher, "attendance on a phone")
        width = teacher.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"the page scrolls sideways on a phone ({width} px)"
        teacher.get_by_label("Cecilia Ek").check()
        teacher.get_by_role("button", name="Spara närvaron").click()
        expect(teacher.get_by_text("Sparat: 1 kom, 1 kom inte.")).to_be_visible()
    finally:
        phone.close()
    staff_en = browser.new_context(locale="en-GB")
    try:
        en = staff_en.new_page()
        login_as(en, site, "197609219816")
        en.goto(f"{site}/workbench/courses/{session.pk}/attendance/")
        expect(en.get_by_role("heading", name="Tablets to lend")).to_be_visible()
        axe.check(en, "the staff's session page in English")
    finally:
        staff_en.close()
    states = dict(session.bookings.values_list("name", "state"))
    assert states == {"Anna Andersson": "cancelled", "Bo Berg": "absent", "Cecilia Ek": "attended"}
