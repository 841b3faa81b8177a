"""Issue 10 in a real browser, as the people do it: a two-adult application waits for the
partner's e-ID confirmation and is then decided; a declined confirmation goes to a
caseworker's inbox with a message to both; an unread message on a decided case shows in the
team's queue and clears when read; a completion request for a named document is answered
with an upload that the caseworker opens. Every new page is checked with axe-core in Swedish
here and in English in test_new_pages_in_both_languages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from digikommun.cases.models import Case
from digikommun.cases.workflow import Status
from digikommun.cosigning.models import CoSignature
from tests.answers import THIS_MONTH

from .conftest import login, login_as
from .helpers import draft_with
from .test_apply import fill_step

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ANNA, ERIK, KARIN = "198507099805", "199003159820", "198103129816"
ECONOMY = {"income": "2000", "housing_cost": "5500", "electricity_cost": "300", "assets": "0"}
ANSWERS = {
    "month": THIS_MONTH,
    "adults": "1",
    "resides_in_municipality": "yes",
    **ECONOMY,
    "work_situation": "seeking_work",
}


def until(page, check, what: str, tries: int = 60) -> None:
    """Reload until the check holds (the background worker acts between reloads)."""
    for _ in range(tries):
        if check():
            return
        page.wait_for_timeout(500)
        page.reload()
    pytest.fail(f"never happened: {what}")


def sent_case(answers: dict, *, status: str) -> Case:
    """An application Anna sent (made directly), once the worker has moved it to `status`."""
    from digikommun.catalog.selectors import current_version, definition_for
    from digikommun.portal import services as portal_services

    draft = draft_with("ekonomiskt-bistand", answers, personnummer=ANNA)
    definition = definition_for(current_version("ekonomiskt-bistand"))
    case = portal_services.draft_submit(draft=draft, definition=definition, language="sv")
    for _ in range(100):
        case.refresh_from_db()
        if case.status == status:
            return case
        import time

        time.sleep(0.2)  # waiting for the worker thread, not evidence of anything
    pytest.fail(f"case {case.diary_number} stayed {case.status}")


def test_two_adults_wait_for_the_partners_confirmation_then_are_decided(site, browser, axe):
    anna = browser.new_context(locale="sv-SE").new_page()
    login(anna, site, "Anna Andersson")
    anna.goto(site + "/services/ekonomiskt-bistand/")
    anna.get_by_role("button", name="Starta ansökan").click()
    fill_step(anna, {"adults": "2"})
    partner = anna.get_by_label("Din partners personnummer")
    expect(partner).to_be_visible()  # asked only for two adults
    partner.fill("19850709-9805")  # her own number first
    fill_step(anna, {"resides_in_municipality": "yes"})
    anna.get_by_role("button", name="Nästa").click()
    expect(anna.locator("#error-summary")).to_contain_text("Du kan inte ange dig själv")
    axe.check(anna, "household step, naming herself")
    expect(anna.get_by_label("Din partners personnummer")).to_have_value("19850709-9805")
    anna.get_by_label("Din partners personnummer").fill("19900315-9820")
    anna.get_by_role("button", name="Nästa").click()
    expect(anna.get_by_label("Hyresavi eller annat underlag för boendekostnaden")).to_be_visible()
    fill_step(anna, ECONOMY)
    anna.get_by_role("button", name="Nästa").click()
    fill_step(anna, {"work_situation": "seeking_work"})
    anna.get_by_role("button", name="Granska dina svar").click()
    anna.get_by_label("E-postadress för ditt kvitto (frivilligt)").fill("anna@example.se")
    axe.check(anna, "review with the receipt address")
    anna.get_by_role("button", name="Skicka ansökan").click()
    expect(anna.locator("#case-status")).to_have_text("Väntar på medundertecknares bekräftelse")
    expect(anna.locator("#cosigners")).to_contain_text("Väntar på bekräftelse")
    axe.check(anna, "case waiting for the partner")
    case_url = anna.url
    case = Case.objects.get(applicant__personnummer=ANNA)
    assert case.status == Status.AWAITING_COSIGNING  # the worker did not decide it

    erik = browser.new_context(locale="sv-SE").new_page()
    login(erik, site, "Erik Eriksson")
    expect(erik.locator("#cosign-requests")).to_contain_text(case.diary_number)
    axe.check(erik, "my pages with a request to confirm")
    erik.locator("#cosign-requests a").click()
    expect(erik.get_by_role("heading", level=1)).to_have_text("Bekräfta en ansökan")
    expect(erik.locator("main")).to_contain_text("Anna Andersson har ansökt")
    expect(erik.locator("main")).to_contain_text("Hushållets inkomster denna månad")
    axe.check(erik, "request to confirm")
    erik.get_by_role("button", name="Bekräfta ansökan").click()  # without ticking the box
    expect(erik.locator("#error-summary")).to_contain_text("Kryssa i rutan")
    axe.check(erik, "request to confirm, with an error")
    erik.get_by_label(re.compile("Jag har läst ansökan")).check()
    erik.get_by_role("button", name="Bekräfta ansökan").click()
    expect(erik.locator("#cosign-status")).to_have_text("Bekräftad")

    anna.goto(case_url)
    until(anna, lambda: anna.locator("#decision-heading").count() > 0, "the decision")
    expect(anna.locator("#case-status")).to_have_text("Beslutad")
    expect(anna.locator("ol.timeline")).to_contain_text("En medundertecknare bekräftade ansökan")
    # The partner is a party: he reads the decision too.
    erik.reload()
    expect(erik.locator("#decision-heading")).to_be_visible()
    axe.check(erik, "confirmed request with the decision")


def test_a_declined_confirmation_goes_to_a_caseworker_with_a_message_to_both(site, browser, axe):
    case = sent_case(
        {**ANSWERS, "adults": "2", "partner_personnummer": "19900315-9820"},
        status=Status.AWAITING_COSIGNING,
    )
    erik = browser.new_context(locale="sv-SE").new_page()
    login(erik, site, "Erik Eriksson")
    erik.locator("#cosign-requests a").click()
    erik.get_by_label(re.compile("Varför du avböjer")).fill("Vi bor inte längre tillsammans.")
    erik.get_by_role("button", name="Avböj").click()
    expect(erik.locator(".message-success")).to_contain_text("Du har avböjt")
    expect(erik.locator("#cosign-outcome")).to_contain_text("En handläggare går igenom")
    axe.check(erik, "declined request")

    anna = browser.new_context(locale="sv-SE").new_page()
    login(anna, site, "Anna Andersson")
    anna.goto(f"{site}/my-pages/cases/{case.pk}/")
    expect(anna.locator("#case-status")).to_have_text("Handläggs av en handläggare")
    expect(anna.locator("#cosign-declined")).to_contain_text("kontaktar er båda")
    axe.check(anna, "case after a declined confirmation")

    karin = browser.new_context(locale="sv-SE").new_page()
    login(karin, site, "Karin Berg")
    karin.goto(site + "/workbench/")
    expect(karin.locator("#inbox-count")).to_have_text("1")
    karin.locator("#inbox-link").click()
    row = karin.locator("tr", has_text=case.diary_number)
    expect(row.locator(".unread")).to_be_visible()
    expect(row).to_contain_text("Anna Andersson")
    axe.check(karin, "inbox")
    row.get_by_role("link", name=case.diary_number).click()
    expect(karin.locator("#unread-notice")).to_contain_text("En medundertecknare avböjde")
    expect(karin.locator("#wb-cosigners")).to_contain_text("Vi bor inte längre tillsammans.")
    axe.check(karin, "case with a declined confirmation")
    assert CoSignature.objects.get(case=case).status == CoSignature.Status.DECLINED


def test_an_unread_message_on_a_decided_case_shows_in_the_queue_and_clears_when_read(
    site, browser, axe
):
    case = sent_case(ANSWERS, status=Status.DECIDED)
    anna = browser.new_context(locale="sv-SE").new_page()
    login(anna, site, "Anna Andersson")
    anna.goto(f"{site}/my-pages/cases/{case.pk}/")
    anna.get_by_label("Skriv till handläggaren").fill("Jag vill att en person tittar på beslutet.")
    anna.get_by_role("button", name="Skicka meddelande").click()
    expect(anna.locator(".message-success")).to_be_visible()

    karin = browser.new_context(locale="sv-SE").new_page()
    login(karin, site, "Karin Berg")
    karin.goto(site + "/workbench/")
    expect(karin.locator("#inbox-count")).to_have_text("1")
    karin.locator("#inbox-link").click()
    row = karin.locator("tr", has_text=case.diary_number)
    expect(row).to_contain_text("Beslutad")
    expect(row.locator(".unread")).to_have_text("1 oläst")
    row.get_by_role("link", name=case.diary_number).click()
    expect(karin.locator("#unread-notice")).to_contain_text("Nytt meddelande från den sökande")
    expect(karin.locator("main")).to_contain_text("Jag vill att en person tittar")
    # Every letter of the case, to preview and download
    until(karin, lambda: karin.locator("#letters a").count() > 0, "the decision letter")
    axe.check(karin, "decided case with its letter")
    with karin.expect_download() as download:
        karin.get_by_role("link", name="Ladda ner (PDF)").first.click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    karin.goto(site + "/workbench/?status=inbox")
    expect(karin.locator("#inbox-count")).to_have_text("0")
    expect(karin.locator("main")).to_contain_text("Inga ärenden matchar")


def test_a_completion_request_for_a_named_document_is_answered_with_an_upload(
    site, browser, axe, tmp_path
):
    case = sent_case({**ANSWERS, "work_situation": "other"}, status=Status.IN_REVIEW)
    karin = browser.new_context(locale="sv-SE").new_page()
    login(karin, site, "Karin Berg")
    karin.goto(f"{site}/workbench/cases/{case.pk}/")
    karin.get_by_label("Vad den sökande behöver skicka").fill("Skicka din senaste hyresavi.")
    karin.get_by_label("Hyresavi eller annat underlag för boendekostnaden").check()
    axe.check(karin, "asking for a named document")
    karin.get_by_role("button", name="Skicka begäran").click()
    expect(karin.locator("#case-status")).to_have_text("Väntar på din komplettering")

    anna = browser.new_context(locale="sv-SE").new_page()
    login(anna, site, "Anna Andersson")
    anna.goto(f"{site}/my-pages/cases/{case.pk}/")
    expect(anna.locator("#completion")).to_contain_text("hyresavi")
    axe.check(anna, "request for a named document")
    anna.get_by_role("button", name="Skicka ditt svar").click()  # without the file first
    expect(anna.locator(".message-error")).to_contain_text("Bifoga Hyresavi")
    notice = tmp_path / "hyresavi-november.pdf"
    notice.write_bytes(PDF)
    anna.get_by_label("Hyresavi eller annat underlag för boendekostnaden").set_input_files(
        str(notice)
    )
    anna.get_by_role("button", name="Skicka ditt svar").click()
    expect(anna.locator(".message-success")).to_contain_text("Tack")

    karin.reload()
    expect(karin.locator("#case-status")).to_have_text("Handläggs av en handläggare")
    link = karin.locator("ul.completions a", has_text="hyresavi-november.pdf")
    expect(link).to_be_visible()
    expect(karin.locator("#attachments")).to_contain_text("hyresavi-november.pdf")
    axe.check(karin, "answered request with the upload")
    with karin.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "hyresavi-november.pdf"
    with open(download.value.path(), "rb") as opened:
        assert opened.read() == PDF


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_new_pages_in_both_languages(site, browser, axe, lang):
    """Every page this issue adds or changes, axe-clean in Swedish and in English."""
    page = browser.new_context(locale="sv-SE" if lang == "sv" else "en-GB").new_page()
    page.goto(site + "/")
    if page.evaluate("document.documentElement.lang") != lang:
        page.locator("[data-language-switch] button").click()
    expect(page.locator("html")).to_have_attribute("lang", lang)

    waiting = sent_case(
        {**ANSWERS, "adults": "2", "partner_personnummer": "19900315-9820"},
        status=Status.AWAITING_COSIGNING,
    )
    review = sent_case({**ANSWERS, "work_situation": "other"}, status=Status.IN_REVIEW)
    login_as(page, site, ANNA)
    page.goto(f"{site}/my-pages/cases/{waiting.pk}/")
    expect(page.locator("#cosigners")).to_be_visible()
    axe.check(page, f"case waiting for a co-signer ({lang})")
    draft = draft_with("ekonomiskt-bistand", ANSWERS, personnummer=ANNA)
    page.goto(f"{site}/applications/{draft.key}/review/")
    page.locator("#f-receipt-email").fill("not an address")
    page.locator("main form[method='post'] button.primary").last.click()
    expect(page.locator("#f-receipt-email-error")).to_be_visible()
    axe.check(page, f"review with a wrong address ({lang})")
    page.goto(f"{site}/applications/{draft.key}/step/2/")
    axe.check(page, f"economy step with the documents ({lang})")

    page.context.clear_cookies()
    login_as(page, site, ERIK)
    page.goto(site + "/my-pages/")
    expect(page.locator("#cosign-requests")).to_be_visible()
    axe.check(page, f"my pages with a request ({lang})")
    cosignature = CoSignature.objects.get(case=waiting)
    page.goto(f"{site}/my-pages/cosign/{cosignature.pk}/")
    axe.check(page, f"request to confirm ({lang})")
    page.locator("main form[action$='/sign/'] button").click()
    expect(page.locator("#error-summary")).to_be_visible()
    axe.check(page, f"request to confirm with an error ({lang})")

    page.context.clear_cookies()
    login_as(page, site, KARIN)
    from digikommun.cases import handling

    handling.case_message_from_applicant(case_id=review.pk, applicant=review.applicant, text="Hej")
    page.goto(site + "/workbench/?status=inbox")
    expect(page.locator("#inbox-count")).to_have_text("1")
    axe.check(page, f"inbox ({lang})")
    page.goto(f"{site}/workbench/cases/{review.pk}/")
    expect(page.locator("#unread-notice")).to_be_visible()
    axe.check(page, f"case with the unread notice, letters and documents ({lang})")
