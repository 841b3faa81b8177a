"""Concurrent appends from several threads (and connections) keep one gap-free chain.

Appends lock the head row; on SQLite the project's BEGIN IMMEDIATE transactions serialise
writers, on PostgreSQL SELECT … FOR UPDATE does. Either way no two entries share a seq and
every entry points at the one before it.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from digikommun.audit.models import Entry
from digikommun.audit.services import audit_log, audit_verify

THREADS = 6
EACH = 15


@pytest.mark.django_db(transaction=True)
def test_threads_appending_at_once_keep_one_chain():
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            start.wait()
            for i in range(EACH):
                audit_log(actor=None, action="case.read", case_id=n, detail={"i": i})
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    total = THREADS * EACH
    assert list(Entry.objects.values_list("seq", flat=True)) == list(range(1, total + 1))
    # Every thread's entries are all there, in the order that thread made them.
    for n in range(THREADS):
        mine = Entry.objects.filter(case_id=n).order_by("seq").values_list("detail", flat=True)
        assert [d["i"] for d in mine] == list(range(EACH))
    result = audit_verify()
    assert result.ok and result.checked == total
