"""Thinning (gallring) removes exactly what the definitions say: financial-assistance files
five years after their last entry, sparing people born on the 5th, 15th and 25th; a case
with an appeal or reconsideration pending is never touched; each removal leaves a record
without personal data and an audit entry, and the audit chain still verifies."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from digikommun.appeals.models import Appeal
from digikommun.appeals.workflow import AppealStatus
from digikommun.archive.models import Removal
from digikommun.archive.selectors import born_on_day, cases_due
from digikommun.archive.services import archive_thin
from digikommun.audit.models import Entry
from digikommun.audit.services import audit_verify
from digikommun.cases.models import Case

from .conftest import ERIK, closed_case, years_on

pytestmark = pytest.mark.usefixtures("retention_checked")  # the rule as an archivist moved it on


def test_birth_day_from_personnummer_and_samordningsnummer():
    assert born_on_day("198507099805") == 9
    assert born_on_day("19900315-9820") == 15
    assert born_on_day("198507659805") == 5  # samordningsnummer: day + 60
    assert born_on_day("abc") is None


def test_five_years_after_the_last_entry_not_a_day_before(demo):
    case = closed_case("ekonomiskt-bistand")
    assert cases_due(today=years_on(5, -1)) == []
    assert archive_thin(today=years_on(5, -1)).thinned == 0
    summary = archive_thin(today=years_on(5, 1))
    assert summary.thinned == 1 and summary.spared == 0
    assert not Case.objects.filter(pk=case.pk).exists()
    record = Removal.objects.get()
    assert record.kind == "thinned" and record.diary_number == case.diary_number
    assert record.service_id == "ekonomiskt-bistand"
    assert "last_entry" in record.rule and "5, 15, 25" in record.rule
    # No personal data in the record: not the personnummer, not the name.
    values = " ".join(str(v) for v in Removal.objects.values().get().values())
    assert "198507099805" not in values and "Anna" not in values
    entry = Entry.objects.filter(action="archive.thinned").get()
    assert entry.case_id == case.pk
    assert audit_verify().ok


@pytest.mark.parametrize("hour", [12, 23])
def test_days_are_counted_in_swedish_time(demo, hour):
    """Half past midnight in Stockholm is still yesterday in UTC: a file last touched then is
    counted from the Swedish day, whatever hour the thinning runs."""
    moment = datetime.datetime(2026, 11, 27, hour, 30, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        closed_case("ekonomiskt-bistand")
        assert cases_due(today=years_on(5, -1)) == []
        assert [d.action for d in cases_due(today=years_on(5))] == ["thin"]


def test_those_born_on_the_15th_are_spared_for_research(demo):
    thinned = closed_case("ekonomiskt-bistand")
    spared = closed_case("ekonomiskt-bistand", person=ERIK)
    summary = archive_thin(today=years_on(6))
    assert (summary.thinned, summary.spared) == (1, 1)
    assert not Case.objects.filter(pk=thinned.pk).exists()
    assert Case.objects.filter(pk=spared.pk).exists()
    assert [d.action for d in cases_due(today=years_on(6))] == ["deliver"]


def test_an_open_appeal_is_never_touched(demo):
    case = closed_case("ekonomiskt-bistand")
    Appeal.objects.create(
        case=case,
        decision=case.decision,
        appellant=case.applicant,
        change_wanted="Mer",
        grounds="Fel",
        submission_key="00000000-0000-0000-0000-000000000001",
        submitted_at=case.submitted_at,
        status=AppealStatus.SENT_TO_COURT,
    )
    assert archive_thin(today=years_on(30)).thinned == 0
    assert Case.objects.filter(pk=case.pk).exists()


def test_the_persons_file_waits_for_its_newest_case(demo):
    """The last entry counts over the person's whole file: an open case keeps them all."""
    old = closed_case("ekonomiskt-bistand")
    from tests.answers import BISTAND, submitted_case

    submitted_case("ekonomiskt-bistand", {**BISTAND}, person=old.applicant)
    assert archive_thin(today=years_on(10)).thinned == 0
    assert Case.objects.filter(pk=old.pk).exists()


def test_dry_run_removes_nothing(demo):
    closed_case("ekonomiskt-bistand")
    summary = archive_thin(today=years_on(6), dry_run=True)
    assert summary.thinned == 0 and len(summary.planned) == 1
    assert Case.objects.count() == 1


@pytest.mark.parametrize("years,expected", [(0, 0), (1, 1)])
def test_a_keep_rule_is_never_thinned_but_delivered(demo, years, expected):
    closed_case("boendeparkering")
    day = years_on(years, 1) if years else datetime.date.today() + datetime.timedelta(days=30)
    assert archive_thin(today=day).thinned == 0
    assert len(cases_due(today=day, action="deliver")) == expected
