"""The pages of the abuse limits in a real browser, in Swedish and English, each checked
with axe-core: confirming to follow a report, too many tries (429), too large to send
(413), no room to store the file (507), and the admin login locked out (django-axes)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import CHROMIUM_ARGS  # noqa: F401

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 4000

TEXTS = {
    "sv": {
        "confirm": "Bekräfta att du vill följa en anmälan",
        "yes": "Ja, skicka nyheter till mig",
        "follow": "Följ",
        "email": "Din e-postadress",
        "too_many": "För många försök",
        "too_large": "För stort för att skicka",
        "full": "Filen kunde inte sparas",
        "locked": "Inloggningen är låst en stund",
        "send": "Skicka anmälan",
        "photo": "Foto",
        "litter": "Skräp eller nedskräpning",
        "address": "Adress",
    },
    "en": {
        "confirm": "Confirm following a report",
        "yes": "Yes, send me news",
        "follow": "Follow",
        "email": "Your email address",
        "too_many": "Too many tries",
        "too_large": "Too large to send",
        "full": "The file could not be stored",
        "locked": "Login locked for a while",
        "send": "Send report",
        "photo": "Photo",
        "litter": "Litter",
        "address": "Address",
    },
}


@pytest.fixture
def lang_page(browser, request):
    lang = request.param
    context = browser.new_context(
        locale="sv-SE" if lang == "sv" else "en-GB", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page, lang
    context.close()


def report_form(page, site, t, *, photo: bool) -> None:
    page.goto(f"{site}/felanmalan/report/")
    page.locator("input[name='category'][value='litter']").check()
    page.locator("input[name='a_litter_kind'][value='bin_full']").check()
    page.locator("#address, [name='address']").first.fill("Storgatan 1")
    if photo:
        page.locator("input[name='photo']").set_input_files(
            {"name": "bild.jpg", "mimeType": "image/jpeg", "buffer": JPEG}
        )
    page.locator("form button[type='submit']").last.click()


@pytest.mark.parametrize("lang_page", ["sv", "en"], indirect=True)
def test_limit_pages_are_clear_and_accessible(site, lang_page, axe, settings, monkeypatch):
    from digikommun.identity.models import User
    from digikommun.open311.models import Follower
    from digikommun.open311.selectors import fault_service
    from tests.open311.conftest import submit

    page, lang = lang_page
    t = TEXTS[lang]
    report = submit(fault_service("felanmalan"))

    # Following: the confirmation page from the emailed link.
    follower = Follower.objects.create(report=report, email="granne@example.org", language=lang)
    page.goto(f"{site}/felanmalan/follow/{follower.token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(t["confirm"])
    axe.check(page, f"confirm following ({lang})")
    page.get_by_role("button", name=t["yes"]).click()
    expect(page).to_have_url(f"{site}/felanmalan/reports/{report.public_id}/")
    follower.refresh_from_db()
    assert follower.confirmed_at is not None

    # Too many tries: following from this address is over its limit.
    settings.ABUSE_LIMITS = {**settings.ABUSE_LIMITS, "follow": {"count": 0, "seconds": 600}}
    page.get_by_label(t["email"]).fill("annan@example.org")
    page.locator("form[action$='/follow/'] button[type='submit']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["too_many"])
    axe.check(page, f"429 ({lang})")

    # Too large to send: refused by its length, before it is read.
    settings.UPLOAD_MAX_REQUEST_BYTES = 2000
    report_form(page, site, t, photo=True)
    expect(page.get_by_role("heading", level=1)).to_have_text(t["too_large"])
    axe.check(page, f"413 ({lang})")

    # No room to store the photo.
    settings.UPLOAD_MAX_REQUEST_BYTES = 10 * 1024 * 1024
    from digikommun.limits import storage, uploads

    def full(self, name, content):
        raise uploads.StorageFull("no space left on device")

    monkeypatch.setattr(storage.CleanFileSystemStorage, "_save", full)
    report_form(page, site, t, photo=True)
    expect(page.get_by_role("heading", level=1)).to_have_text(t["full"])
    axe.check(page, f"507 ({lang})")

    # The admin's password login, locked out after failures.
    settings.AXES_FAILURE_LIMIT = 2
    User.objects.create_user(username=f"admin-{lang}", password="rätt-lösenord-1", is_staff=True)
    for attempt in range(2):
        page.goto(f"{site}/admin/login/?next=/admin/")
        page.locator("#id_username").fill(f"admin-{lang}")
        page.locator("#id_password").fill(f"fel-{attempt}")
        page.locator("input[type='submit']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t["locked"])
    axe.check(page, f"locked out ({lang})")
