"""Borrowing a telepresence robot in a real browser: a guardian applies step by step in Swedish
(uploading the medical certificate), the other guardian confirms in English, the guardian
reads the automated decision and accepts the robot offered on Mina sidor (the queue and the
offer when a robot comes back: tests/telepresence/test_lending.py). Every page on the way is checked with axe-core, the form's steps
in both languages."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from playwright.sync_api import Page, expect

from digikommun.cases.models import Case
from digikommun.cosigning.models import CoSignature

from .conftest import login_as
from .test_apply import fill_step, wait_for_decision

SARA, MIKAEL = "198204119823", "198409239814"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
NEXT = "button.primary[name='action'][value='next']"


def go_through_the_form(page, site, axe, lang: str, *, other_guardian: str) -> None:
    page.goto(site + "/services/telepresensrobot/")
    page.locator("form[action$='/apply/'] button.primary").click()
    fill_step(page, {"applicant_role": "guardian", "custody": "joint"})
    page.locator("[name='other_guardian_personnummer']").fill(other_guardian)
    axe.check(page, f"who applies ({lang})")
    page.locator(NEXT).click()
    fill_step(
        page,
        {
            "pupil_first_name": "Alva",
            "pupil_last_name": "Lund",
            "pupil_personnummer": "20150520-9823",
            "school": "ekbackeskolan",
            "grade": "4",
            "school_class": "4B",
        },
    )
    axe.check(page, f"the pupil ({lang})")
    page.locator(NEXT).click()
    start = timezone.localdate() + datetime.timedelta(days=7)
    fill_step(page, {"absence_from": start.isoformat(), "expected_weeks": "10"})
    page.locator("input[type='file'][name='medical_certificate']").set_input_files(
        {"name": "intyg.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    axe.check(page, f"the absence and the certificate ({lang})")
    page.locator(NEXT).click()
    expect(page.locator("main")).to_contain_text("intyg.pdf")
    axe.check(page, f"review ({lang})")


@dataclass
class Confirmed:
    sara: Page  # the applying guardian, in Swedish, on her case's page with its decision
    mikael: Page  # the other guardian, in English, who confirmed
    case: Case


def apply_and_confirm(site, browser, axe) -> Confirmed:
    """Sara applies for Alva in Swedish naming Mikael as the other guardian; he confirms in
    English; the rules decide, and Sara's case page shows the decision."""
    sara = browser.new_context(locale="sv-SE").new_page()
    login_as(sara, site, SARA)
    go_through_the_form(sara, site, axe, "sv", other_guardian="19840923-9814")
    expect(sara.get_by_role("heading", level=1)).to_have_text("Granska dina svar")
    sara.get_by_role("button", name="Skicka ansökan").click()
    expect(sara.locator("#case-status")).to_have_text("Väntar på medundertecknares bekräftelse")
    case_url = sara.url
    case = Case.objects.get(applicant__personnummer=SARA)
    cosignature = CoSignature.objects.get(case=case)

    mikael = browser.new_context(locale="en-GB").new_page()
    login_as(mikael, site, MIKAEL)
    mikael.goto(f"{site}/my-pages/cosign/{cosignature.pk}/")
    expect(mikael.get_by_role("heading", level=1)).to_have_text("Confirm an application")
    expect(mikael.locator("main")).to_contain_text("Alva")
    axe.check(mikael, "request to confirm (en)")
    mikael.get_by_label(re.compile("I have read the application")).check()
    mikael.get_by_role("button", name="Confirm the application").click()
    expect(mikael.locator("#cosign-status")).to_have_text("Confirmed")

    sara.goto(case_url)
    wait_for_decision(sara)
    return Confirmed(sara, mikael, case)


def test_a_guardian_applies_the_other_confirms_and_a_robot_is_granted(site, browser, axe):
    applied = apply_and_confirm(site, browser, axe)
    sara, mikael = applied.sara, applied.mikael
    expect(sara.locator("main")).to_contain_text("Eleven får låna en robot.")
    expect(sara.locator("main")).to_contain_text("Barn- och utbildningsnämnden")
    axe.check(sara, "the decision (sv)")
    # Granted: a free robot from the pool is offered to her on Mina sidor.
    sara.goto(site + "/my-pages/")
    expect(sara.locator("#loans")).to_contain_text("Erbjudet, väntar på svar")
    axe.check(sara, "my pages with the robot offered (sv)")
    sara.locator("#loans").get_by_role("button", name="Tacka ja").click()
    expect(sara.locator("#loans")).to_contain_text("Accepterat")
    mikael.reload()
    expect(mikael.locator("#decision-heading")).to_be_visible()
    expect(mikael.locator("main")).to_contain_text("The pupil may borrow a robot.")
    axe.check(mikael, "the decision on the request page (en)")

    # The form in English, step by step, with axe (Mikael, without sending it).
    go_through_the_form(mikael, site, axe, "en", other_guardian="19820411-9823")
    expect(mikael.get_by_role("heading", level=1)).to_have_text("Review your answers")
