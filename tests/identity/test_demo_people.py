"""The demo people: valid numbers, and the resident under 18 stays under 18 whatever the date."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from digikommun.identity.models import User
from digikommun.identity.personnummer import age_on, normalise
from digikommun.identity.services import child_personnummer, demo_people_ensure


@pytest.mark.parametrize(
    "today",
    [
        datetime.date(2026, 1, 1),
        datetime.date(2027, 5, 20),  # the day the old fixed number turned 18
        datetime.date(2031, 12, 31),
        datetime.date(2044, 2, 29),
    ],
)
def test_the_child_number_is_valid_and_under_18_on_any_date(today):
    pnr = child_personnummer(today=today)
    assert normalise(pnr) == pnr
    assert pnr[8:10] == "98"  # a test number, never issued to a real person
    assert int(pnr[10]) % 2 == 0  # the second-last digit is even: a woman
    assert 0 <= age_on(pnr, today) < 18


@pytest.mark.django_db
def test_demo_load_in_a_later_year_offers_one_maja_under_18():
    with time_machine.travel(datetime.datetime(2027, 5, 20, 12, tzinfo=datetime.UTC), tick=False):
        demo_people_ensure()
    with time_machine.travel(datetime.datetime(2039, 3, 1, 12, tzinfo=datetime.UTC), tick=False):
        demo_people_ensure()
        majas = User.objects.filter(first_name="Maja", is_demo_person=True)
        assert majas.count() == 1
        assert age_on(majas.get().personnummer, timezone.localdate()) < 18
    for user in User.objects.filter(is_demo_person=True):
        assert normalise(user.personnummer) == user.personnummer
