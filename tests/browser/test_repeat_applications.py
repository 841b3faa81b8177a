"""Two applications for the same household and month in a real browser: the first is decided
at once, the second (the partner's) goes to a caseworker marked as a possible repeat, with a
link to the first; the caseworker sees the marker. The resident can start next month's
application from the last one on Mina sidor. Pages checked with axe-core, in Swedish and
English.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from digikommun.cases.models import Case

from .conftest import login_as
from .helpers import draft_with, review_url
from .test_apply import wait_for_decision

ANNA, ERIK, KARIN = "198507099805", "199003159820", "198103129816"


def answers(**changes) -> dict:
    from tests.letters.factories import BISTAND

    return {**BISTAND, "children": [], **changes}


def partner_confirms(personnummer: str = ERIK) -> None:
    """The partner confirms the application on their own Mina sidor (co-signing, tested in
    test_inbox_cosigning): done here through the service, once the request exists."""
    import time

    from digikommun.cosigning.models import CoSignature
    from digikommun.cosigning.services import cosign_sign
    from digikommun.identity.models import User

    deadline = time.monotonic() + 15
    while (
        cosignature := CoSignature.objects.filter(
            personnummer=personnummer, status=CoSignature.Status.PENDING
        ).first()
    ) is None:
        assert time.monotonic() < deadline, "no co-signing request came"
        time.sleep(0.1)
    cosign_sign(cosignature_id=cosignature.pk, user=User.objects.get(personnummer=personnummer))


def send(page, site, draft, button: str) -> None:
    page.goto(review_url(site, draft))
    page.get_by_role("button", name=button).click()


def test_the_partners_application_for_the_same_month_goes_to_a_caseworker_marked(
    site, browser, axe
):
    # Anna applies for herself and Erik, her partner: decided at once.
    anna = browser.new_context(locale="sv-SE").new_page()
    login_as(anna, site, ANNA)
    first = draft_with(
        "ekonomiskt-bistand",
        answers(adults="2", partner_personnummer="19900315-9820"),
        personnummer=ANNA,
    )
    anna.goto(review_url(site, first))
    expect(anna.locator("main")).to_contain_text("Din partners personnummer")
    axe.check(anna, "review with the partner (sv)")
    anna.get_by_role("button", name="Skicka ansökan").click()
    partner_confirms()
    anna.reload()  # the page waiting for a co-signer does not poll
    wait_for_decision(anna)
    decision = anna.locator("section.decision")
    expect(decision).to_contain_text("Beviljat")
    expect(decision.locator("dl.decision-facts")).to_contain_text("Månad")
    expect(decision.locator("dl.decision-facts")).to_contain_text("Utbetalas")
    axe.check(anna, "decision naming the month (sv)")
    first_case = Case.objects.get(applicant__personnummer=ANNA)

    # Erik applies for the same month, in English: not decided by the rules.
    erik = browser.new_context(locale="en-GB").new_page()
    login_as(erik, site, ERIK)
    second = draft_with("ekonomiskt-bistand", answers(), personnummer=ERIK)
    send(erik, site, second, "Send application")
    expect(erik.locator("#case-status")).to_have_text(
        "Being handled by a caseworker", timeout=15_000
    )
    expect(erik.locator("section.decision")).to_have_count(0)
    axe.check(erik, "case with a caseworker (en)")
    second_case = Case.objects.get(applicant__personnummer=ERIK)
    assert first_case.status == "decided" and first_case.decision.automated_by
    assert not Case.objects.filter(pk=second_case.pk, decisions__isnull=False).exists()

    # The caseworker sees the marker and the link to the other case.
    karin = browser.new_context(locale="sv-SE").new_page()
    login_as(karin, site, KARIN)
    karin.goto(f"{site}/workbench/cases/{second_case.pk}/")
    holds = karin.locator("#case-holds")
    expect(holds).to_contain_text("Möjlig upprepad ansökan")
    link = holds.get_by_role("link", name=first_case.diary_number)
    expect(link).to_be_visible()
    axe.check(karin, "case marked as a possible repeat (sv)")
    link.click()
    expect(karin.get_by_role("heading", level=1)).to_have_text(f"Ärende {first_case.diary_number}")

    karin_en = browser.new_context(locale="en-GB").new_page()
    login_as(karin_en, site, KARIN)
    karin_en.goto(f"{site}/workbench/cases/{second_case.pk}/")
    expect(karin_en.locator("#case-holds")).to_contain_text("Possible repeat application")
    axe.check(karin_en, "case marked as a possible repeat (en)")


def test_apply_for_next_month_from_the_last_application(site, page, axe):
    login_as(page, site, ANNA)
    draft = draft_with(
        "ekonomiskt-bistand",
        answers(adults="2", partner_personnummer="19900315-9820"),
        personnummer=ANNA,
    )
    send(page, site, draft, "Skicka ansökan")
    partner_confirms()
    page.reload()  # the page waiting for a co-signer does not poll
    wait_for_decision(page)
    page.goto(site + "/my-pages/")
    button = page.get_by_role("button", name=re.compile(r"Ansök för nästa månad"))
    expect(button).to_be_visible()
    axe.check(page, "my pages with apply for next month (sv)")
    button.click()
    expect(page.locator(".message-info")).to_contain_text("Kontrollera varje steg")
    expect(page.locator("[name='partner_personnummer']")).to_have_value("19900315-9820")
    axe.check(page, "next month's application, step 1 (sv)")
