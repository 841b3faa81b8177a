"""The audit log is append-only and hash-chained; verification finds the first broken entry.

Each entry's hash covers its content and the previous entry's hash. Changing an entry
(bypassing the model, with raw SQL), removing one, or removing the last ones is found and
named by `audit_verify`; the model itself refuses updates and deletes.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from digikommun.audit.chain import audit_key, entry_hash
from digikommun.audit.models import GENESIS_HASH, AppendOnly, Entry
from digikommun.audit.selectors import entries_for_case
from digikommun.audit.services import audit_log, audit_verify
from tests.audit.factories import StaffFactory

pytestmark = pytest.mark.django_db


def append(n: int, *, actor=None, case_id: int | None = 7) -> list[Entry]:
    return [
        audit_log(actor=actor, action="case.read", case_id=case_id, detail={"i": i})
        for i in range(n)
    ]


def raw_sql(sql: str, params: list) -> None:
    """Run SQL as someone with database access would, past the model and the trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only")


def test_appends_make_a_gap_free_chain():
    karin = StaffFactory()
    first = audit_log(actor=karin, action="case.assign", case_id=1, reason="took the case")
    second = audit_log(actor=None, action="case.decide", case_id=1, detail={"outcome": "approved"})
    assert (first.seq, second.seq) == (1, 2)
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.hash
    assert first.actor_label == karin.get_full_name()
    assert second.actor_label == "system" and second.actor_id is None
    result = audit_verify()
    assert result.ok and result.checked == 2 and result.first_broken_seq is None
    assert result.message.startswith("audit log: 2 entries, chain intact;")


def test_details_of_any_json_friendly_type_verify_after_reading_back():
    audit_log(
        actor=None,
        action="case.decide",
        case_id=3,
        detail={
            "amount": Decimal("5050.50"),
            "on": datetime.date(2026, 11, 27),
            "id": uuid.UUID(int=5),
            "ä": ["ö", 1.5, None, True],
        },
    )
    assert audit_verify().ok


def test_an_empty_log_is_intact():
    assert audit_verify().message.startswith("audit log: 0 entries, chain intact;")


def test_verify_reads_in_batches_and_reports_progress():
    append(7)
    seen: list[int] = []
    result = audit_verify(batch_size=3, progress=seen.append)
    assert result.ok and result.checked == 7
    assert seen == [3, 6, 7]


def test_the_model_refuses_updates_and_deletes():
    entry = append(1)[0]
    entry.action = "case.nothing"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        Entry.objects.filter(pk=entry.pk).update(reason="edited")
    with pytest.raises(AppendOnly):
        Entry.objects.all().delete()
    assert audit_verify().ok


def test_a_changed_entry_is_found():
    append(5)
    raw_sql("UPDATE audit_entry SET reason = %s WHERE seq = %s", ["nothing to see", 3])
    result = audit_verify()
    assert not result.ok
    assert result.first_broken_seq == 3 and result.checked == 2
    assert result.message == "audit log: chain broken at entry 3: hash does not match its content"


def test_a_rewritten_entry_is_found_where_the_next_no_longer_links():
    append(4)
    # Someone changes entry 3 and recomputes its hash, so entry 3 checks out by itself:
    # entry 4 still points at the old hash, and that is where the chain breaks.
    third = Entry.objects.get(seq=3)
    new_hash = entry_hash(
        seq=third.seq,
        at=third.at,
        actor_id=third.actor_id,
        actor_label=third.actor_label,
        action=third.action,
        case_id=third.case_id,
        detail=third.detail,
        reason="nothing to see",
        prev_hash=third.prev_hash,
        key=audit_key(),  # an insider who has the key (the checkpoints are tested elsewhere)
    )
    raw_sql(
        "UPDATE audit_entry SET reason = %s, hash = %s WHERE seq = %s",
        ["nothing to see", new_hash, 3],
    )
    result = audit_verify()
    assert not result.ok
    assert result.first_broken_seq == 4 and result.checked == 3
    assert result.message == (
        "audit log: chain broken at entry 4: it does not point at the entry before it"
    )


def test_an_entry_whose_hash_alone_is_replaced_is_found_by_its_content():
    append(4)
    raw_sql("UPDATE audit_entry SET hash = %s WHERE seq = %s", ["f" * 64, 3])
    result = audit_verify()
    assert result.first_broken_seq == 3
    assert result.message.endswith("hash does not match its content")


def test_a_deleted_entry_is_found_as_a_gap():
    append(5)
    raw_sql("DELETE FROM audit_entry WHERE seq = %s", [2])
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == 2
    assert result.message == "audit log: chain broken at entry 2: entry 2 is missing"


def test_entries_removed_from_the_end_are_found_by_the_head():
    append(5)
    raw_sql("DELETE FROM audit_entry WHERE seq >= %s", [4])
    result = audit_verify()
    assert not result.ok and result.first_broken_seq == 4
    assert "entries 4–5 are missing at the end" in result.message


def test_on_postgresql_the_database_refuses_changes_too():
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL only")
    append(1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_entry SET reason = 'x' WHERE seq = 1")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_entry WHERE seq = 1")


def test_entries_for_a_case_come_in_order():
    append(2, case_id=11)
    append(1, case_id=12)
    audit_log(actor=None, action="letter.read", case_id=11)
    assert [e.action for e in entries_for_case(case_id=11)] == [
        "case.read",
        "case.read",
        "letter.read",
    ]
    assert [e.seq for e in entries_for_case(case_id=11)] == [1, 2, 4]


def test_a_removed_user_leaves_the_entry_and_its_label_unchanged():
    karin = StaffFactory(first_name="Karin", last_name="Berg")
    audit_log(actor=karin, action="case.read", case_id=1)
    karin.delete()
    entry = Entry.objects.get(seq=1)
    assert entry.actor_label == "Karin Berg" and entry.actor_id is not None
    assert audit_verify().ok
