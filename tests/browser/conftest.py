"""Playwright driving the system Chromium against the live test server, with axe-core checks."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
# A browser scenario drives several pages through a live server and a worker: it may take
# longer than the suite's 60 s default on a loaded two-core machine.
BROWSER_TIMEOUT = 180
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if item.get_closest_marker("timeout") is None:
                item.add_marker(pytest.mark.timeout(BROWSER_TIMEOUT))


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: .ci/run installs Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def site(live_server, demo, worker):
    """The live server with demo data and a running background worker; yields its base URL."""
    return live_server.url


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    p = context.new_page()
    yield p
    context.close()


class Accessibility:
    """Runs axe-core on a page and fails on any WCAG 2.1 A/AA violation."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.pages_checked: list[str] = []

    def check(self, page, label: str = "") -> None:
        results = self.axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
        self.pages_checked.append(page.url)
        violations = results.response["violations"]
        if violations:
            lines = [
                f"{v['id']} ({v['impact']}): {v['help']} – "
                + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:5])
                for v in violations
            ]
            pytest.fail(
                f"axe-core found WCAG violations on {label or page.url}:\n" + "\n".join(lines)
            )


@pytest.fixture
def axe():
    return Accessibility()


def login(page, base_url: str, person: str, axe: Accessibility | None = None) -> None:
    """Log in through the real OIDC flow: platform → test provider → pick a person → callback."""
    page.goto(f"{base_url}/login/")
    if axe:
        axe.check(page, "login")
    page.get_by_role("button", name="Logga in med e-legitimation").click()
    page.wait_for_url("**/idp/choose/**")
    if axe:
        axe.check(page, "test identity provider")
    page.get_by_role("button", name=person).click()
    page.wait_for_url(f"{base_url}/my-pages/")


@pytest.fixture(scope="session", autouse=True)
def _patient_expectations():
    """Two cores run the live server, the worker and Chromium: give a page 10 s, not 5."""
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)


@pytest.fixture(autouse=True)
def _no_map_tiles(settings):
    """Tests run offline: the location field's map draws no tiles from the internet."""
    settings.PORTAL_MAP_TILE_URL = ""


def login_as(page, base_url: str, personnummer: str = "198507099805") -> None:
    """A logged-in session without the OIDC round trip (test_apply covers the real flow)."""
    from django.conf import settings
    from django.test import Client

    from digikommun.identity.models import User

    client = Client()
    client.force_login(
        User.objects.get(personnummer=personnummer),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )


@pytest.fixture
def showcase(site):
    """The test-only service that asks every field type and every kind of condition."""
    from pathlib import Path

    from digikommun.catalog.definition import load_definition
    from digikommun.catalog.services import service_publish

    folder = Path(__file__).resolve().parents[1] / "fixtures" / "services" / "falttyper"
    return service_publish(definition=load_definition(folder)).version
