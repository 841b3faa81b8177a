"""The canonical form of an entry and its hash, shared by appending and verifying."""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder


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
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
