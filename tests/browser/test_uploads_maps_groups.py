"""File uploads, the location picked on a map, and repeating groups, in a real browser.

- A renamed program uploaded as "intyg.pdf" is refused with a message naming the file, and
  nothing else the person entered on the page is lost; a real PDF is kept, listed, can be
  removed, and only its owner can download it.
- The map (Leaflet, vendored, no tiles in tests) fills in the coordinates when clicked; the
  coordinates can be typed instead, and a place outside the area is refused.
- Rows of a repeating group are added and removed on the server, a row's own condition
  shows a field, and the review page lists the rows.
"""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .conftest import login_as
from .helpers import SHOWCASE, STEPS, draft_with, fill, review_url, step_url

PROGRAM = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_renamed_program_is_refused_and_nothing_typed_is_lost(site, showcase, page, browser):
    draft = draft_with("falttyper", SHOWCASE)
    login_as(page, site)
    page.goto(step_url(site, draft, STEPS["attachments"]))
    page.get_by_label("Kommentar till bilagan").fill("Se bifogat intyg")
    page.locator("#f-certificate").set_input_files(
        [
            {"name": "intyg.pdf", "mimeType": "application/pdf", "buffer": PROGRAM},
            {"name": "riktigt.pdf", "mimeType": "application/pdf", "buffer": PDF},
        ]
    )
    page.get_by_role("button", name="Nästa", exact=True).click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("intyg.pdf: filen är ett program")
    expect(page.locator("#f-certificate-error")).to_contain_text("Program kan inte skickas in")
    expect(page.get_by_label("Kommentar till bilagan")).to_have_value("Se bifogat intyg")
    files = page.locator(".file-list")
    expect(files).to_contain_text("riktigt.pdf")  # the good file was kept
    expect(files).not_to_contain_text("intyg.pdf")

    # A file that is too large for the field gets its own message, and the rest stays.
    page.locator("#f-certificate").set_input_files(
        [{"name": "stor.pdf", "mimeType": "application/pdf", "buffer": PDF + b"0" * 1_100_000}]
    )
    page.get_by_role("button", name="Nästa", exact=True).click()
    expect(page.locator("#error-summary")).to_contain_text("stor.pdf: filen är större än 1,0 MB")
    expect(page.get_by_label("Kommentar till bilagan")).to_have_value("Se bifogat intyg")

    page.get_by_role("button", name="Nästa", exact=True).click()  # nothing new: on we go
    expect(page.get_by_role("heading", level=1)).to_have_text("Hushåll")
    page.goto(review_url(site, draft))
    link = page.get_by_role("link", name="riktigt.pdf")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "riktigt.pdf"
    href = link.get_attribute("href")

    # Someone else gets "not found", the same as for a file that does not exist.
    other = browser.new_context()
    other_page = other.new_page()
    login_as(other_page, site, "199003159820")
    assert other_page.request.get(site + href).status == 404
    other.close()


def test_a_file_can_be_removed_before_sending(site, showcase, page):
    draft = draft_with("falttyper", SHOWCASE)
    login_as(page, site)
    page.goto(step_url(site, draft, STEPS["attachments"]))
    page.locator("#f-certificate").set_input_files(
        [{"name": "kvitto.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Nästa", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hushåll")
    page.goto(step_url(site, draft, STEPS["attachments"]))
    expect(page.locator(".file-list")).to_contain_text("kvitto.pdf")
    page.get_by_role("button", name="Ta bort kvitto.pdf").click()
    expect(page.locator(".file-list")).to_have_count(0)
    expect(page.locator("#f-certificate")).to_be_focused()


def test_a_place_is_picked_on_the_map_or_typed(site, showcase, page):
    draft = draft_with("falttyper", {**SHOWCASE, "spot": {}})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    login_as(page, site)
    page.goto(step_url(site, draft, STEPS["place"]))
    the_map = page.locator("#f-spot-map")
    expect(the_map).to_be_visible()
    expect(the_map).to_have_attribute("aria-label", re.compile("Karta"))
    the_map.click(position={"x": 150, "y": 120})
    expect(page.locator("#f-spot-lat")).to_have_value(re.compile(r"^59\.\d{6}$"))
    expect(page.locator("#f-spot-lng")).to_have_value(re.compile(r"^1[78]\.\d{6}$"))
    expect(page.locator(".leaflet-marker-icon")).to_have_count(1)

    fill(page, {"spot.lat": "57.7", "spot.lng": "11.97"})  # Gothenburg: outside the area
    page.get_by_role("button", name="Nästa", exact=True).click()
    expect(page.locator("#error-summary")).to_contain_text("Platsen måste ligga inom kommunen")
    fill(page, {"spot.lat": "59,3293", "spot.lng": "18.0686"})
    page.get_by_role("button", name="Nästa", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bilagor")
    page.goto(review_url(site, draft))
    expect(page.locator("main")).to_contain_text("59,3293, 18.0686")
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_rows_of_a_repeating_group(site, showcase, page):
    draft = draft_with("falttyper", {**SHOWCASE, "members": []})
    login_as(page, site)
    page.goto(step_url(site, draft, STEPS["household"]))
    page.get_by_role("button", name="Nästa", exact=True).click()
    expect(page.locator("#error-summary")).to_contain_text("Lägg till minst 1")

    page.get_by_role("button", name="Lägg till en person").click()
    expect(page.locator("#f-members-0-name")).to_be_focused()
    fill(page, {"members.0.name": "Kim", "members.0.birth_date": "2015-05-05"})
    page.locator("#f-members-0-relation-2").check()  # child
    page.get_by_role("button", name="Lägg till en person").click()
    expect(page.locator("#f-members-1-name")).to_be_focused()
    expect(page.locator("#f-members-0-name")).to_have_value("Kim")  # kept across the round trip
    fill(page, {"members.1.name": "Alex", "members.1.birth_date": "1980-02-30"})
    relation_other = page.locator("#f-members-1-relation_other")
    expect(relation_other).to_be_hidden()
    page.locator("#f-members-1-relation-3").check()  # other: its own field shows
    expect(relation_other).to_be_visible()
    page.get_by_role("button", name="Nästa", exact=True).click()

    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Person 2: Födelsedatum: Ange ett datum som finns")
    expect(summary).to_contain_text("Person 2: Vilken relation?: Fyll i fältet")
    summary.get_by_role("link", name=re.compile("Födelsedatum")).click()
    expect(page.locator("#f-members-1-birth_date")).to_be_focused()
    fill(page, {"members.1.birth_date": "1980-02-28", "members.1.relation_other": "Kusin"})
    page.get_by_role("button", name="Lägg till en inkomst").click()
    fill(page, {"incomes.0.amount": "20 000"})
    page.locator("#f-incomes-0-kind").check()
    page.get_by_role("button", name="Lägg till en inkomst").click()
    page.get_by_role("button", name="Ta bort Inkomst 2").click()
    expect(page.locator("[name='incomes.1.amount']")).to_have_count(0)
    page.get_by_role("button", name="Nästa", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Villkor")

    page.goto(review_url(site, draft))
    main = page.locator("main")
    expect(main).to_contain_text("Person 1")
    expect(main).to_contain_text("Kim")
    expect(main).to_contain_text("Kusin")
    expect(main).to_contain_text("Inkomst 1")
    expect(main).not_to_contain_text("Inkomst 2")
