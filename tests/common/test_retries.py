"""One helper gives the retry waits of notifications and webhooks: their own setting in
seconds when set, else each app's defaults."""

from __future__ import annotations

import datetime

from digikommun.common.retries import retry_after
from digikommun.notify import services as notify
from digikommun.webhooks import sending

S = datetime.timedelta(seconds=1)


def test_the_setting_wins_and_an_empty_one_falls_back(settings):
    settings.NOTIFY_RETRY_AFTER_SECONDS = [1, 2.5]
    settings.WEBHOOKS_RETRY_AFTER_SECONDS = []
    assert notify.retry_after() == (S, 2.5 * S)
    assert sending.retry_after() == (5 * S, 30 * S, 120 * S, 600 * S, 3600 * S)
    settings.NOTIFY_RETRY_AFTER_SECONDS = None
    assert notify.retry_after() == notify.RETRY_AFTER
    settings.WEBHOOKS_RETRY_AFTER_SECONDS = ["7"]
    assert sending.retry_after() == (7 * S,)


def test_defaults_may_be_seconds_or_timedeltas(settings):
    assert retry_after("NO_SUCH_SETTING", (3, 2 * S)) == (3 * S, 2 * S)
