"""Checking the audit log: the keyed chain, the head, and the signed checkpoints."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .chain import audit_key, entry_hash
from .checkpoints import checkpoints_read
from .models import ENTRY_FIELDS, GENESIS_HASH, Entry, Head


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_broken_seq: int | None
    message: str
    checkpoints: int = 0


def _broken(checked: int, seq: int, why: str) -> VerifyResult:
    return VerifyResult(False, checked, seq, f"audit log: chain broken at entry {seq}: {why}")


def audit_verify(
    *, batch_size: int = 5000, progress: Callable[[int], None] | None = None
) -> VerifyResult:
    """Walk the chain in seq order, in batches, and report the first entry that breaks it.

    An entry breaks the chain when its keyed hash does not match its content (changed, or
    recomputed without the key), when it does not point at the hash of the entry before it,
    or when an entry before it is missing. The head row must agree with the last entry, and
    every signed checkpoint outside the database must name an entry that is there with the
    hash it recorded: this finds entries removed from the end even when the head was moved
    too. Memory use is one batch; `progress` is called with the count after each batch.
    """
    key = audit_key()
    checkpoints = checkpoints_read()
    for cp in checkpoints:
        if not cp.signed:
            return VerifyResult(
                False, 0, None, f"audit log: checkpoint line {cp.line} is not signed by the key"
            )
    wanted = {cp.seq: cp for cp in checkpoints}
    checked = 0
    expected_seq = 1
    prev_hash = GENESIS_HASH
    while True:
        rows = list(
            Entry.objects.filter(seq__gte=expected_seq)
            .order_by("seq")
            .values_list(*ENTRY_FIELDS)[:batch_size]
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
                key=key,
            )
            if content_hash != digest:
                return _broken(checked, seq, "hash does not match its content")
            if seq in wanted and wanted[seq].hash != digest:
                return _broken(checked, seq, f"it differs from the checkpoint of {wanted[seq].at}")
            checked += 1
            expected_seq += 1
            prev_hash = digest
        if progress is not None:
            progress(checked)
        if len(rows) < batch_size:
            break
    last_checkpoint = max(checkpoints, key=lambda cp: cp.seq, default=None)
    if last_checkpoint is not None and last_checkpoint.seq > checked:
        return _broken(
            checked,
            checked + 1,
            f"entries {checked + 1}–{last_checkpoint.seq} are missing at the end "
            f"(the checkpoint of {last_checkpoint.at} records entry {last_checkpoint.seq})",
        )
    head = Head.objects.filter(pk=1).values("seq", "hash").first()
    if head is not None and (head["seq"], head["hash"]) != (checked, prev_hash):
        if head["seq"] > checked:
            return _broken(
                checked, checked + 1, f"entries {checked + 1}–{head['seq']} are missing at the end"
            )
        return _broken(checked, head["seq"] or 1, "the head does not match the last entry")
    anchored = (
        f"; {len(checkpoints)} checkpoints agree (the last at entry {last_checkpoint.seq})"
        if last_checkpoint is not None
        else "; no checkpoint outside the database yet"
    )
    return VerifyResult(
        True,
        checked,
        None,
        f"audit log: {checked} entries, chain intact{anchored}",
        len(checkpoints),
    )
