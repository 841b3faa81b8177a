"""Reconsideration and appeals in a real browser, every new page checked with axe-core:
a resident asks for a person on an automated decision, the caseworker changes it and the
resident reads the new letter; an appeal on time goes through reconsideration to "sent to
the court" with its PDF; a late appeal is rejected with a letter of its own. The last test
visits every new page (and its error state) in English."""

from __future__ import annotations

import datetime
import itertools
import re
import uuid

from django.utils import timezone
from playwright.sync_api import expect

from digikommun.appeals import services as appeal_services
from digikommun.appeals.models import Appeal, Reconsideration
from digikommun.cases.models import Case
from digikommun.cases.workflow import Status
from digikommun.identity.models import User
from digikommun.process.steps import automated_decision
from tests.cases.test_process import BISTAND, submit
from tests.letters.pdf import pdf_text

from .conftest import login, login_as

ANNA, KARIN = "198507099805", "198103129816"
RENT = "Hyran höjdes till 6 700 kr från den 1 maj; det nya hyresavtalet är bifogat."
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


_NEXT = itertools.count()


def decided_case() -> Case:
    """An automatically decided application of Anna's. Each for another month (the previous,
    this or the next, in turn): a second one for the same month would be held as a repeat."""
    import datetime

    offset = (0, 1, -1)[next(_NEXT) % 3]
    today = datetime.date.today()
    year, month = divmod(today.year * 12 + today.month - 1 + offset, 12)
    case = submit("ekonomiskt-bistand", {**BISTAND, "month": f"{year:04d}-{month + 1:02d}"})
    automated_decision(case_id=case.pk)
    case.refresh_from_db()
    assert case.status == Status.DECIDED and case.decision.is_automated
    return case


