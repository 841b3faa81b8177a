"""The month an application covers is asked first, as a list of translated month names (a
plain select: no JavaScript needed) with the current month chosen; a month outside the list
is refused with a translated error and the answer is kept."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.dates import MONTHS

from tests.portal.test_apply_flow import start


def test_the_first_question_is_the_month_with_the_current_one_chosen(resident):
    draft = start(resident)
    page = resident.get(f"/applications/{draft.key}/step/1/").content.decode()
    today = timezone.localdate()
    with translation.override("sv"):
        name = f"{MONTHS[today.month]} {today.year}"
    assert '<select id="f-month" name="month" aria-required="true"' in page
    assert page.index('name="month"') < page.index('name="adults"')
    assert f'<option value="{today:%Y-%m}" selected>{name}</option>' in page
    assert "Vilken månad söker du för?" in page


def test_a_month_outside_the_list_is_refused_and_kept(resident):
    draft = start(resident)
    url = f"/applications/{draft.key}/step/1/"
    response = resident.post(
        url, {"month": "1999-01", "adults": "1", "resides_in_municipality": "yes"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Välj en månad från" in page
    assert '<option value="1999-01" selected>januari 1999</option>' in page
