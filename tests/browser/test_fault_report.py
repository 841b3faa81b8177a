"""Fault reporting in a real browser.

- A resident reports a broken streetlight with a click on the map and a photo, without
  logging in, and gets a receipt: a caseworker approves the photo, publishes the description,
  moves the report to in progress and then done (no decision form for a fault), the public
  page shows it done with the caseworker's note, the description and the photo, and the
  reporter gets an email. Every page on the way is checked with axe-core (WCAG 2.1 AA).
- Without JavaScript the form still works: the place is given in the address field.
"""

from __future__ import annotations

import re
import time

from django.core import mail
from playwright.sync_api import expect

from .conftest import CHROMIUM_ARGS, login_as  # noqa: F401

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200


def test_report_on_the_map_with_a_photo_then_follow_it_to_closed(site, page, axe):
    from digikommun.open311.models import Report

    page.goto(f"{site}/felanmalan/report/")
    axe.check(page, "report form")
    page.get_by_label("Trasig gatubelysning").check()
    expect(page.get_by_role("group", name="Om: Hål i gata eller cykelbana")).to_be_hidden()
    page.get_by_label("Släckt").check()
    the_map = page.locator("#fault-map")
    expect(the_map).to_be_visible()
    box = the_map.bounding_box()
    the_map.click(position={"x": box["width"] / 2, "y": box["height"] / 2})
    expect(page.get_by_label("Latitud")).to_have_value(re.compile(r"^59\.3\d+"))
    expect(page.get_by_label("Longitud")).to_have_value(re.compile(r"^18\.0\d+"))
    page.get_by_label("Foto").set_input_files(
        {"name": "lampa.jpg", "mimeType": "image/jpeg", "buffer": JPEG}
    )
    page.locator("#r-description-input").fill("Lampan utanför porten är släckt.")
    page.get_by_label("Din e-postadress").fill("boende@example.org")
    page.get_by_role("button", name="Skicka anmälan").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"Felanmälan FR \d{4}/\d{5}")
    )
    expect(page.locator("#report-status")).to_have_text("Mottagen")
    expect(page.locator("#report-description")).to_have_count(0)  # not cleared yet
    axe.check(page, "report page")
    report = Report.objects.get()
    assert report.district == "innerstaden" and report.photo_blob
    expect(page.locator("img.report-photo")).to_have_count(0)  # not approved yet

    page.goto(f"{site}/felanmalan/")
    expect(page.locator("#fault-list")).to_contain_text(report.number)
    expect(page.locator("#fault-map .leaflet-marker-icon")).to_have_count(1)
    axe.check(page, "public map")

    # The caseworker of the routed team handles it from the workbench.
    login_as(page, site, "198806149814")
    page.goto(f"{site}/workbench/cases/{report.case_id}/")
    page.get_by_role("link", name="Hantera felanmälan: status, foto, dubbletter").click()
    axe.check(page, "caseworker's fault page")
    page.get_by_role("button", name="Godkänn och publicera fotot").click()
    expect(page.get_by_text("Fotot är publicerat.")).to_be_visible()
    expect(page.locator("#fault-map .leaflet-marker-icon")).to_have_count(1)
    # A pothole's "Beviljat / Avslag" has no place here: a fault report is handled, not decided.
    page.get_by_label("Publicera anmälarens ord som de är").check()
    page.get_by_role("button", name="Spara den publicerade beskrivningen").click()
    expect(page.locator("#handle-public-description")).to_have_text(
        "Lampan utanför porten är släckt."
    )
    page.get_by_label("Pågår").check()
    page.get_by_role("button", name="Spara status").click()
    expect(page.locator("#handle-status")).to_have_text("Pågår (Öppen)")
    page.get_by_label("Åtgärdad").check()
    page.get_by_label("Publik kommentar").fill("Lampan är lagad.")
    page.get_by_role("button", name="Spara status").click()
    expect(page.locator("#handle-status")).to_have_text("Åtgärdad (Stängd)")
    axe.check(page, "caseworker's fault page, closed")
    page.goto(f"{site}/workbench/cases/{report.case_id}/")
    expect(page.get_by_role("heading", name="Besluta")).to_have_count(0)

    page.goto(f"{site}/felanmalan/reports/{report.public_id}/")
    expect(page.locator("#report-status")).to_have_text("Åtgärdad")
    expect(page.locator("#report-description")).to_have_text("Lampan utanför porten är släckt.")
    expect(page.locator("#report-notes")).to_have_text("Lampan är lagad.")
    expect(page.locator("img.report-photo")).to_be_visible()
    axe.check(page, "closed report")

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not any(
        "Lampan är lagad." in m.body for m in mail.outbox
    ):
        time.sleep(0.1)
    email = next(m for m in mail.outbox if "Lampan är lagad." in m.body)
    assert email.to == ["boende@example.org"] and report.number in email.subject
    receipt = next(m for m in mail.outbox if "Vi har tagit emot" in m.subject)
    assert receipt.to == ["boende@example.org"] and report.number in receipt.body


def test_report_without_javascript_by_address(site, browser):
    from digikommun.open311.models import Report

    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        page.goto(f"{site}/felanmalan/report/")
        expect(page.locator("#fault-map")).to_be_hidden()
        page.get_by_label("Full papperskorg eller skräp").check()
        page.get_by_label("Full papperskorg", exact=True).check()
        page.get_by_label("Adress eller plats").fill("Hornsgatan 1")
        page.get_by_role("button", name="Skicka anmälan").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            re.compile(r"Felanmälan FR \d{4}/")
        )
        expect(page.get_by_text("Hornsgatan 1")).to_be_visible()
        report = Report.objects.get()
        assert report.address == "Hornsgatan 1" and report.lat is None
        assert report.case.team.slug == "renhallning-ytterstad"
    finally:
        context.close()
