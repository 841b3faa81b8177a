"""The audit log's public door for writes and checks: append an entry, verify the chain."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from .chain import entry_hash, normalise_detail
from .models import GENESIS_HASH, Entry, Head

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
    *, actor: Any, action: str, case_id: int | None = None, detail: Any = None, reason: str = ""
) -> Entry:
    """Append one entry to the log. `actor` is a user, or None for the system.

    Call it inside the transaction that does the thing being logged, so both are kept or
    neither is. Appends lock the head row (SELECT … FOR UPDATE on PostgreSQL; on SQLite the
    project's BEGIN IMMEDIATE transactions already serialise writers), so concurrent appends
    make one chain with no gaps.
    """
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    label = actor_label(actor)
    detail = normalise_detail(detail)
    with transaction.atomic():
        _head_ensure()
        head = Head.objects.select_for_update().get(pk=1)
        seq = head.seq + 1
        at = timezone.now()
        digest = entry_hash(
            seq=seq,
            at=at,
            actor_id=actor_id,
            actor_label=label,
            action=action,
            case_id=case_id,
            detail=detail,
            reason=reason,
            prev_hash=head.hash,
        )
        entry = Entry.objects.create(
            seq=seq,
            at=at,
            actor_id=actor_id,
            actor_label=label,
            action=action,
            case_id=case_id,
            detail=detail,
            reason=reason,
            prev_hash=head.hash,
            hash=digest,
        )
        head.seq, head.hash = seq, digest
        head.save(update_fields=["seq", "hash"])
    return entry


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_broken_seq: int | None
    message: str


_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "case_id",
    "detail",
    "reason",
    "prev_hash",
    "hash",
)


def _broken(checked: int, seq: int, why: str) -> VerifyResult:
    return VerifyResult(False, checked, seq, f"audit log: chain broken at entry {seq}: {why}")


def audit_verify(
    *, batch_size: int = 5000, progress: Callable[[int], None] | None = None
) -> VerifyResult:
    """Walk the chain in seq order, in batches, and report the first entry that breaks it.

    An entry breaks the chain when its hash does not match its content, when it does not
    point at the hash of the entry before it, or when an entry before it is missing. The head
    row must also agree with the last entry, which catches entries removed from the end.
    Memory use is one batch, whatever the log's length. `progress` is called with the
    number of entries checked after each batch.
    """
    checked = 0
    expected_seq = 1
    prev_hash = GENESIS_HASH
    while True:
        rows = list(
            Entry.objects.filter(seq__gte=expected_seq)
            .order_by("seq")
            .values_list(*_FIELDS)[:batch_size]
        )
        for seq, at, actor_id, label, action, case_id, detail, reason, prev, digest in rows:
            if seq != expected_seq:
                return _broken(checked, expected_seq, f"entry {expected_seq} is missing")
            if prev != prev_hash:
                return _broken(checked, seq, "it does not point at the entry before it")
            content_hash = entry_hash(
                seq=seq,
                at=at,
                actor_id=actor_id,
                actor_label=label,
                action=action,
                case_id=case_id,
                detail=detail,
                reason=reason,
                prev_hash=prev,
            )
            if content_hash != digest:
                return _broken(checked, seq, "hash does not match its content")
            checked += 1
            expected_seq += 1
            prev_hash = digest
        if progress is not None:
            progress(checked)
        if len(rows) < batch_size:
            break
    head = Head.objects.filter(pk=1).values("seq", "hash").first()
    if head is not None and (head["seq"], head["hash"]) != (checked, prev_hash):
        if head["seq"] > checked:
            return _broken(
                checked, checked + 1, f"entries {checked + 1}–{head['seq']} are missing at the end"
            )
        return _broken(checked, head["seq"] or 1, "the head does not match the last entry")
    return VerifyResult(True, checked, None, f"audit log: {checked} entries, chain intact")
