"""Open311 API keys: issued and revoked by an administrator, checked and rate-limited per key.

A key is shown once, when it is made; only its SHA-256 is kept. The rate limit counts
requests per key and minute in a database row (`ApiKeyWindow`), raised with a conditional
UPDATE, so every web process shares the same count and none can pass the limit.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import ApiKey, ApiKeyWindow


class KeyExists(ValueError):
    pass


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_key_create(*, name: str, per_minute: int = 60) -> tuple[ApiKey, str]:
    """A new key for a client; returns the row and the key itself (shown only now)."""
    name = name.strip()
    if not name:
        raise ValueError("a key needs a name")
    if ApiKey.objects.filter(name=name).exists():
        raise KeyExists(name)
    raw = "dk311_" + secrets.token_urlsafe(30)
    key = ApiKey.objects.create(
        name=name, prefix=raw[6:14], key_hash=_hash(raw), per_minute=per_minute
    )
    return key, raw


def api_key_revoke(*, name: str) -> bool:
    return bool(
        ApiKey.objects.filter(name=name, revoked_at__isnull=True).update(revoked_at=timezone.now())
    )


def api_key_find(raw: str) -> ApiKey | None:
    """The valid (not revoked) key with this text, or None."""
    if not raw:
        return None
    return ApiKey.objects.filter(key_hash=_hash(raw.strip()), revoked_at__isnull=True).first()


def api_key_use(key: ApiKey, *, now: datetime.datetime | None = None) -> bool:
    """Count one request against the key's limit for this minute; False when over it."""
    now = now or timezone.now()
    minute = now.replace(second=0, microsecond=0)
    created = ApiKeyWindow.objects.bulk_create(
        [ApiKeyWindow(key=key, minute=minute, count=0)], ignore_conflicts=True
    )
    allowed = ApiKeyWindow.objects.filter(key=key, minute=minute, count__lt=key.per_minute).update(
        count=F("count") + 1
    )
    if created:
        # Keep the table small: windows older than an hour are of no use.
        ApiKeyWindow.objects.filter(
            key=key, minute__lt=minute - datetime.timedelta(hours=1)
        ).delete()
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return bool(allowed)
