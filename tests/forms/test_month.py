"""The month field: the month an application covers, chosen from a list around the current
month, parsed to "YYYY-MM" or refused with a translated error; judged as of the day the
answers were sent (forms.clock), so an answer never turns invalid with time."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from digikommun.forms.clock import judged_on
from digikommun.forms.fields import Field, FieldError
from digikommun.forms.months import choices, month_start, shift

DAY = datetime.date(2026, 11, 27)


def month_field(**kw) -> Field:
    return Field(id="month", type="month", label={"sv": "Månad", "en": "Month"}, **kw)


def test_a_month_in_the_window_parses_to_year_and_month():
    with judged_on(DAY):
        f = month_field(earliest_months=1, latest_months=1)
        assert f.parse("2026-11") == "2026-11"
        assert f.parse("2026-12") == "2026-12"
        assert f.parse("2026 10") == "2026-10"


@pytest.mark.parametrize("text", ["2026-09", "2027-01"])
def test_a_month_outside_the_window_is_refused_in_swedish(text):
    with judged_on(DAY), translation.override("sv"):
        with pytest.raises(FieldError) as exc:
            month_field(earliest_months=1, latest_months=1).parse(text)
    assert exc.value.message == "Välj en månad från oktober 2026 till december 2026."


@pytest.mark.parametrize("text", ["2026-13", "november", "26-11", "2026-00"])
def test_not_a_month(text):
    with judged_on(DAY), translation.override("en"):
        with pytest.raises(FieldError) as exc:
            month_field().parse(text)
    assert exc.value.message == "Choose a month from the list."


def test_empty_is_refused_when_required():
    with translation.override("sv"), pytest.raises(FieldError) as exc:
        month_field().parse("")
    assert exc.value.message == "Välj en månad."


def test_the_choices_are_the_window_latest_first_with_translated_names():
    with judged_on(DAY), translation.override("sv"):
        found = choices(month_field(earliest_months=1, latest_months=1))
    assert found == [
        ("2026-12", "december 2026"),
        ("2026-11", "november 2026"),
        ("2026-10", "oktober 2026"),
    ]
    with judged_on(DAY), translation.override("en"):
        assert choices(month_field(earliest_months=0, latest_months=0)) == [
            ("2026-11", "November 2026")
        ]


def test_an_answer_valid_when_sent_stays_valid_later():
    f = month_field(earliest_months=1, latest_months=1)
    with judged_on(datetime.date(2019, 6, 3)):
        assert f.parse("2019-06") == "2019-06"
    with judged_on(DAY), pytest.raises(FieldError):
        f.parse("2019-06")


@given(st.integers(min_value=1900, max_value=2200), st.integers(min_value=1, max_value=12))
def test_month_start_and_shift_agree(year, month):
    start = month_start(f"{year}-{month:02d}")
    assert start == datetime.date(year, month, 1)
    assert shift(shift(start, 13), -13) == start
    assert shift(start, 1) > start
