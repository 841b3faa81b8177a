"""The audit log exported for the archive: JSON Lines, one entry a line, and a signed last
line (the count, the last entry's hash, the time and an HMAC with the audit key), so the
archived copy can be checked against the live chain and its checkpoints."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from .chain import GENESIS_HASH, audit_key, canonical_json, mac, timestamp
from .models import ENTRY_FIELDS, Entry

FIELDS = ENTRY_FIELDS


def audit_export(*, path: Path, batch_size: int = 5000) -> int:
    """Write every entry to `path`; returns how many."""
    count, last_hash, after = 0, GENESIS_HASH, 0
    with open(path, "w", encoding="utf-8") as out:
        while True:
            rows = list(
                Entry.objects.filter(seq__gt=after).order_by("seq").values(*FIELDS)[:batch_size]
            )
            for row in rows:
                row["at"] = timestamp(row["at"])
                out.write(
                    json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True)
                    + "\n"
                )
                count, last_hash, after = count + 1, row["hash"], row["seq"]
            if len(rows) < batch_size:
                break
        at = timezone.now().isoformat(timespec="seconds")
        trailer = {"entries": count, "last_hash": last_hash, "exported_at": at}
        trailer["mac"] = mac(audit_key(), "export", canonical_json([count, last_hash, at]))
        out.write(json.dumps({"export": trailer}, sort_keys=True) + "\n")
    return count
