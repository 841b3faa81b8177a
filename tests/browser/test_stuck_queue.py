"""An administrator finds the stuck queue, reads what failed and tries it again, in Swedish
and in English; each state of the page passes axe-core's WCAG 2.1 A/AA rules."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from digikommun.identity.models import Role, RoleGrant, User
from digikommun.process.models import StepRun
from tests.letters.factories import submitted_case


def login_admin(page, base_url: str) -> None:
    user = User.objects.create(username="drift", first_name="Dana", last_name="Drift")
    RoleGrant.objects.create(user=user, role=Role.ADMINISTRATOR)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )


@pytest.mark.parametrize(
    ("locale", "heading", "button", "done"),
    [
        ("sv-SE", "Fastnat arbete", "Försök igen", "Det görs ett nytt försök om en liten stund."),
        ("en-GB", "Stuck work", "Try again", "It will be tried again in a moment."),
    ],
)
def test_an_administrator_retries_stuck_work(site, browser, axe, locale, heading, button, done):
    case = submitted_case()
    StepRun.objects.create(
        step="after_decision",
        subject_id=10_000,  # no such decision: the retry fails again, and that is fine here
        case_id=case.pk,
        status="stuck",
        attempts=12,
        last_error="OSError: [Errno 28] No space left on device",
    )
    page = browser.new_context(locale=locale).new_page()
    login_admin(page, site)
    page.goto(site + "/workbench/stuck/")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.get_by_role("link", name=case.diary_number)).to_be_visible()
    expect(page.get_by_text("No space left on device")).to_be_visible()
    axe.check(page, f"stuck queue ({locale})")

    page.get_by_role("button", name=f"{button}: {case.diary_number}").click()
    expect(page.get_by_text(done)).to_be_visible()
    axe.check(page, f"stuck queue after a retry ({locale})")
    page.context.close()
