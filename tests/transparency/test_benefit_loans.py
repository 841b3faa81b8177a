"""Loans on the benefit dashboard: per pool and month, loans started (picked up), people in
the queue at the month's end, offers and the median wait from request to offer, read from the
lending app's loans and their history; counts under 5 withheld in public and in the open
data, the same numbers in the chart, the table, the CSV and the JSON."""

from __future__ import annotations

import csv
import datetime
import io
import re

import pytest
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _loan(pool, seq, requested, *, offered=None, picked_up=None, withdrawn=None):
    from digikommun.lending.models import Loan, LoanEvent

    state = "queued"
    if offered:
        state = "active" if picked_up else "offered"
    if withdrawn:
        state = "withdrawn"
    loan = Loan.objects.create(
        pool=pool,
        name=f"Låntagare {seq}",
        state=state,
        applied_at=requested,
        seq=seq,
        priority=0,
        offered_at=offered,
        picked_up_at=picked_up,
    )
    Loan.objects.filter(pk=loan.pk).update(created_at=requested)
    events = [("", "requested", requested), ("requested", "queued", requested)]
    if offered:
        events.append(("queued", "offered", offered))
    if withdrawn:
        events.append(("queued", "withdrawn", withdrawn))
    for frm, to, at in events:
        event = LoanEvent.objects.create(loan=loan, from_state=frm, to_state=to)
        LoanEvent.objects.filter(pk=event.pk).update(at=at)


@pytest.fixture
def loans():
    """Last month, pool `robotar`: six loans offered 1–6 days after the request (median 3.5),
    five of them picked up; seven still in the queue; one withdrawn. Pool `tva`: two loans
    picked up last month (under 5)."""
    from digikommun.lending.models import Pool

    first = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    base = timezone.make_aware(datetime.datetime.combine(first, datetime.time(10)))
    base += datetime.timedelta(days=2)
    day = datetime.timedelta(days=1)
    robots = Pool.objects.create(key="robotar", config={})
    seq = 0
    for k in range(1, 7):
        seq += 1
        picked = base + 10 * day if k <= 5 else None
        _loan(robots, seq, base, offered=base + k * day, picked_up=picked)
    for _ in range(7):
        seq += 1
        _loan(robots, seq, base)
    _loan(robots, seq + 1, base, withdrawn=base + day)
    small = Pool.objects.create(key="tva", config={})
    for n in (1, 2):
        _loan(small, n, base, offered=base, picked_up=base + day)
    return first.strftime("%Y-%m")


def test_loan_figures_from_known_loans(loans):
    from digikommun.transparency.selectors import benefit

    staff = {(r.pool, r.month): r for r in benefit(public=False).loans}
    robots = staff[("robotar", loans)]
    assert (robots.loans_started, robots.loans_waiting, robots.loans_offered) == (5, 7, 6)
    assert robots.median_wait_days == pytest.approx(3.5)
    assert staff[("tva", loans)].loans_started == 2
    # This month nobody started, the seven still wait.
    now = timezone.localdate().strftime("%Y-%m")
    assert staff[("robotar", now)].loans_waiting == 7
    public = {(r.pool, r.month): r for r in benefit().loans}
    assert (
        public[("robotar", loans)].loans_started == 5 and not public[("robotar", loans)].suppressed
    )
    small = public[("tva", loans)]
    assert small.suppressed and small.loans_started is None and small.median_wait_days is None


def test_the_page_csv_and_json_show_the_same_loan_figures(loans):
    client = Client()
    page = client.get("/benefit/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="chart-loans-started"' in page
    table = page[page.index('id="table-loans"') :]
    table = table[: table.index("</table>")]
    row = re.search(rf"<th scope=\"row\">robotar</th><td>{loans}</td>(.*?)</tr>", table).group(1)
    assert re.findall(r"<td>([^<]*)</td>", row) == ["5", "7", "6", "3.5"]
    small = re.search(rf"<th scope=\"row\">tva</th><td>{loans}</td>(.*?)</tr>", table).group(1)
    assert re.findall(r"<td>([^<]*)</td>", small)[0] == "–"

    records = list(csv.DictReader(io.StringIO(client.get("/open-data/benefit.csv").text)))
    [rec] = [
        r for r in records if r["kind"] == "loan" and r["pool"] == "robotar" and r["month"] == loans
    ]
    assert (rec["loans_started"], rec["loans_waiting"], rec["loans_offered"]) == ("5", "7", "6")
    assert float(rec["median_wait_days"]) == pytest.approx(3.5)
    [tva] = [r for r in records if r["kind"] == "loan" and r["pool"] == "tva"]
    assert tva["loans_started"] == "" and tva["suppressed"] == "True"
    data = client.get("/open-data/benefit.json").json()
    assert {"pool", "loans_started", "loans_waiting", "loans_offered", "median_wait_days"} <= set(
        data["fields"]
    )
    [js] = [r for r in data["records"] if r["kind"] == "loan" and r["pool"] == "tva"]
    assert js["loans_started"] is None
