"""Screenshots of the main resident pages at phone and desktop width, for docs/screenshots/.

Not part of the ordinary run: `DIGIKOMMUN_SCREENSHOTS=1 .venv/bin/pytest tests/browser/
test_screenshots.py` writes them (and checks nothing scrolls sideways at phone width).
"""

from __future__ import annotations

import datetime
import os
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from digikommun.cases.models import Case

from .conftest import login_as
from .helpers import SHOWCASE, STEPS, draft_with, step_url

OUT = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {"phone": (375, 812), "desktop": (1280, 900)}

pytestmark = pytest.mark.skipif(
    not os.environ.get("DIGIKOMMUN_SCREENSHOTS"), reason="set DIGIKOMMUN_SCREENSHOTS=1 to make them"
)

BISTAND = {
    "month": datetime.date.today().strftime("%Y-%m"),
    "adults": "1",
    "children": [{"first_name": "Nora", "birth_date": "2017-05-01"}],
    "resides_in_municipality": "yes",
    "income": "3 000",
    "housing_cost": "6 200",
    "electricity_cost": "350",
    "assets": "1 200",
    "work_situation": "seeking_work",
}


def _shoot(page, name: str) -> None:
    for width_name, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(150)
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow, f"{name} scrolls sideways at {width_name} width"
        page.screenshot(path=str(OUT / f"{name}-{width_name}.png"), full_page=True)


def test_screenshots_of_the_main_pages(site, page, request):
    OUT.mkdir(parents=True, exist_ok=True)
    login_as(page, site)
    page.goto(site + "/")
    _shoot(page, "01-catalog")
    page.goto(site + "/search/?q=parkering")
    _shoot(page, "02-search")
    page.goto(site + "/services/ekonomiskt-bistand/")
    _shoot(page, "03-service")

    draft = draft_with("ekonomiskt-bistand", {**BISTAND, "income": "tvåtusen"}, passed=1)
    page.goto(step_url(site, draft, 1))
    _shoot(page, "04-step-repeating-group")
    page.goto(step_url(site, draft, 2))
    page.get_by_role("button", name="Nästa", exact=True).click()
    expect(page.locator("#error-summary")).to_be_visible()
    _shoot(page, "05-step-with-errors")

    request.getfixturevalue("showcase")  # published only now, so the catalog shots show the demo
    showcase_draft = draft_with("falttyper", {**SHOWCASE, "spot": {}})
    page.goto(step_url(site, showcase_draft, STEPS["place"]))
    page.locator("#f-spot-map").click(position={"x": 160, "y": 120})
    _shoot(page, "06-step-map")
    page.goto(step_url(site, showcase_draft, STEPS["attachments"]))
    page.locator("#f-certificate").set_input_files(
        [{"name": "intyg.pdf", "mimeType": "application/pdf", "buffer": b"MZ" + b"\0" * 100}]
    )
    page.get_by_role("button", name="Nästa", exact=True).click()
    _shoot(page, "07-step-upload-refused")

    complete = draft_with("ekonomiskt-bistand", BISTAND)
    page.goto(f"{site}/applications/{complete.key}/review/")
    _shoot(page, "08-review")
    page.get_by_role("button", name="Skicka ansökan").click()
    expect(page.locator("#decision-heading")).to_be_visible(timeout=15_000)
    case = Case.objects.get(submission_key=complete.key)
    time.sleep(0.2)
    _shoot(page, "09-case-with-decision")
    assert case.status == "decided"

    page.goto(site + "/my-pages/")
    _shoot(page, "10-my-pages")
    page.goto(site + "/my-pages/register-extract/")
    _shoot(page, "11-register-extract")