def new_page(browser, lang: str = "sv"):
    context = browser.new_context(
        locale="sv-SE" if lang == "sv" else "en-GB", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def download_pdf(page, link) -> bytes:
    with page.expect_download() as download:
        link.click()
    with open(download.value.path(), "rb") as handle:
        return handle.read()


def test_ask_for_a_person_the_caseworker_changes_it_and_the_resident_reads_the_new_letter(
    site, browser, axe
):
    case = decided_case()
    old = case.decision
    resident = new_page(browser)
    login(resident, site, "Anna Andersson")
    resident.goto(f"{site}/my-pages/cases/{case.pk}/")
    panel = resident.locator("#reconsideration-appeal")
    expect(panel).to_contain_text("stoppar inte tiden för att överklaga")
    axe.check(resident, "case page with the reconsideration and appeal panel")
    panel.get_by_role("link", name="Be att en person går igenom beslutet").click()
    expect(resident.get_by_role("heading", level=1)).to_have_text(
        "Be att en person går igenom beslutet"
    )
    expect(resident.locator("main")).to_contain_text("stoppar inte tiden för att överklaga")
    axe.check(resident, "ask for a person")
    resident.get_by_role("button", name="Skicka begäran").click()  # nothing written
    expect(resident.locator("#error-summary")).to_contain_text("Skriv varför")
    axe.check(resident, "ask for a person, with an error")
    resident.get_by_label("Vad ska personen titta på, och varför?").fill(RENT)
    resident.get_by_role("button", name="Skicka begäran").dblclick()
    expect(resident.locator(".messages")).to_contain_text("Din begäran är skickad")
    assert Reconsideration.objects.filter(case=case).count() == 1

    worker = new_page(browser)
    login(worker, site, "Karin Berg")
    worker.goto(site + "/workbench/")
    worker.get_by_role("link", name="Omprövningar och överklaganden").click()
    axe.check(worker, "reconsiderations and appeals")
    worker.get_by_role("link", name=case.diary_number).click()
    expect(worker.get_by_role("heading", level=1)).to_contain_text("Omprövning av ärende")
    expect(worker.locator("main")).to_contain_text(RENT)
    axe.check(worker, "reconsideration task")
    worker.get_by_label("Ändra beslutet").check()
    worker.get_by_label("Beviljat", exact=True).check()
    new_amount = int(old.amount) + 1200
    worker.get_by_label("Nytt belopp (kronor), om något").fill(str(new_amount))
    worker.get_by_role("button", name="Spara omprövningen").click()  # no reasons yet
    expect(worker.locator("#error-summary")).to_contain_text("Skriv skälen")
    expect(worker.get_by_label("Nytt belopp (kronor), om något")).to_have_value(str(new_amount))
    axe.check(worker, "reconsideration task, with an error")
    worker.get_by_label("Skäl", exact=True).fill(
        "Den nya hyran på 6 700 kr är en skälig boendekostnad och räknas med."
    )
    worker.get_by_role("button", name="Spara omprövningen").click()
    expect(worker.locator("#reconsideration-status")).to_have_text("Beslutet ändrades")

    resident.goto(f"{site}/my-pages/cases/{case.pk}/")
    letters = resident.get_by_role("link", name=re.compile("Beslutsbrev"))
    for _ in range(60):  # the letters are made by the background worker
        if letters.count() == 2:
            break
        resident.wait_for_timeout(500)
        resident.reload()
    expect(letters).to_have_count(2)
    expect(resident.locator("section.decision")).to_contain_text("Den nya hyran")
    expect(resident.locator(".earlier-decisions")).to_contain_text("ersatt av ett nytt beslut")
    expect(resident.locator("ol.timeline")).to_contain_text("Beslutet ändrat vid omprövning")
    axe.check(resident, "case page with a changed decision")
    new_letter = Case.objects.get(pk=case.pk).decision.letters.get()
    text = pdf_text(
        download_pdf(resident, resident.locator(f"a[href$='/letters/{new_letter.pk}/']"))
    )
    assert "ersätter beslutet" in text
    assert "Den nya hyran på 6 700 kr" in text


def appeal_online(page, site, case, *, with_file: bool) -> None:
    page.goto(f"{site}/my-pages/cases/{case.pk}/")
    page.locator("#reconsideration-appeal").get_by_role("link", name="Överklaga beslutet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Överklaga beslutet")
    page.get_by_label("Vad vill du ändra i beslutet?").fill("Räkna med hela hyran, 6 700 kr.")
    page.get_by_role("button", name="Skicka överklagandet").click()  # no reasons given
    expect(page.locator("#error-summary")).to_contain_text("Skriv varför beslutet ska ändras")
    expect(page.get_by_label("Vad vill du ändra i beslutet?")).to_have_value(
        "Räkna med hela hyran, 6 700 kr."
    )
    page.get_by_label("Varför ska det ändras?").fill(RENT)
    if with_file:
        page.set_input_files(
            "#a-attachments",
            files=[
                {"name": "hyresavtal.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}
            ],
        )
    page.get_by_role("button", name="Skicka överklagandet").dblclick()
    expect(page.locator(".messages")).to_contain_text("Ditt överklagande har kommit in")
    assert Appeal.objects.filter(case=case).count() == 1


def test_an_appeal_on_time_goes_through_reconsideration_to_the_court_with_its_pdf(
    site, browser, axe
):
    case = decided_case()
    resident = new_page(browser)
    login_as(resident, site, ANNA)
    appeal_online(resident, site, case, with_file=True)
    axe.check(resident, "case page with an appeal")
    expect(resident.locator(".appeal-step")).to_contain_text("Mottaget")

    worker = new_page(browser)
    login_as(worker, site, KARIN)
    worker.goto(site + "/workbench/reconsiderations/")
    worker.get_by_role("link", name=case.diary_number).click()
    expect(worker.get_by_role("heading", level=1)).to_contain_text("Överklagande i ärende")
    expect(worker.locator("main")).to_contain_text("hyresavtal.pdf")
    axe.check(worker, "appeal task: the time check")
    worker.get_by_role("button", name="Godta och ompröva beslutet").click()
    expect(worker.locator("#appeal-status")).to_have_text("Kommunen omprövar sitt beslut")
    worker.get_by_role("link", name="Ompröva beslutet").click()
    worker.get_by_label("Skäl", exact=True).fill(
        "Hyreshöjningen gäller från maj; ansökan gäller april. Beslutet står fast."
    )
    worker.get_by_role("button", name="Spara omprövningen").click()
    expect(worker.locator("#reconsideration-status")).to_have_text("Beslutet fastställdes")
    worker.get_by_role("link", name="Överklagandet", exact=True).click()
    expect(worker.locator("#appeal-status")).to_have_text("Skickat till domstolen")
    axe.check(worker, "appeal task: sent to the court")
    text = pdf_text(download_pdf(worker, worker.get_by_role("link", name=re.compile("Akten"))))
    assert case.diary_number in text
    assert "Räkna med hela hyran, 6 700 kr." in text and "Hyran höjdes till 6 700 kr" in text
    from digikommun.cases.selectors import reasons_view

    first = reasons_view(case.decision.reasons, "sv")["sections"][0]["lines"][0]
    assert first[:40].replace("\u00a0", " ") in text.replace("\u00a0", " ")
    assert "hyresavtal.pdf" in text

    resident.reload()
    expect(resident.locator(".appeal-step")).to_have_text("Skickat till domstolen")
    expect(resident.locator("ol.timeline")).to_contain_text("Överklagandet skickat till domstolen")

    worker.get_by_label("Domstolen fastställde beslutet (överklagandet avslogs)").check()
    worker.get_by_label("Domen i korthet").fill("Förvaltningsrätten avslår överklagandet.")
    worker.get_by_role("button", name="Registrera domen").click()
    expect(worker.locator("#appeal-status")).to_have_text("Domstolen har avgjort")
    resident.reload()
    expect(resident.locator(".appeal-status")).to_contain_text("Förvaltningsrätten avslår")


def test_a_late_appeal_is_rejected_with_a_letter(site, browser, axe):
    case = decided_case()
    resident = new_page(browser)
    login_as(resident, site, ANNA)
    appeal_online(resident, site, case, with_file=False)

    worker = new_page(browser)
    login_as(worker, site, KARIN)
    worker.goto(f"{site}/workbench/appeals/{Appeal.objects.get(case=case).pk}/")
    received = timezone.localdate(case.decision.decided_at) - datetime.timedelta(days=40)
    worker.get_by_label("Dagen då den sökande fick del av beslutet (ÅÅÅÅ-MM-DD)").fill(
        received.isoformat()
    )
    worker.get_by_role("button", name="Godta och ompröva beslutet").click()
    expect(worker.locator("#error-summary")).to_contain_text("Överklagandet kom in för sent")
    axe.check(worker, "appeal task: late, with an error")
    worker.get_by_label("Om det kom in för sent: skälen för att avvisa det").fill(
        "Beslutet lämnades på Mina sidor samma dag som det fattades."
    )
    worker.get_by_role("button", name="Avvisa överklagandet som för sent").click()
    expect(worker.locator("#appeal-status")).to_have_text("Avvisat: det kom in för sent")

    resident.reload()
    expect(resident.locator(".appeal-step")).to_have_text("Avvisat: det kom in för sent")
    expect(resident.locator("ol.timeline")).to_contain_text("Överklagandet avvisat som för sent")
    axe.check(resident, "case page with a rejected appeal")
    text = pdf_text(
        download_pdf(resident, resident.get_by_role("link", name=re.compile("Beslut att avvisa")))
    )
    assert "avvisas eftersom det kom in för sent" in text
    assert "Hur du överklagar detta beslut" in text and "förvaltningsrätten" in text


def test_every_new_page_in_english(site, browser, axe):
    anna = User.objects.get(personnummer=ANNA)
    asked, appealed = decided_case(), decided_case()
    item = appeal_services.reconsideration_request(
        case_id=asked.pk, applicant=anna, reason="The rent went up."
    )
    appeal = appeal_services.appeal_lodge(
        case_id=appealed.pk,
        appellant=anna,
        change_wanted="Count the whole rent.",
        grounds="The rent went up in May.",
        submission_key=uuid.uuid4(),
    )
    resident, worker = new_page(browser, "en"), new_page(browser, "en")
    login_as(resident, site, ANNA)
    login_as(worker, site, KARIN)
    for page in (resident, worker):
        page.goto(site + "/")
        if page.evaluate("document.documentElement.lang") != "en":
            page.locator("[data-language-switch] button").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")

    fresh = decided_case()
    resident.goto(f"{site}/my-pages/cases/{fresh.pk}/")
    expect(resident.locator("#reconsideration-appeal")).to_contain_text(
        "does not stop the time to appeal"
    )
    axe.check(resident, "case page panel (en)")
    resident.goto(f"{site}/my-pages/cases/{fresh.pk}/ask-a-person/")
    resident.get_by_role("button", name="Send the request").click()
    expect(resident.locator("#error-summary")).to_contain_text("Write why")
    axe.check(resident, "ask for a person with an error (en)")
    resident.goto(f"{site}/my-pages/cases/{fresh.pk}/appeal/")
    resident.get_by_role("button", name="Send the appeal").click()
    expect(resident.locator("#error-summary")).to_contain_text("Write what you want changed")
    axe.check(resident, "appeal with errors (en)")

    worker.goto(site + "/workbench/reconsiderations/")
    expect(worker.locator("main")).to_contain_text(asked.diary_number)
    axe.check(worker, "tasks (en)")
    worker.goto(f"{site}/workbench/reconsiderations/{item.pk}/")
    worker.get_by_role("button", name="Save the reconsideration").click()
    expect(worker.locator("#error-summary")).to_contain_text("Write the reasons")
    axe.check(worker, "reconsideration with an error (en)")
    worker.goto(f"{site}/workbench/appeals/{appeal.pk}/")
    worker.get_by_role("button", name="Reject the appeal as late").click()
    expect(worker.locator("#error-summary")).to_contain_text("came in on time")
    axe.check(worker, "appeal task with errors (en)")
    worker.goto(f"{site}/workbench/cases/{fresh.pk}/")
    axe.check(worker, "workbench case page with the reconsideration panel (en)")
    worker.get_by_label("Reconsider the decision: why").fill("The wrong norm year was used.")
    worker.get_by_role("button", name="Start a reconsideration").click()
    expect(worker.get_by_role("heading", level=1)).to_contain_text("Reconsideration of case")
    expect(worker.locator("#reconsideration-status")).to_have_text("Waiting for a caseworker")
    worker.goto(site + "/workbench/")
    expect(worker.locator(".queue-link")).to_contain_text("3 waiting")
    axe.check(worker, "workbench queue with the reconsideration link (en)")
