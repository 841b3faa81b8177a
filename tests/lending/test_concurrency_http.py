"""Fairness under load over HTTP: 200 requests registered on the staff's pool page by 16 HTTP
clients at once (the live server, each request its own database connection) for a pool of 5
items give exactly 5 offers, one item each, and queue positions 1–195 with no gaps or
duplicates; the request order (`seq`) is 1–200 and is the commit order (the pool's row lock;
on SQLite the write lock taken at BEGIN)."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.conf import settings
from django.test import Client

from .helpers import pool

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS = 16
REQUESTS = 200
ITEMS = 5


def test_200_requests_from_16_http_clients_for_5_items(live_server):
    from digikommun.identity.models import Role, RoleGrant, User
    from digikommun.lending import selectors
    from digikommun.lending.models import Item, Loan

    p = pool(items=ITEMS, key="load")
    staff = User.objects.create(username="handlaggare")
    RoleGrant.objects.create(user=staff, role=Role.CASEWORKER, service_id="")
    login = Client()
    login.force_login(staff)
    cookie = login.cookies[settings.SESSION_COOKIE_NAME].value
    page_url = f"{live_server.url}/workbench/lending/{p.key}/"
    add_url = f"{page_url}loans/"

    def client(n: int) -> list[int]:
        http = requests.Session()
        http.cookies.set(settings.SESSION_COOKIE_NAME, cookie)
        page = http.get(page_url, timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        codes = []
        for i in range(n, REQUESTS, CLIENTS):
            response = http.post(
                add_url,
                data={"csrfmiddlewaretoken": token, "name": f"Elev {i}"},
                headers={"Referer": page_url},
                timeout=60,
                allow_redirects=False,
            )
            codes.append(response.status_code)
        return codes

    with ThreadPoolExecutor(max_workers=CLIENTS) as threads:
        codes = [c for result in threads.map(client, range(CLIENTS)) for c in result]
    assert codes == [302] * REQUESTS

    loans = list(Loan.objects.filter(pool=p).order_by("seq"))
    assert len(loans) == REQUESTS
    assert [loan.seq for loan in loans] == list(range(1, REQUESTS + 1))
    # Commit order: each request was written after the one before it.
    times = [loan.created_at for loan in loans]
    assert times == sorted(times)
    offered = [loan for loan in loans if loan.state == "offered"]
    assert [loan.seq for loan in offered] == list(range(1, ITEMS + 1))
    assert len({loan.item_id for loan in offered}) == ITEMS
    assert set(Item.objects.filter(pool=p).values_list("state", flat=True)) == {"reserved"}
    queue = selectors.queue(p)
    assert [loan.seq for loan in queue] == list(range(ITEMS + 1, REQUESTS + 1))
    assert [selectors.queue_position(loan) for loan in queue] == list(
        range(1, REQUESTS - ITEMS + 1)
    )
