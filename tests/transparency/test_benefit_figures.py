"""The benefit figures added for issue 13: requests for a person, reconsiderations and
appeals with their outcome, the one-question survey after a decision (once per decision,
anonymous), staff hours saved from the definition's manual minutes, course participants and
repeat visits; withheld under 5 in public and in the open data; a fuller page for staff."""

from __future__ import annotations

import csv
import datetime
import io
import re
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from .test_benefit import _case

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(demo):
    """Seven income-support applications 40 days ago: six decided by the rules, one by hand;
    three asked for a person (one changed), two appeals (one changed by the court); six
    survey answers (5, 5, 4, 4, 3, 2)."""
    from digikommun.appeals.models import Appeal, Origin, Reconsideration
    from digikommun.appeals.workflow import AppealStatus, ReconsiderationStatus
    from digikommun.catalog.models import ServiceVersion
    from digikommun.identity.models import User
    from digikommun.transparency.survey import survey_answer

    version = ServiceVersion.objects.get(service_id="ekonomiskt-bistand", is_current=True)
    resident = User.objects.get(personnummer="198507099805")
    when = timezone.now() - datetime.timedelta(days=40)
    cases = [_case(version, when, automated=True, hours=0.01) for _ in range(6)]
    cases.append(_case(version, when, automated=False, hours=30))
    for case in cases:
        case.applicant = resident
        case.save(update_fields=["applicant"])
    for i, case in enumerate(cases[:3]):
        Reconsideration.objects.create(
            case=case,
            decision=case.decision,
            origin=Origin.RESIDENT,
            reason="?",
            requested_by=resident,
            deadline=when + datetime.timedelta(days=14),
            status=ReconsiderationStatus.CHANGED if i == 0 else ReconsiderationStatus.CONFIRMED,
        )
    for case, judgment in ((cases[3], Appeal.Judgment.CHANGED), (cases[6], Appeal.Judgment.UPHELD)):
        Appeal.objects.create(
            case=case,
            decision=case.decision,
            appellant=resident,
            change_wanted="?",
            grounds="?",
            submission_key=uuid.uuid4(),
            submitted_at=when,
            status=AppealStatus.JUDGED,
            judgment=judgment,
        )
    for case, score in zip(cases, ("5", "5", "4", "4", "3", "2"), strict=False):
        survey_answer(case=case, score=score, comment="")
    return when, cases


def _row(data, service="ekonomiskt-bistand"):
    (row,) = [r for r in data.services if r.service == service]
    return row


def test_each_new_figure_from_known_data(history):
    from digikommun.transparency.selectors import benefit

    row = _row(benefit(public=False))
    assert (row.applications, row.automated) == (7, 6)
    assert (row.person_requests, row.reconsiderations, row.reconsiderations_changed) == (3, 3, 1)
    assert (row.appeals, row.appeals_changed) == (2, 1)
    assert row.survey_answers == 6 and row.survey_mean == pytest.approx(23 / 6)
    # services/ekonomiskt-bistand/service.yaml: manual_minutes_per_case: 45.
    assert row.hours_saved == pytest.approx(6 * 45 / 60)


def test_counts_under_five_are_withheld_and_the_csv_matches_the_table(history):
    from digikommun.transparency.selectors import benefit

    row = _row(benefit())
    assert row.suppressed
    assert row.person_requests is None and row.reconsiderations is None and row.appeals is None
    assert row.survey_answers == 6 and row.hours_saved == pytest.approx(4.5)
    client = Client()
    page = client.get("/benefit/").content.decode()
    csv_text = client.get("/open-data/benefit.csv").content.decode()
    record = next(
        r for r in csv.DictReader(io.StringIO(csv_text)) if r["service"] == "ekonomiskt-bistand"
    )
    assert record["person_requests"] == "" and record["appeals_changed"] == ""
    assert record["survey_answers"] == "6" and record["hours_saved"] == "4.5"
    assert float(record["survey_mean"]) == pytest.approx(23 / 6)
    table = page[page.index('id="table-ekonomiskt-bistand-reviews"') :]
    cells = re.findall(r"<td>([^<]*)</td>", table[: table.index("</table>")])
    assert cells == ["–", "–", "–", "–", "–", "6", "3,8"] or cells[-2:] == ["6", "3.8"]
    json_rec = next(
        r
        for r in client.get("/open-data/benefit.json").json()["records"]
        if r["service"] == "ekonomiskt-bistand"
    )
    assert json_rec["person_requests"] is None and json_rec["survey_answers"] == 6


