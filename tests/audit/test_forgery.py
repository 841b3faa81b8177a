"""The audit log cannot be rewritten without `audit verify` saying so.

The forgeries of issue 14, each by someone with full access to the database (past the
append-only triggers) but not to the HMAC key or the checkpoint folder:
- deleting the last entry and moving the head to the entry before it;
- rewriting an entry and recomputing the chain with the project's own hash function,
  without the key (the old unkeyed SHA-256, or a guessed key);
- with the key but not the checkpoints: rewriting an entry a checkpoint covers;
- adding a checkpoint line without the key.
And the database itself refuses UPDATE and DELETE, on SQLite and on PostgreSQL, from the
application's connection and (on SQLite) from another program.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from digikommun.audit import cli
from digikommun.audit.chain import audit_key, canonical_json, entry_hash
from digikommun.audit.checkpoints import checkpoint_write, checkpoints_read
from digikommun.audit.models import Entry, Head
from digikommun.audit.services import audit_log, audit_verify
from tests.audit.test_chain import append, raw_sql

pytestmark = pytest.mark.django_db


def unkeyed_sha256(**fields) -> str:
    """The hash the project used before keys: SHA-256 over the same canonical fields."""
    payload = entry_hash(**fields, key=b"x" * 32)  # to show the fields are the same …
    assert payload
    f = fields
    return hashlib.sha256(
        canonical_json(
            [
                f["seq"],
                f["at"].isoformat(timespec="microseconds"),
                f["actor_id"],
                f["actor_label"],
                f["action"],
                f["case_id"],
                canonical_json(f["detail"]),
                f["reason"],
                f["prev_hash"],
            ]
        ).encode()
    ).hexdigest()


def rewrite_from(seq: int, new_reason: str, hasher) -> None:
    """Change entry `seq`, recompute every hash after it with `hasher`, and move the head."""
    prev = Entry.objects.get(seq=seq - 1).hash if seq > 1 else "0" * 64
    for entry in Entry.objects.filter(seq__gte=seq).order_by("seq"):
        reason = new_reason if entry.seq == seq else entry.reason
        digest = hasher(
            seq=entry.seq,
            at=entry.at,
            actor_id=entry.actor_id,
            actor_label=entry.actor_label,
            action=entry.action,
            case_id=entry.case_id,
            detail=entry.detail,
            reason=reason,
            prev_hash=prev,
        )
        raw_sql(
            "UPDATE audit_entry SET reason = %s, prev_hash = %s, hash = %s WHERE seq = %s",
            [reason, prev, digest, entry.seq],
        )
        prev = digest
    Head.objects.filter(pk=1).update(seq=Entry.objects.order_by("-seq").first().seq, hash=prev)


def test_deleting_the_last_entry_and_moving_the_head_is_found_by_the_checkpoint():
    append(5)
    checkpoint_write()
    raw_sql("DELETE FROM audit_entry WHERE seq = %s", [5])
    fourth = Entry.objects.get(seq=4)
    Head.objects.filter(pk=1).update(seq=4, hash=fourth.hash)  # the head agrees with entry 4
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == 5
    assert "entries 5–5 are missing at the end (the checkpoint of" in result.message


@pytest.mark.parametrize(
    "hasher",
    [
        pytest.param(unkeyed_sha256, id="the-unkeyed-sha256"),
        pytest.param(lambda **f: entry_hash(**f, key=b"guessed-key" * 4), id="a-guessed-key"),
    ],
)
def test_a_rewritten_entry_with_the_chain_recomputed_without_the_key_is_found(hasher):
    append(5)
    rewrite_from(3, "nothing to see here", hasher)
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == 3
    assert result.message == "audit log: chain broken at entry 3: hash does not match its content"


def test_with_the_key_but_not_the_checkpoints_a_covered_entry_cannot_be_rewritten():
    append(5)
    checkpoint_write()
    rewrite_from(2, "changed by an insider", lambda **f: entry_hash(**f, key=audit_key()))
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == 5
    assert "it differs from the checkpoint of" in result.message


def test_a_checkpoint_line_added_without_the_key_is_refused(settings):
    append(2)
    checkpoint_write()
    path = settings.AUDIT_CHECKPOINT_DIR / "checkpoints.jsonl"
    with open(path, "a") as handle:
        handle.write(
            json.dumps({"seq": 1, "hash": "0" * 64, "at": "2026-01-01", "mac": "f" * 64}) + "\n"
        )
    result = audit_verify()
    assert not result.ok
    assert result.message == "audit log: checkpoint line 2 is not signed by the key"


def test_an_intact_log_agrees_with_its_checkpoints(capsys):
    append(3)
    assert cli.main(["checkpoint"]) == 0
    append(2)
    assert cli.main(["checkpoint"]) == 0
    assert [cp.seq for cp in checkpoints_read()] == [3, 5]
    assert cli.main(["verify"]) == 0
    out = capsys.readouterr().out
    assert "audit log: 5 entries, chain intact; 2 checkpoints agree (the last at entry 5)" in out


def test_the_export_holds_every_entry_and_a_signed_last_line(tmp_path, capsys):
    append(4)
    target = tmp_path / "audit.jsonl"
    assert cli.main(["export", str(target)]) == 0
    lines = [json.loads(line) for line in target.read_text().splitlines()]
    assert [line["seq"] for line in lines[:-1]] == [1, 2, 3, 4]
    trailer = lines[-1]["export"]
    assert trailer["entries"] == 4 and trailer["last_hash"] == Entry.objects.get(seq=4).hash
    assert len(trailer["mac"]) == 64


@override_settings(AUDIT_ALLOW_TEST_FLUSH=False)
def test_the_database_refuses_update_and_delete():
    append(1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_entry SET reason = 'x' WHERE seq = 1")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_entry WHERE seq = 1")
    assert Entry.objects.get(seq=1).reason == ""
    audit_log(actor=None, action="case.read", case_id=1)  # appending still works
    assert audit_verify().ok


@pytest.mark.django_db(transaction=True)
def test_on_sqlite_another_program_cannot_change_the_log():
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL trigger holds for every connection: see the test above")
    append(1)
    other = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        for sql in ("UPDATE audit_entry SET reason = 'x'", "DELETE FROM audit_entry"):
            with pytest.raises(sqlite3.OperationalError):
                other.execute(sql)
    finally:
        other.close()
    assert Entry.objects.count() == 1


def test_the_clock_writes_a_checkpoint_when_the_log_grew_and_the_interval_passed(settings):
    from digikommun.audit.checkpoints import checkpoint_if_due

    assert checkpoint_if_due() is None  # an empty log
    append(2)
    assert checkpoint_if_due().seq == 2
    assert checkpoint_if_due() is None  # nothing new
    append(1)
    settings.AUDIT_CHECKPOINT_SECONDS = 3600
    assert checkpoint_if_due() is None  # too soon
    settings.AUDIT_CHECKPOINT_SECONDS = 0
    assert checkpoint_if_due().seq == 3
    assert [cp.seq for cp in checkpoints_read()] == [2, 3]
