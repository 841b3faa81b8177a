"""The robot queue in a real browser: with every robot in the pool out on loan, a second
pupil's guardian applies and the other guardian confirms; the decision grants a robot, the
guardian sees her place in the queue on Mina sidor; when staff mark the robot out on loan
returned and record its check on the pool page, it is offered to her at once, and she sees
the offer with its deadline on Mina sidor and accepts it. Every new page state is checked with
axe-core in Swedish and in English."""

from __future__ import annotations

from playwright.sync_api import expect

from .conftest import login_as
from .test_telepresence import SARA, apply_and_confirm

JOHAN = "197609219816"  # a caseworker who manages the robot pool
POOL = "telepresence-robots"


def _empty_the_pool():
    """Every robot out on loan; the first one to a pupil whose loan ends first."""
    from digikommun.lending import selectors, services
    from digikommun.lending.models import Item

    pool = selectors.pool_by_key(POOL)
    loans = []
    for n in range(Item.objects.filter(pool=pool, state="available").count()):
        loan = services.loan_request(
            pool_key=POOL, name=f"Elev {n + 1}", facts={"expected_weeks": 4}
        )
        services.offer_answer(loan_id=loan.pk, accept=True)
        services.loan_pick_up(loan_id=loan.pk)
        loans.append(loan)
    assert selectors.pool_counts(pool)["available"] == 0
    return loans[0]


def _seen_in_english(browser, site, axe, who: str, path: str, selector: str, text: str, name):
    """The same page state for `who` in English: `text` in `selector` at `path`, and axe-core."""
    context = browser.new_context(locale="en-GB")
    try:
        page = context.new_page()
        login_as(page, site, who)
        page.goto(site + path)
        expect(page.locator(selector)).to_contain_text(text)
        axe.check(page, name)
    finally:
        context.close()


def test_a_waiting_guardian_is_offered_the_returned_robot_and_accepts(site, browser, axe):
    from digikommun.lending.models import Loan

    first = _empty_the_pool()

    def mina_sidor_in_english(text: str, name: str) -> None:
        _seen_in_english(browser, site, axe, SARA, "/my-pages/", "#loans", text, name)

    applied = apply_and_confirm(site, browser, axe)
    sara, case = applied.sara, applied.case
    expect(sara.locator("main")).to_contain_text("Eleven får låna en robot.")

    # Granted, but no robot is free: her place in the queue, and why, on Mina sidor.
    sara.goto(site + "/my-pages/")
    loans = sara.locator("#loans")
    expect(loans).to_contain_text("I kö")
    expect(loans).to_contain_text("Du är nummer 1 i kön.")
    expect(loans).to_contain_text("Ingen sådan regel gäller dig.")
    axe.check(sara, "Mina sidor, in the queue (sv)")
    mina_sidor_in_english("You are number 1 in the queue.", "Mina sidor, in the queue (en)")
    waiting = Loan.objects.get(case=case)
    assert waiting.state == "queued"

    # Staff mark the first pupil's robot returned, then record its check.
    staff = browser.new_context(locale="sv-SE").new_page()
    login_as(staff, site, JOHAN)
    staff.goto(f"{site}/workbench/lending/{POOL}/")
    row = staff.locator(f"#loan-{first.pk}")
    row.get_by_role("button", name="Markera som återlämnad").click()
    expect(staff.locator(f"#loan-{first.pk}")).to_contain_text("Återlämnat, ska kontrolleras")
    axe.check(staff, "pool page, a robot returned (sv)")
    assert Loan.objects.get(pk=waiting.pk).state == "queued"  # not before the check
    staff.locator(f"#loan-{first.pk}").get_by_role("button", name="Registrera kontrollen").click()
    expect(staff.locator(f"#loan-{waiting.pk}")).to_contain_text("Erbjudet")
    axe.check(staff, "pool page, the robot offered on (sv)")
    _seen_in_english(
        browser,
        site,
        axe,
        JOHAN,
        f"/workbench/lending/{POOL}/",
        f"#loan-{waiting.pk}",
        "Offered",
        "pool page, the robot offered on (en)",
    )

    # The offer, automatically, with its deadline, on her Mina sidor.
    waiting.refresh_from_db()
    assert waiting.state == "offered" and waiting.item_id == first.item_id
    from django.utils import timezone

    deadline = timezone.localtime(waiting.offer_expires_at).strftime("%Y-%m-%d %H:%M")
    sara.goto(site + "/my-pages/")
    expect(loans).to_contain_text("Erbjudet, väntar på svar")
    expect(loans).to_contain_text(f"Svara senast {deadline}")
    axe.check(sara, "Mina sidor, a robot offered (sv)")
    mina_sidor_in_english(f"Answer by {deadline}", "Mina sidor, a robot offered (en)")

    loans.get_by_role("button", name="Tacka ja").click()
    expect(loans).to_contain_text("Accepterat, ska hämtas")
    axe.check(sara, "Mina sidor, the offer accepted (sv)")
    mina_sidor_in_english("Accepted, to be picked up", "Mina sidor, the offer accepted (en)")
    assert Loan.objects.get(pk=waiting.pk).state == "accepted"
