"""Service definitions load with every problem reported by file, line and column."""

import shutil
from pathlib import Path

import pytest

from digikommun.catalog.definition import DefinitionErrors, load_definition

SERVICES = Path(__file__).resolve().parents[2] / "services"


@pytest.mark.parametrize("service", ["ekonomiskt-bistand", "boendeparkering"])
def test_demo_definitions_load(service):
    d = load_definition(SERVICES / service)
    assert d.id == service
    assert d.title["sv"] and d.title["en"]
    assert d.automated
    assert len(d.content_hash) == 64
    assert set(d.files) >= {"service.yaml", "rules.yaml"}


def copy_service(tmp_path, service="boendeparkering") -> Path:
    target = tmp_path / service
    shutil.copytree(SERVICES / service, target)
    return target


def errors_of(folder) -> list[str]:
    with pytest.raises(DefinitionErrors) as exc:
        load_definition(folder)
    return [str(e) for e in exc.value.errors]


def test_yaml_syntax_error_names_line_and_column(tmp_path):
    folder = copy_service(tmp_path)
    (folder / "service.yaml").write_text("id: boendeparkering\ntitle: [sv\n")
    [error] = errors_of(folder)
    assert error.startswith("boendeparkering/service.yaml:3:1:"), error


def test_every_problem_is_listed_with_its_place(tmp_path):
    folder = copy_service(tmp_path)
    text = (folder / "service.yaml").read_text()
    text = text.replace("register: TN", "register: tn")
    text = text.replace("type: integer", "type: integr")
    text = text.replace(
        "process: [automated_decision, manual_review, notify, close]",
        "process: [automated_decision, telepathy]",
    )
    (folder / "service.yaml").write_text(text)
    errors = errors_of(folder)
    joined = "\n".join(errors)
    assert "boendeparkering/service.yaml:3:11: the register prefix" in joined
    assert "unknown field type 'integr'" in joined
    assert "unknown process step 'telepathy'" in joined
    line_of_integr = next(
        n for n, line in enumerate(text.splitlines(), 1) if "type: integr" in line
    )
    assert any(e.startswith(f"boendeparkering/service.yaml:{line_of_integr}:") for e in errors)


def test_missing_language_is_an_error(tmp_path):
    folder = copy_service(tmp_path)
    text = (folder / "service.yaml").read_text().replace("  en: Resident parking permit\n", "", 1)
    (folder / "service.yaml").write_text(text)
    assert any("'title' has no en text" in e for e in errors_of(folder))


def test_rules_reading_an_unasked_fact_is_an_error(tmp_path):
    folder = copy_service(tmp_path)
    text = (folder / "service.yaml").read_text()
    start = text.index("      - id: vehicle_weight")
    (folder / "service.yaml").write_text(text[:start])
    assert any(
        "the rules read 'vehicle_weight', which no form field asks for" in e
        for e in errors_of(folder)
    )


def test_automated_decision_needs_a_delegation(tmp_path):
    folder = copy_service(tmp_path)
    text = (folder / "service.yaml").read_text()
    start, end = text.index("  # A made-up delegation"), text.index("# Permit decisions")
    (folder / "service.yaml").write_text(text[:start] + text[end:])
    assert any("needs 'automation: delegation:'" in e for e in errors_of(folder))


def test_broken_rules_file_is_reported_in_the_rules_file(tmp_path):
    folder = copy_service(tmp_path)
    (folder / "rules.yaml").write_text((folder / "rules.yaml").read_text() + "\n  - [unclosed\n")
    errors = errors_of(folder)
    assert any(e.startswith("boendeparkering/rules.yaml:") for e in errors), errors


# -- The period an application covers (period: {field: month}) ------------------------------


def test_period_start_is_the_first_day_of_the_month_answered():
    import datetime

    from digikommun.catalog.selectors import decision_date, period_start

    definition = load_definition(SERVICES / "ekonomiskt-bistand")
    assert definition.period_field == "month"
    assert definition.steps[0].fields[0].id == "month"
    assert period_start(definition, {"month": "2026-12"}) == datetime.date(2026, 12, 1)
    assert period_start(definition, {}) is None
    submitted = datetime.date(2026, 11, 27)
    assert decision_date(definition, {"month": "2026-12"}, submitted_on=submitted) == (
        datetime.date(2026, 12, 1)
    )
    parking = load_definition(SERVICES / "boendeparkering")
    assert parking.period_field is None
    assert decision_date(parking, {"month": "2026-12"}, submitted_on=submitted) == submitted


def test_the_period_must_name_a_month_field(tmp_path):
    folder = tmp_path / "ekonomiskt-bistand"
    shutil.copytree(SERVICES / "ekonomiskt-bistand", folder)
    text = (folder / "service.yaml").read_text(encoding="utf-8")
    (folder / "service.yaml").write_text(
        text.replace("period: {field: month}", "period: {field: income}"), encoding="utf-8"
    )
    with pytest.raises(DefinitionErrors) as exc:
        load_definition(folder)
    assert "the period field 'income' must be a month field" in str(exc.value)
