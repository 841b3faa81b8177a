"""An administrator reads the webhook delivery log, filters it, opens a failed delivery and
replays it, and the worker delivers it to a real receiver; the subscription form answers a
mistake with a clear error. In Swedish and in English; each page passes axe-core's WCAG 2.1
A/AA rules."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from digikommun.webhooks.models import Attempt, Delivery
from digikommun.webhooks.services import subscription_create
from tests.browser.test_stuck_queue import login_admin
from tests.webhooks.receiver import Receiver

TEXTS = {
    "sv-SE": {
        "log": "Leveranslogg för webhooks",
        "status": "Status",
        "failed": "Misslyckad",
        "show": "Visa",
        "replay": "Skicka igen",
        "replayed": "Leveransen skickas igen om en liten stund.",
        "delivered": "Levererad",
        "new": "Ny webhook-prenumeration",
        "create": "Skapa prenumerationen",
        "error": "Ge prenumerationen ett namn.",
    },
    "en-GB": {
        "log": "Webhook delivery log",
        "status": "Status",
        "failed": "Failed",
        "show": "Show",
        "replay": "Replay",
        "replayed": "The delivery will be sent again in a moment.",
        "delivered": "Delivered",
        "new": "New webhook subscription",
        "create": "Make the subscription",
        "error": "Give the subscription a name.",
    },
}


@pytest.fixture
def receiver():
    server = Receiver().start()
    yield server
    server.stop()


@pytest.mark.parametrize("locale", ["sv-SE", "en-GB"])
def test_an_administrator_replays_a_failed_delivery(site, browser, axe, receiver, locale):
    text = TEXTS[locale]
    subscription = subscription_create(
        name="Ärendesystemet", url=receiver.url, event_types=["case.decided"], user=None
    )
    failed = Delivery.objects.create(
        subscription=subscription,
        message_id="msg_browser0001",
        event_type="case.decided",
        event_key="case.decided:decision:1",
        body='{"data":{},"timestamp":"2026-01-01T00:00:00Z","type":"case.decided"}',
        status="failed",
        attempts=6,
        last_error="HTTP 500 Internal Server Error",
    )
    Attempt.objects.create(
        delivery=failed,
        number=1,
        started_at=timezone.now(),
        status_code=500,
        duration_ms=12,
        error="HTTP 500 Internal Server Error",
    )
    page = browser.new_context(locale=locale).new_page()
    login_admin(page, site)

    page.goto(site + "/workbench/webhooks/deliveries/")
    expect(page.get_by_role("heading", level=1)).to_have_text(text["log"])
    page.get_by_label(text["status"]).select_option("failed")
    page.get_by_role("button", name=text["show"]).click()
    expect(page.get_by_role("cell", name="HTTP 500 Internal Server Error")).to_be_visible()
    axe.check(page, f"webhook delivery log ({locale})")

    page.get_by_role("row").nth(1).get_by_role("link").click()
    expect(page.get_by_text("msg_browser0001")).to_be_visible()
    axe.check(page, f"webhook delivery ({locale})")
    page.get_by_role("button", name=text["replay"]).click()
    expect(page.get_by_text(text["replayed"])).to_be_visible()
    axe.check(page, f"webhook delivery after a replay ({locale})")

    # The worker sends it; the page shows it delivered (reloaded until then, with a deadline).
    for _ in range(100):
        page.reload()
        if page.locator("dd", has_text=text["delivered"]).count():
            break
        page.wait_for_timeout(100)
    expect(page.locator("dd", has_text=text["delivered"])).to_be_visible()
    assert [h["webhook-id"] for h, _body in receiver.received] == ["msg_browser0001"]

    page.goto(site + "/workbench/webhooks/new/")
    expect(page.get_by_role("heading", level=1)).to_have_text(text["new"])
    page.get_by_role("button", name=text["create"]).click()
    expect(page.get_by_role("alert")).to_contain_text(text["error"])
    axe.check(page, f"webhook subscription form with an error ({locale})")
    page.context.close()
