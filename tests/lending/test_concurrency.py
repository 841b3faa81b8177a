"""Fairness under load: 200 loan requests from 16 threads at once (each its own database
connection) for a pool of 5 items give exactly 5 offers, one item each, and queue positions
1–195 with no gaps or duplicates, in the order of the stated rule and then the date of
application; the request order (`seq`) is 1–200, the commit order (the pool's row lock; on
SQLite the write lock taken at BEGIN)."""

from __future__ import annotations

import datetime
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone

from .helpers import pool

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 16
REQUESTS = 200
ITEMS = 5


def test_200_requests_from_16_threads_for_5_items():
    from digikommun.lending import selectors, services
    from digikommun.lending.models import Item, Loan

    p = pool(items=ITEMS, key="load")
    start = timezone.now() - datetime.timedelta(days=300)

    def client(n: int) -> int:
        done = 0
        try:
            for i in range(n, REQUESTS, THREADS):
                services.loan_request(
                    pool_key=p.key,
                    name=f"Elev {i}",
                    facts={"expected_weeks": 16 if i % 3 == 0 else 4},
                    # Dates that repeat, so the request order breaks ties.
                    applied_at=start + datetime.timedelta(days=i % 50),
                )
                done += 1
        finally:
            connection.close()
        return done

    with ThreadPoolExecutor(max_workers=THREADS) as threads:
        assert sum(threads.map(client, range(THREADS))) == REQUESTS

    loans = list(Loan.objects.filter(pool=p))
    assert sorted(loan.seq for loan in loans) == list(range(1, REQUESTS + 1))
    offered = [loan for loan in loans if loan.state == "offered"]
    assert len(offered) == ITEMS
    assert len({loan.item_id for loan in offered}) == ITEMS
    assert set(Item.objects.filter(pool=p).values_list("state", flat=True)) == {"reserved"}
    queue = selectors.queue(p)
    assert len(queue) == REQUESTS - ITEMS
    assert [selectors.queue_position(loan) for loan in queue] == list(
        range(1, REQUESTS - ITEMS + 1)
    )
    keys = [(loan.priority, loan.applied_at, loan.seq) for loan in queue]
    assert keys == sorted(keys)
