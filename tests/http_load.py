"""Load from several HTTP clients at once against the live server: each client is its own
`requests` session (its own connection, so its own database connection on the server side),
fetches the form page once for its CSRF token, then posts its share of the forms in turn."""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import requests

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def post_from_clients(
    *,
    page_url: str,
    post_url: str,
    form: Callable[[int], dict[str, str]],
    total: int,
    clients: int,
    cookies: dict[str, str] | None = None,
) -> list[int]:
    """Post `form(0)` … `form(total - 1)` from `clients` clients at once, client n posting
    forms n, n + clients, …; the status codes, in client order."""

    def client(n: int) -> list[int]:
        http = requests.Session()
        for name, value in (cookies or {}).items():
            http.cookies.set(name, value)
        page = http.get(page_url, timeout=30)
        token = TOKEN.search(page.text).group(1)
        return [
            http.post(
                post_url,
                data={"csrfmiddlewaretoken": token, **form(i)},
                headers={"Referer": page_url},
                timeout=60,
                allow_redirects=False,
            ).status_code
            for i in range(n, total, clients)
        ]

    with ThreadPoolExecutor(max_workers=clients) as threads:
        return [code for codes in threads.map(client, range(clients)) for code in codes]