def test_the_staff_page_shows_every_count_and_the_teams(history):
    from digikommun.identity.models import User

    resident = Client()
    resident.force_login(User.objects.get(personnummer="198507099805"))
    assert resident.get("/benefit/staff/").status_code == 403
    staff = Client()
    staff.force_login(User.objects.get(personnummer="198103129816"))
    page = staff.get("/benefit/staff/").content.decode()
    table = page[page.index('id="table-ekonomiskt-bistand-reviews"') :]
    cells = re.findall(r"<td>([^<]*)</td>", table[: table.index("</table>")])
    assert cells[:5] == ["3", "3", "1", "2", "1"]
    assert 'id="table-teams"' in page


def test_the_survey_is_answered_once_per_decision_and_keeps_no_person(history):
    from digikommun.identity.models import User
    from digikommun.transparency.models import SurveyAnswer

    _when, cases = history
    case = cases[6]  # no answer yet
    client = Client()
    client.force_login(User.objects.get(personnummer="198507099805"))
    page = client.get(f"/my-pages/cases/{case.pk}/").content.decode()
    assert 'id="survey"' in page and "How easy" in page or "Hur enkelt" in page
    url = f"/my-pages/cases/{case.pk}/survey/"
    bad = client.post(url, {"score": "9", "comment": "Bra men långsamt"})
    assert bad.status_code == 400 and "Bra men långsamt" in bad.content.decode()
    ok = client.post(url, {"score": "4", "comment": "Bra men långsamt"})
    assert ok.status_code == 302 and ok.url.endswith("?survey=thanks#survey")
    again = client.post(url, {"score": "1"})
    assert again.status_code == 400
    answer = SurveyAnswer.objects.get(comment="Bra men långsamt")
    assert answer.score == 4 and answer.service_id == "ekonomiskt-bistand"
    fields = {f.name for f in SurveyAnswer._meta.get_fields()}
    assert not fields & {"case", "decision", "user", "applicant"}
    other = Client()
    other.force_login(User.objects.get(personnummer="199003159820"))
    assert other.post(url, {"score": "4"}).status_code == 404


def test_the_decision_email_links_to_the_survey(history):
    from digikommun.notify.emails import build_email

    _when, cases = history
    mail = build_email(case=cases[0], event="decided", language="en", to="a@example.org")
    assert f"/my-pages/cases/{cases[0].pk}/#survey" in mail.body
    assert "How easy was it?" in mail.body


def test_course_participants_and_repeat_visits(demo):
    from digikommun.courses.models import Booking, Session
    from digikommun.courses.workflow import State
    from digikommun.transparency.selectors import benefit

    first, second = Session.objects.order_by("starts_at")[:2]
    people = [("Ann", "070-111 11 11"), ("Bo", "070-222 22 22")]
    seq = 0
    for session, who in ((first, people[:1]), (second, people)):
        for name, phone in who:
            seq += 1
            Booking.objects.create(
                session=session, name=name, phone=phone, state=State.ATTENDED, seq=seq
            )
    rows = {(c.course, c.month): c for c in benefit(public=False).courses}
    month = timezone.localtime(second.starts_at).strftime("%Y-%m")
    row = rows[(second.course.code, month)]
    assert row.participants >= 2 and row.repeat_visits >= 1
    public = {(c.course, c.month): c for c in benefit().courses}[(second.course.code, month)]
    assert public.repeat_visits is None and public.suppressed


def test_manual_minutes_per_case_is_read_and_checked(tmp_path):
    import shutil
    from pathlib import Path

    from digikommun.catalog.definition import DefinitionErrors, load_definition

    root = Path(__file__).resolve().parents[2] / "services"
    assert load_definition(root / "boendeparkering").manual_minutes_per_case == 20
    target = tmp_path / "boendeparkering"
    shutil.copytree(root / "boendeparkering", target)
    text = (target / "service.yaml").read_text()
    (target / "service.yaml").write_text(
        text.replace("manual_minutes_per_case: 20", "manual_minutes_per_case: -5")
    )
    with pytest.raises(DefinitionErrors) as raised:
        load_definition(target)
    assert "'manual_minutes_per_case' must be a whole number of minutes" in str(raised.value)
