"""Counters of the abuse limits: how often one client did one thing in one time window.

One row per (limit, client, window), raised with a conditional UPDATE, so every web process
shares the count (the same way as the Open311 key limits, `open311.ApiKeyWindow`). The
client is kept as a keyed hash of its address, not the address itself.
"""

from __future__ import annotations

from django.db import models


class RateWindow(models.Model):
    scope = models.SlugField(max_length=40)  # the limit's name in settings.ABUSE_LIMITS
    who = models.CharField(max_length=64)  # HMAC-SHA256 of the client's address
    start = models.DateTimeField()  # the window's start (fixed windows)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "who", "start"], name="rate_window_unique")
        ]
        indexes = [models.Index(fields=["start"], name="rate_window_start")]

    def __str__(self) -> str:
        return f"{self.scope} {self.who[:8]} {self.start:%Y-%m-%d %H:%M}: {self.count}"
