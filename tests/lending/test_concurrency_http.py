"""Fairness under load over HTTP: 200 requests registered on the staff's pool page by 16 HTTP
clients at once (the live server, each request its own database connection) for a pool of 5
items give exactly 5 offers, one item each, and queue positions 1–195 with no gaps or
duplicates; the request numbers (`seq`) are 1–200 with no gap or repeat, each given under the
pool's row lock (on SQLite the write lock taken at BEGIN), so they are the commit order."""

from __future__ import annotations

import pytest
from django.conf import settings

from ..http_load import post_from_clients
from .helpers import pool

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS = 16
REQUESTS = 200
ITEMS = 5


def test_200_requests_from_16_http_clients_for_5_items(live_server, staff):
    from digikommun.lending import selectors
    from digikommun.lending.models import Item, Loan

    p = pool(items=ITEMS, key="load")
    cookie = staff.cookies[settings.SESSION_COOKIE_NAME].value
    page_url = f"{live_server.url}/workbench/lending/{p.key}/"

    codes = post_from_clients(
        page_url=page_url,
        post_url=f"{page_url}loans/",
        form=lambda i: {"name": f"Elev {i}"},
        total=REQUESTS,
        clients=CLIENTS,
        cookies={settings.SESSION_COOKIE_NAME: cookie},
    )
    assert codes == [302] * REQUESTS

    loans = list(Loan.objects.filter(pool=p).order_by("seq"))
    assert len(loans) == REQUESTS
    assert [loan.seq for loan in loans] == list(range(1, REQUESTS + 1))
    offered = [loan for loan in loans if loan.state == "offered"]
    assert [loan.seq for loan in offered] == list(range(1, ITEMS + 1))
    assert len({loan.item_id for loan in offered}) == ITEMS
    assert set(Item.objects.filter(pool=p).values_list("state", flat=True)) == {"reserved"}
    queue = selectors.queue(p)
    assert [loan.seq for loan in queue] == list(range(ITEMS + 1, REQUESTS + 1))
    assert [selectors.queue_position(loan) for loan in queue] == list(
        range(1, REQUESTS - ITEMS + 1)
    )
