"""`digikommun services simulate PATH`: past cases replayed against a draft in batch, the
changes counted by direction and rule, pseudonymised examples, the summary line and the
HTML report with SVG charts."""

from __future__ import annotations

import datetime
import shutil
import uuid
from pathlib import Path

import pytest
from django.utils import timezone

from digikommun.cases.models import Case
from digikommun.catalog.definition import load_definition
from digikommun.catalog.selectors import current_version
from digikommun.cli import main
from digikommun.register.simulation import pseudonym, simulate

ROOT = Path(__file__).resolve().parents[2]


def _draft(tmp_path: Path) -> Path:
    target = tmp_path / "boendeparkering"
    shutil.copytree(ROOT / "services" / "boendeparkering", target)
    rules = target / "rules.yaml"
    text = rules.read_text().replace("value: 1100", "value: 1250", 1)
    rules.write_text(text.replace("value: 3500", "value: 2500", 1))
    return target


def _case(n: int, *, zone: str, weight: int, when: datetime.datetime) -> Case:
    return Case.objects.create(
        register="TN",
        year=2026,
        sequence=8000 + n,
        service_version=current_version("boendeparkering"),
        service_id="boendeparkering",
        answers={},
        facts={
            "registered_in_zone": True,
            "zone": zone,
            "vehicle_relation": "owner",
            "vehicle_weight": weight,
            "applicant_age": 40,
        },
        submission_key=uuid.uuid4(),
        submitted_at=when,
    )


@pytest.fixture
def history(demo):
    march = timezone.make_aware(datetime.datetime(2026, 3, 2, 10))
    may = timezone.make_aware(datetime.datetime(2026, 5, 4, 10))
    cases = [_case(n, zone="inner_city", weight=1500, when=march) for n in range(4)]
    cases += [_case(n, zone="outer_city", weight=1500, when=march) for n in range(4, 6)]
    cases.append(_case(6, zone="outer_city", weight=3000, when=may))
    return cases


@pytest.mark.django_db
def test_changes_are_counted_by_direction_and_rule(history, tmp_path):
    sim = simulate(draft=load_definition(_draft(tmp_path)))
    assert (sim.cases, sim.changed, sim.errors) == (7, 5, 0)
    assert sim.outcomes == {("approved", "rejected"): 1}
    assert sim.amounts == {"up": 4, "down": 1}
    assert sim.amount_total_change == 4 * 150 - 500
    assert sim.rules == {"approved-inner": 4, "too-heavy": 1}
    assert sim.summary == "simulated 7 cases: 5 changed (71.4%)"
    assert len(sim.examples) == 5
    numbers = {c.diary_number for c in history}
    for example in sim.examples:
        assert example["case"].startswith("C-") and example["case"] not in numbers
    assert sim.examples[0]["case"] == pseudonym(history[0].pk, "boendeparkering")


@pytest.mark.django_db
def test_since_leaves_out_older_cases(history, tmp_path):
    sim = simulate(draft=load_definition(_draft(tmp_path)), since=datetime.date(2026, 4, 1))
    assert sim.summary == "simulated 1 cases: 1 changed (100.0%)"
    assert sim.outcomes == {("approved", "rejected"): 1}


@pytest.mark.django_db
def test_the_command_prints_the_summary_and_writes_the_report(history, tmp_path, capsys):
    report = tmp_path / "report.html"
    code = main(["services", "simulate", str(_draft(tmp_path)), "--report", str(report)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.strip().splitlines()[-1] == "simulated 7 cases: 5 changed (71.4%)"
    assert "outcome approved → rejected: 1" in out
    assert "rule approved-inner: 4" in out
    html = report.read_text()
    assert html.count("<svg") == 3 and "<rect" in html
    assert "approved → rejected" in html and "TN 2026/08000" not in html
    bad = main(["services", "simulate", str(_draft(tmp_path / "b")), "--since", "March"])
    assert bad == 2
    assert "is not a date" in capsys.readouterr().out


@pytest.mark.django_db
def test_income_support_cases_replayed_from_their_stored_facts(demo, tmp_path):
    """Cases made by the real application flow: their stored (JSON) facts read back typed."""
    from digikommun.catalog.selectors import definition_for
    from digikommun.portal import services as portal_services

    from ..browser.helpers import draft_with

    answers = {
        "month": datetime.date.today().strftime("%Y-%m"),
        "adults": "1",
        "children": [{"first_name": "Nora", "birth_date": "2017-05-01"}],
        "resides_in_municipality": "yes",
        "income": "0",
        "housing_cost": "3000",
        "electricity_cost": "200",
        "assets": "0",
        "work_situation": "seeking_work",
    }
    definition = definition_for(current_version("ekonomiskt-bistand"))
    for housing in ("3000", "8000"):
        draft = draft_with("ekonomiskt-bistand", {**answers, "housing_cost": housing})
        portal_services.draft_submit(draft=draft, definition=definition, language="sv")
    target = tmp_path / "ekonomiskt-bistand"
    shutil.copytree(ROOT / "services" / "ekonomiskt-bistand", target)
    rules = target / "rules.yaml"
    rules.write_text(rules.read_text().replace("[7500, 9000,", "[7500, 5000,", 1))
    unchanged = simulate(draft=load_definition(ROOT / "services" / "ekonomiskt-bistand"))
    assert (unchanged.cases, unchanged.changed, unchanged.errors) == (2, 0, 0)
    sim = simulate(draft=load_definition(target))
    assert (sim.cases, sim.changed, sim.errors) == (2, 1, 0)
    assert sim.outcomes == {("approved", "manual"): 1}
    assert sim.rules == {"housing-cost-high": 1}
