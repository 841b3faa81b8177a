"""The head of the audit log anchored outside the database: signed checkpoints in a file.

Each checkpoint is one line of JSON appended to `checkpoints.jsonl` in the folder
`AUDIT_CHECKPOINT_DIR` (on another disk or a write-once mount in production): the last
entry's seq and hash, the time, and an HMAC over them with the audit key. Someone who can
change the database but not that folder, or lacks the key, cannot make the log shorter than
a checkpoint or change an entry a checkpoint covers without `audit verify` saying so.
Written by `digikommun audit checkpoint` and by every worker's clock every
`AUDIT_CHECKPOINT_SECONDS` when the log has grown.
"""

from __future__ import annotations

import datetime
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .chain import audit_key, canonical_json, mac
from .models import Head

FILE_NAME = "checkpoints.jsonl"


@dataclass(frozen=True)
class Checkpoint:
    line: int
    seq: int
    hash: str
    at: str
    signed: bool  # the HMAC matches the key


def _path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR) / FILE_NAME


def _signature(seq: int, digest: str, at: str) -> str:
    return mac(audit_key(), "checkpoint", canonical_json([seq, digest, at]))


def checkpoints_read() -> list[Checkpoint]:
    path = _path()
    if not path.exists():
        return []
    found = []
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            data = json.loads(text)
            seq, digest, at = int(data["seq"]), str(data["hash"]), str(data["at"])
            signed = data.get("mac") == _signature(seq, digest, at)
        except (ValueError, KeyError, TypeError):
            seq, digest, at, signed = 0, "", "", False
        found.append(Checkpoint(number, seq, digest, at, signed))
    return found


def _last_checkpoint() -> Checkpoint | None:
    """The file's last line only (the clock asks every tick; the file only grows)."""
    path = _path()
    if not path.exists():
        return None
    with open(path, "rb") as handle:
        handle.seek(0, os.SEEK_END)
        handle.seek(max(0, handle.tell() - 4096))
        lines = handle.read().decode("utf-8", errors="replace").splitlines()
    try:
        data = json.loads(lines[-1])
        seq, digest, at = int(data["seq"]), str(data["hash"]), str(data["at"])
        return Checkpoint(0, seq, digest, at, data.get("mac") == _signature(seq, digest, at))
    except (IndexError, ValueError, KeyError, TypeError):
        return None  # unreadable: write a fresh one; `audit verify` reports the bad line


def checkpoint_write() -> Checkpoint | None:
    """Append the head as a signed checkpoint (synced to disk). None for an empty log."""
    head = Head.objects.filter(pk=1).values("seq", "hash").first()
    if head is None or head["seq"] == 0:
        return None
    at = timezone.now().isoformat(timespec="seconds")
    line = canonical_json(
        {
            "seq": head["seq"],
            "hash": head["hash"],
            "at": at,
            "mac": _signature(head["seq"], head["hash"], at),
        }
    )
    path = _path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, (line + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    return Checkpoint(0, head["seq"], head["hash"], at, True)


def checkpoint_if_due() -> Checkpoint | None:
    """For the clock: a checkpoint when the last is older than the interval and the log grew."""
    last = _last_checkpoint()
    head = Head.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
    if last is not None:
        if last.seq >= head:
            return None
        age = timezone.now() - datetime.datetime.fromisoformat(last.at)
        if age.total_seconds() < settings.AUDIT_CHECKPOINT_SECONDS:
            return None
    return checkpoint_write()
