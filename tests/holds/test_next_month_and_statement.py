"""A financial-assistance decision names the month it covers and the payment date; a
resident can start the next month's application from the last one, answers prefilled.
"""

from __future__ import annotations

import datetime

from django.test import Client
from django.utils import formats, timezone, translation

from digikommun.cases.models import Case, Decision
from digikommun.catalog.decision_facts import payment_date
from digikommun.forms.months import month_start, shift
from digikommun.identity.models import User
from digikommun.letters.selectors import letter_pdf
from digikommun.letters.services import letter_for_decision
from digikommun.portal.models import Draft
from digikommun.process.steps import automated_decision
from tests.letters.factories import BISTAND, submitted_case
from tests.letters.pdf import pdf_text

ANNA = "198507099805"


def test_the_payment_date_is_the_day_set_or_the_first_weekday_after_the_decision():
    december = datetime.date(2026, 12, 1)
    assert payment_date(day=25, month=december, decided_on=datetime.date(2026, 12, 3)) == (
        datetime.date(2026, 12, 25)
    )
    # Decided after the day (on Saturday 26 December): the next weekday, Monday 28.
    assert payment_date(day=25, month=december, decided_on=datetime.date(2026, 12, 26)) == (
        datetime.date(2026, 12, 28)
    )


def test_an_approval_names_the_month_and_the_payment_date(demo):
    anna = User.objects.get(personnummer=ANNA)
    case = submitted_case("ekonomiskt-bistand", BISTAND, person=anna)
    assert automated_decision(case_id=case.pk) == "approved"
    decided = timezone.make_aware(datetime.datetime(2026, 11, 10, 9, 0))
    Decision.objects.filter(case=case).update(decided_at=decided)
    case = Case.objects.get(pk=case.pk)
    month = month_start(BISTAND["month"])
    # Paid on the 25th of the month before the month covered (an example rule), or, when
    # that day has passed, on the first weekday after the decision.
    paid = payment_date(day=25, month=shift(month, -1), decided_on=decided.date())
    with translation.override("sv"):
        month_text = formats.date_format(month, "F Y")
        paid_text = formats.date_format(paid, "j F Y")
    letter = pdf_text(letter_pdf(letter_for_decision(decision_id=case.decision.pk)))
    assert f"Månad {month_text}" in letter
    assert f"Utbetalas {paid_text} (exempel)" in letter
    client = Client()
    client.force_login(anna)
    page = client.get(f"/my-pages/cases/{case.pk}/").content.decode()
    assert f"<dt>Månad</dt><dd>{month_text}</dd>" in page
    assert f"<dt>Utbetalas</dt><dd>{paid_text} (exempel)</dd>" in page


def test_apply_for_next_month_starts_a_prefilled_draft(demo):
    anna = User.objects.get(personnummer=ANNA)
    case = submitted_case(
        "ekonomiskt-bistand",
        {**BISTAND, "adults": "2", "partner_personnummer": "19900315-9820"},
        person=anna,
    )
    client = Client()
    client.force_login(anna)
    my_pages = client.get("/my-pages/").content.decode()
    assert f'action="/my-pages/cases/{case.pk}/next/"' in my_pages
    response = client.post(f"/my-pages/cases/{case.pk}/next/")
    draft = Draft.objects.exclude(submitted_case=case).get(applicant=anna)
    assert response.status_code == 302
    assert response["Location"] == f"/applications/{draft.key}/step/1/"
    next_month = shift(month_start(BISTAND["month"]), 1).strftime("%Y-%m")
    assert draft.raw["month"] == next_month
    assert draft.raw["partner_personnummer"] == "19900315-9820"
    assert draft.raw["housing_cost"] == BISTAND["housing_cost"]
    assert draft.step == 0  # the person goes through every step and checks it
    # Nobody else may start from Anna's case.
    other = Client()
    other.force_login(User.objects.get(personnummer="199003159820"))
    assert other.post(f"/my-pages/cases/{case.pk}/next/").status_code == 404
