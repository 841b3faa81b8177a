"""Abuse limits: at most N of one thing per client address and time window.

`limit_take` counts one try and says whether it is within the limit. The count lives in
the database (limits.RateWindow) so every web process shares it. Limits are configured
in settings.ABUSE_LIMITS as {"name": {"count": N, "seconds": S}}.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from .models import RateWindow


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


class RateLimited(Exception):
    """Over a limit: the request is refused with 429 and says when to try again."""

    def __init__(self, scope: str, retry_after: int):
        super().__init__(f"{scope}: over the limit, retry after {retry_after} s")
        self.scope, self.retry_after = scope, retry_after


def limit_for(scope: str) -> Limit:
    raw = settings.ABUSE_LIMITS[scope]
    return Limit(count=int(raw["count"]), seconds=max(1, int(raw["seconds"])))


def client_ip(request) -> str:
    """The client's address: the connection's, or the last entry of the header a trusted
    proxy sets (settings.CLIENT_IP_HEADER, e.g. HTTP_X_FORWARDED_FOR)."""
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header:
        value = request.META.get(header, "")
        if value:
            return value.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def axes_client_ip(request) -> str | None:
    """The address for django-axes: a valid IP address or None (its column is an inet)."""
    import ipaddress

    try:
        return str(ipaddress.ip_address(client_ip(request)))
    except ValueError:
        return None


def _who(text: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def limit_take(
    *, scope: str, who: str, now: datetime.datetime | None = None, limit: Limit | None = None
) -> None:
    """Count one try of `scope` by `who` (an address or another key); raise RateLimited when
    it is past the limit. A refused try is not counted. `limit` overrides the settings' one
    (an API client given its own figure)."""
    limit = limit or limit_for(scope)
    now = now or timezone.now()
    epoch = int(now.timestamp())
    start_ts = epoch - epoch % limit.seconds
    start = datetime.datetime.fromtimestamp(start_ts, tz=datetime.UTC)
    key = _who(who)
    created = RateWindow.objects.bulk_create(
        [RateWindow(scope=scope, who=key, start=start, count=0)], ignore_conflicts=True
    )
    allowed = RateWindow.objects.filter(
        scope=scope, who=key, start=start, count__lt=limit.count
    ).update(count=F("count") + 1)
    if created:
        # Keep the table small: a window a day past its end is of no use.
        RateWindow.objects.filter(
            scope=scope, start__lt=start - datetime.timedelta(seconds=limit.seconds, days=1)
        ).delete()
    if not allowed:
        raise RateLimited(scope, retry_after=start_ts + limit.seconds - epoch)


def limit_take_for_request(request, *, scope: str) -> None:
    limit_take(scope=scope, who=client_ip(request))


__all__ = ["Limit", "RateLimited", "client_ip", "limit_for", "limit_take", "limit_take_for_request"]
