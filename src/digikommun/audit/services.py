"""The audit log's public door for writes and checks: append an entry, verify the chain."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from .chain import audit_key, entry_hash, normalise_detail
from .checkpoints import checkpoint_write
from .models import Entry, Head
from .verify import VerifyResult, audit_verify

SYSTEM_LABEL = "system"


def actor_label(actor: Any) -> str:
    if actor is None:
        return SYSTEM_LABEL
    if not getattr(actor, "is_authenticated", False):
        return "anonymous"
    name = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return (name or actor.get_username())[:200]


def _head_ensure() -> None:
    # The head row is made on first use (a flushed or fresh database has none); when entries
    # exist without a head, the head starts from the last of them.
    if Head.objects.filter(pk=1).exists():
        return
    last = Entry.objects.order_by("-seq").values("seq", "hash").first()
    Head.objects.bulk_create(
        [Head(pk=1, seq=last["seq"], hash=last["hash"]) if last else Head(pk=1)],
        ignore_conflicts=True,
    )


def audit_log(
    *,
    actor: Any,
    action: str,
    case_id: int | None = None,
    detail: Any = None,
    reason: str = "",
    label: str = "",
) -> Entry:
    """Append one entry to the log. `actor` is a user, or None for the system; `label`
    names an actor that is not a person (an API client: "api:<name>") in place of "system".

    Call it inside the transaction that does the thing being logged, so both are kept or
    neither is. Appends lock the head row (SELECT … FOR UPDATE on PostgreSQL; on SQLite the
    project's BEGIN IMMEDIATE transactions already serialise writers), so concurrent appends
    make one chain with no gaps.
    """
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    label = label[:200] if label and actor is None else actor_label(actor)
    detail = normalise_detail(detail)
    with transaction.atomic():
        _head_ensure()
        head = Head.objects.select_for_update().get(pk=1)
        seq = head.seq + 1
        content: dict[str, Any] = {
            "seq": seq,
            "at": timezone.now(),
            "actor_id": actor_id,
            "actor_label": label,
            "action": action,
            "case_id": case_id,
            "detail": detail,
            "reason": reason,
            "prev_hash": head.hash,
        }
        digest = entry_hash(**content, key=audit_key())
        entry = Entry.objects.create(**content, hash=digest)
        head.seq, head.hash = seq, digest
        head.save(update_fields=["seq", "hash"])
    return entry


__all__ = ["audit_log", "audit_verify", "checkpoint_write", "VerifyResult"]
