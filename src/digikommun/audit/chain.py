"""The canonical form of an entry and its keyed hash, shared by appending and verifying.

The hash is an HMAC-SHA256 with a key kept outside the database (the setting
`AUDIT_HMAC_KEY`, from the environment in production): whoever can write to the database
but lacks the key cannot recompute a chain that verifies. See docs/adr/0022.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder


def audit_key() -> bytes:
    key = getattr(settings, "AUDIT_HMAC_KEY", "") or ""
    if len(key) < 32:
        raise ImproperlyConfigured("AUDIT_HMAC_KEY must be set, at least 32 characters long")
    return key.encode("utf-8")


def mac(key: bytes, purpose: str, payload: str) -> str:
    """HMAC-SHA256 of the payload, separated by purpose (an entry, a checkpoint)."""
    return hmac.new(key, f"{purpose}\n{payload}".encode(), hashlib.sha256).hexdigest()


GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def normalise_detail(detail: Any) -> Any:
    """The detail as it will read back from the database (dates, decimals, UUIDs as strings).

    The hash is taken over this form, so the verifier, which reads the stored JSON, sees
    exactly what the appender hashed.
    """
    return json.loads(json.dumps(detail if detail is not None else {}, cls=DjangoJSONEncoder))


def timestamp(at: datetime.datetime) -> str:
    return at.astimezone(datetime.UTC).isoformat(timespec="microseconds")


def entry_hash(
    *,
    seq: int,
    at: datetime.datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    case_id: int | None,
    detail: Any,
    reason: str,
    prev_hash: str,
    key: bytes,
) -> str:
    payload = canonical_json(
        [
            seq,
            timestamp(at),
            actor_id,
            actor_label,
            action,
            case_id,
            canonical_json(detail),
            reason,
            prev_hash,
        ]
    )
    return mac(key, "entry", payload)
