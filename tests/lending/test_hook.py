"""A service definition names its pool with `lending:`: the section is checked (every error
with its place), and a case of the service decided granted requests an item through the
cases app's `decision_recorded` signal (cases imports nothing of lending); the borrower is
told of the offer through notify, and the set-up party gets only the facts `share` names."""

from pathlib import Path

import pytest
from django.conf import settings

from digikommun.catalog.definition import DefinitionErrors, parse_definition, read_files
from digikommun.catalog.services import service_publish
from digikommun.lending import services
from digikommun.lending.models import Loan
from digikommun.notify.models import Delivery
from tests.answers import PARKING, submitted_case
from tests.conftest import run_pending_tasks

SECTION = """
lending:
  pool: parking-discs
  title: {sv: P-skivor, en: Parking discs}
  item_kind: {sv: p-skiva, en: parking disc}
  offer_days: 3
  queue:
    order: applied_at
    priority:
      - when: "vehicle_weight > 3000"
        label: {sv: Tunga fordon först, en: Heavy vehicles first}
  share: [zone]
"""


def granted_parking(capture_on_commit):
    """A parking application sent and granted by the rules in the worker, each transaction's
    on-commit work run (the lending hook among it)."""
    with capture_on_commit(execute=True):
        case = submitted_case("boendeparkering", PARKING)
    with capture_on_commit(execute=True):
        run_pending_tasks()
    case.refresh_from_db()
    assert case.decision.outcome == "approved"
    return case


def definition(extra: str):
    files = read_files(Path(settings.SERVICES_DIR) / "boendeparkering")
    files["service.yaml"] += extra
    return parse_definition(files, folder_name="boendeparkering")


def test_the_section_is_read_with_its_defaults():
    config = definition(SECTION).lending
    assert config.pool == "parking-discs" and config.offer_days == 3
    assert config.loan_days == 180 and config.max_extensions == 2
    assert config.reminder_days_before_end == (14, 3)
    assert config.steps == ("pick_up", "set_up", "return", "check")
    assert config.priority[0].label["en"] == "Heavy vehicles first"
    assert config.share == ("zone",)
    assert definition("").lending is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("  offer_days: 3\n", "  offer_days: 0\n"),
        ("  share: [zone]\n", "  share: [diagnosis]\n"),
        ('"vehicle_weight > 3000"', '"(vehicle_weight > 3000"'),
        ("  offer_days: 3\n", "  offer_days: 3\n  colour: red\n"),
    ],
)
def test_errors_in_the_section_are_reported_with_their_place(change, message):
    with pytest.raises(DefinitionErrors) as errors:
        definition(SECTION.replace(*(change, message)))
    assert any("service.yaml" in str(e) for e in errors.value.errors)


def test_a_granted_case_requests_an_item_and_the_borrower_is_told(
    demo, django_capture_on_commit_callbacks
):
    service_publish(definition=definition(SECTION))
    pool = services.pool_ensure(config=definition(SECTION).lending, service_id="boendeparkering")
    services.item_add(pool_id=pool.pk, serial="P-1")
    case = granted_parking(django_capture_on_commit_callbacks)
    loan = Loan.objects.get(case=case)
    assert loan.state == "offered" and loan.item.serial == "P-1"
    assert loan.borrower_id == case.applicant_id
    assert loan.applied_at == case.submitted_at
    assert loan.shared == {"zone": "inner_city"}
    assert Delivery.objects.filter(case=case, event="loan_offered").exists()
    # The decision told again (a retried task) requests nothing more.
    from digikommun.lending.receivers import loan_for_decision

    assert loan_for_decision(decision_id=case.decision.pk).pk == loan.pk
    assert Loan.objects.count() == 1
