"""The rules never decide on stale figures: a parameter says how long it holds (the riksnorm
`renews: yearly`), `digikommun services validate` warns 60 days before a parameter runs out
and fails with --strict, and the staff's notices name the year that is missing. Every date is
passed in (a frozen clock), so the suite never breaks in November of any year."""

from __future__ import annotations

import datetime
from pathlib import Path

from digikommun.catalog.deciding import coverage_notices, coverage_warnings
from digikommun.catalog.definition import load_definition
from tests.catalog.test_cli import digikommun

ROOT = Path(__file__).resolve().parents[2]
BISTAND = ROOT / "services" / "ekonomiskt-bistand"


def test_a_riksnorm_year_holds_for_its_calendar_year_only():
    model = load_definition(BISTAND).rules
    param = model.parameters["norm_single_adult"]
    assert param.renews == "yearly"
    assert param.covered_until() == datetime.date(2021, 12, 31)
    # The price base amount is cited for 2017 and 2026 only (read only for children's pay).
    assert model.missing_parameters(datetime.date(2021, 12, 31)) == ["price_base_amount"]
    assert "norm_single_adult" in model.missing_parameters(datetime.date(2022, 1, 1))
    assert "norm_single_adult" in model.missing_parameters(datetime.date(2018, 6, 1))  # no 2018


def test_no_warning_more_than_60_days_ahead_and_a_warning_within():
    definition = load_definition(BISTAND)
    assert coverage_warnings(definition, on=datetime.date(2021, 10, 31), overlays=()) == []
    (line,) = coverage_warnings(definition, on=datetime.date(2021, 11, 2), overlays=())
    assert "norm_single_adult" in line and "runs out on 2021-12-31, in 59 days" in line
    assert "The national norm for 2022 is not in the rules." in line


def test_after_the_end_the_warning_names_the_missing_year():
    definition = load_definition(BISTAND)
    lines = coverage_warnings(definition, on=datetime.date(2023, 3, 1), overlays=())
    assert any("ran out on 2021-12-31" in x and "national norm for 2023" in x for x in lines)


def test_the_demo_overlay_covers_the_years_it_carries():
    definition = load_definition(BISTAND)
    assert definition.overlay_names == ("demo",)
    on = datetime.date(2026, 6, 1)
    lines = coverage_warnings(definition, on=on, overlays=("demo",))
    assert not any("norm_single_adult" in x for x in lines)
    # The overlay's last example year is open until the end of 2030, then it warns too.
    late = coverage_warnings(definition, on=datetime.date(2030, 11, 15), overlays=("demo",))
    assert any("norm_single_adult" in x and "runs out on 2030-12-31" in x for x in late)


def test_staff_notice_is_in_swedish_and_english(settings):
    settings.DIGIKOMMUN_RULE_OVERLAYS = []
    definition = load_definition(BISTAND)
    notices = coverage_notices(definition, on=datetime.date(2026, 11, 27))
    riksnorm = next(n for n in notices if "norm_single_adult" in n["parameters"])
    assert riksnorm["expired"] is True
    assert riksnorm["notice"]["sv"] == "Riksnormen för 2026 finns inte i reglerna."
    assert riksnorm["notice"]["en"] == "The national norm for 2026 is not in the rules."


def test_validate_warns_and_fails_with_strict_on_a_frozen_date():
    ok = digikommun("services", "validate", str(BISTAND), "--overlays", "", "--today", "2021-10-01")
    assert ok.returncode == 0 and "warning" not in ok.stdout, ok.stdout
    warned = digikommun(
        "services", "validate", str(BISTAND), "--overlays", "", "--today", "2021-11-15"
    )
    assert warned.returncode == 0
    assert "warning: ekonomiskt-bistand: norm_single_adult" in warned.stdout
    strict = digikommun(
        "services",
        "validate",
        str(BISTAND),
        "--overlays",
        "",
        "--today",
        "2021-11-15",
        "--strict",
    )
    assert strict.returncode == 1
    assert "failing because of --strict" in strict.stdout
