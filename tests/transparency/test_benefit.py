"""The benefit dashboard and its open data: the figures come from the cases (applications,
automated share, time to decision, requests for completion) and the course bookings; counts
under 5 are withheld everywhere; the CSV and the JSON say what the table says."""

from __future__ import annotations

import csv
import datetime
import io
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def _case(version, when, *, automated: bool, hours: float, completion=False):
    from digikommun.cases.models import Case, CompletionRequest, Decision
    from digikommun.identity.models import User

    staff = User.objects.get(personnummer="198103129816")
    case = Case.objects.create(
        register="SN",
        year=when.year,
        sequence=Case.objects.count() + 1,
        service_version=version,
        service_id=version.service_id,
        answers={},
        facts={},
        status="decided",
        submission_key=uuid.uuid4(),
        submitted_at=when,
    )
    if completion:
        CompletionRequest.objects.create(
            case=case, asked_by=staff, text="?", deadline=when + datetime.timedelta(days=3)
        )
    d = Decision.objects.create(
        case=case,
        outcome="approved",
        amount=Decimal(100),
        reasons={},
        appeal={},
        decided_by=None if automated else staff,
        automated_by="rules v1" if automated else "",
        as_of=when.date(),
    )
    Decision.objects.filter(pk=d.pk).update(decided_at=when + datetime.timedelta(hours=hours))
    return case


@pytest.fixture
def history(demo):
    from digikommun.catalog.models import ServiceVersion

    version = ServiceVersion.objects.get(service_id="ekonomiskt-bistand", is_current=True)
    parking = ServiceVersion.objects.get(service_id="boendeparkering", is_current=True)
    when = timezone.now() - datetime.timedelta(days=40)
    # Six applications last-but-one month: four automated within the hour, two by hand.
    for h in (0.01, 0.02, 0.03, 0.04):
        _case(version, when, automated=True, hours=h)
    _case(version, when, automated=False, hours=48, completion=True)
    _case(version, when, automated=False, hours=96)
    # Three parking applications: under the limit, withheld.
    for _ in range(3):
        _case(parking, when, automated=True, hours=0.01)
    return when.strftime("%Y-%m")


def test_figures_come_from_the_cases(history):
    from digikommun.transparency.selectors import benefit

    data = benefit(public=False)
    (row,) = [r for r in data.services if r.service == "ekonomiskt-bistand"]
    assert (row.month, row.applications, row.decided, row.automated) == (history, 6, 6, 4)
    assert row.automated_share == pytest.approx(4 / 6)
    # Hours to decision: .01 .02 .03 .04 48 96 — the median is (.03 + .04) / 2.
    assert row.median_hours == pytest.approx(0.035, abs=0.001)
    assert 48 < row.p90_hours <= 96
    assert row.completion_requests == 1


def test_counts_under_five_are_withheld_in_public(history):
    from digikommun.transparency.selectors import benefit

    data = benefit()
    (social,) = [r for r in data.services if r.service == "ekonomiskt-bistand"]
    (parking,) = [r for r in data.services if r.service == "boendeparkering"]
    assert parking.suppressed and parking.applications is None and parking.median_hours is None
    assert social.applications == 6 and social.automated is None  # 4 < 5
    assert social.automated_share is None and social.completion_requests is None
    assert social.suppressed


def test_the_page_csv_and_json_say_the_same(client, history):
    page = client.get("/benefit/").content.decode()
    assert 'role="img"' in page and "<title" in page  # the charts, described
    assert f'<th scope="row">{history}</th>' in page
    rows = list(csv.DictReader(io.StringIO(client.get("/open-data/benefit.csv").content.decode())))
    social = next(r for r in rows if r["service"] == "ekonomiskt-bistand")
    parking = next(r for r in rows if r["service"] == "boendeparkering")
    assert social["applications"] == "6" and social["automated"] == ""
    assert parking["applications"] == "" and parking["suppressed"] == "True"
    data = client.get("/open-data/benefit.json").json()
    records = {r["service"]: r for r in data["records"] if r["kind"] == "service"}
    assert records["ekonomiskt-bistand"]["applications"] == 6
    assert records["boendeparkering"]["applications"] is None
    # The table row has the same number as the CSV.
    assert "<td>6</td>" in page


def test_course_figures_are_counted(demo):
    from digikommun.courses.models import Session
    from digikommun.courses.services import SignUp, booking_create
    from digikommun.transparency.selectors import benefit

    session = Session.objects.order_by("starts_at").first()
    for i in range(6):
        booking_create(session_id=session.pk, signup=SignUp(name=f"P{i}", phone=f"070-000 00 0{i}"))
    (row,) = [c for c in benefit().courses if c.course == session.course.code and c.bookings]
    assert row.bookings == 6 and row.waiting == 0 and row.attended == 0


def test_the_demo_history_is_made_once_and_fills_the_dashboard(demo):
    from digikommun.cases.models import Case
    from digikommun.transparency.demo_history import RESIDENTS, demo_history_ensure
    from digikommun.transparency.selectors import benefit

    seen = []
    made = demo_history_ensure(months=3, progress=lambda done, total: seen.append((done, total)))
    assert made > 0 and seen[-1] == (made, made)
    assert demo_history_ensure(months=3) == 0
    history = Case.objects.filter(facts__demo_history=True)
    assert history.count() == made
    assert set(history.values_list("applicant__personnummer", flat=True)) <= set(RESIDENTS)
    months = {r.month for r in benefit().services if r.applications}
    assert len(months) >= 3
    staff = benefit(public=False)
    assert sum(r.survey_answers or 0 for r in staff.services) > 0
    past = [c for c in staff.courses if c.attended]
    assert len(past) >= 3 and sum(c.repeat_visits or 0 for c in past) > 0
