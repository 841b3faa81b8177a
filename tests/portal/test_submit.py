"""Sending an application: one case per submission, gap-free diary numbers, nothing lost."""

import datetime

import pytest
from django.db import connection

from digikommun.cases.models import Case, CaseEvent
from digikommun.catalog.facts import AnswerErrors
from digikommun.catalog.selectors import current_version, definition_for
from digikommun.identity.personnummer import age_on
from digikommun.portal import services
from digikommun.portal.models import Draft
from tests.answers import PARKING, filled_draft  # noqa: F401 (imported by other tests)
from tests.factories import ResidentFactory


def test_submit_creates_a_case_with_a_diary_number(demo):
    draft, definition = filled_draft()
    case = services.draft_submit(draft=draft, definition=definition, language="sv")
    year = datetime.date.today().year
    assert case.diary_number == f"TN {year}/00001"
    assert case.facts["vehicle_weight"] == 1500
    # The resident factory's personnummer 19850709-9805: the age on the day of submission.
    assert case.facts["applicant_age"] == age_on("198507099805", datetime.date.today())
    assert [e.kind for e in case.events.all()] == [CaseEvent.Kind.SUBMITTED]


def test_submitting_twice_gives_one_case(demo):
    draft, definition = filled_draft()
    first = services.draft_submit(draft=draft, definition=definition, language="sv")
    again = services.draft_submit(
        draft=Draft.objects.get(pk=draft.pk), definition=definition, language="sv"
    )
    assert first.pk == again.pk
    assert Case.objects.count() == 1


def test_numbers_run_per_register_without_gaps(demo):
    numbers = []
    for _ in range(3):
        draft, definition = filled_draft()
        numbers.append(
            services.draft_submit(draft=draft, definition=definition, language="sv").sequence
        )
    assert numbers == [1, 2, 3]


def test_a_wrong_answer_is_kept_as_typed_with_its_error(demo):
    version = current_version("boendeparkering")
    definition = definition_for(version)
    draft = services.draft_start(applicant=ResidentFactory(), version=version)
    errors = services.draft_save_step(
        draft=draft,
        definition=definition,
        step_index=1,
        data={
            "registration_number": "ABC 123",
            "vehicle_relation": "owner",
            "vehicle_weight": "tung",
        },
    )
    assert set(errors) == {"vehicle_weight"}
    draft.refresh_from_db()
    assert draft.raw["vehicle_weight"] == "tung"
    assert draft.raw["registration_number"] == "ABC 123"


def test_an_incomplete_draft_cannot_be_submitted(demo):
    version = current_version("boendeparkering")
    definition = definition_for(version)
    draft = services.draft_start(applicant=ResidentFactory(), version=version)
    with pytest.raises(AnswerErrors):
        services.draft_submit(draft=draft, definition=definition, language="sv")
    assert Case.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_parallel_submissions_get_unique_gap_free_numbers(demo):
    """Threads submitting at once (each with its own connection) never share or skip a number."""
    import threading

    from django.db import connections

    drafts = [filled_draft()[0] for _ in range(8)]
    definition = definition_for(current_version("boendeparkering"))
    results, failures = [], []

    def submit(d):
        try:
            results.append(
                services.draft_submit(draft=d, definition=definition, language="sv").sequence
            )
        except Exception as exc:  # collected and asserted below
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(d,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert sorted(results) == list(range(1, 9)), connection.vendor
