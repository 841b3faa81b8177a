"""A case is decided as of the first day of the month it covers, on the figures in force
then: within the period the rules cover it is decided automatically; past it (the clock moved
beyond the last period) no automated decision is made and the case goes to a caseworker with
the notice "Riksnormen för 2031 finns inte i reglerna", which the workbench shows. With
production's settings, no automated decision rests on an example value."""

from __future__ import annotations

import datetime

from django.utils import timezone

from digikommun.cases.models import Decision
from digikommun.cases.workflow import Status
from digikommun.process.steps import automated_decision
from tests.cases.test_process import BISTAND, submit
from tests.workbench.test_workbench import KARIN, client_for


def case_for(month: str, submitted: datetime.date, **answers):
    """A case as if sent on `submitted` for `month` (the clock moved to that day)."""
    case = submit("ekonomiskt-bistand", {**BISTAND, **answers})
    case.answers = {**case.answers, "month": month}
    case.submitted_at = timezone.make_aware(
        datetime.datetime.combine(submitted, datetime.time(9, 0))
    )
    case.save(update_fields=["answers", "submitted_at"])
    return case


def test_the_last_month_the_rules_cover_is_decided(demo):
    # The demo overlay's example figures hold until 2030-12-31.
    case = case_for("2030-12", datetime.date(2030, 12, 3))
    assert automated_decision(case_id=case.pk) == "approved"
    decision = Decision.objects.get(case=case)
    assert decision.as_of == datetime.date(2030, 12, 1)
    # The resident is told once that the figures are examples.
    assert decision.reasons["sv"]["example"].startswith("Några belopp i beräkningen är exempel")
    assert decision.reasons["en"]["example"].startswith("Some amounts in the calculation")


def test_past_the_last_period_a_caseworker_gets_the_case_with_the_notice(demo):
    case = case_for("2031-01", datetime.date(2031, 1, 5))
    assert automated_decision(case_id=case.pk) == "manual review"
    case.refresh_from_db()
    assert case.status == Status.IN_REVIEW
    assert not Decision.objects.filter(case=case).exists()
    assert case.recommendation["blocked"] == "missing"
    assert case.recommendation["notice"]["sv"] == "Riksnormen för 2031 finns inte i reglerna."
    assert case.recommendation["notice"]["en"] == "The national norm for 2031 is not in the rules."
    page = client_for(KARIN).get(f"/workbench/cases/{case.pk}/").content.decode()
    assert "Riksnormen för 2031 finns inte i reglerna." in page


def test_without_the_demo_overlay_today_goes_to_a_caseworker(demo, settings):
    settings.DIGIKOMMUN_RULE_OVERLAYS = []  # only the cited years (to 2021)
    case = submit("ekonomiskt-bistand", BISTAND)
    assert automated_decision(case_id=case.pk) == "manual review"
    case.refresh_from_db()
    year = int(BISTAND["month"][:4])
    assert case.recommendation["notice"]["sv"] == f"Riksnormen för {year} finns inte i reglerna."


def test_production_refuses_a_decision_resting_on_example_values(demo, settings):
    settings.DIGIKOMMUN_DECIDE_ON_EXAMPLE_VALUES = False  # as in production
    case = case_for("2030-12", datetime.date(2030, 12, 3))
    assert automated_decision(case_id=case.pk) == "manual review"
    case.refresh_from_db()
    assert case.recommendation["blocked"] == "example"
    assert "norm_single_adult" in case.recommendation["notice"]["en"]
    assert case.recommendation["outputs"]["outcome"] == "approved"  # the rules' recommendation


def test_production_settings_decide_on_no_example_value():
    import subprocess
    import sys

    from tests.conf.test_settings import SAFE

    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']="
        "'digikommun.conf.settings.production'; django.setup(); from django.conf import "
        "settings; print(settings.DIGIKOMMUN_DECIDE_ON_EXAMPLE_VALUES, "
        "settings.DIGIKOMMUN_RULE_OVERLAYS)"
    )
    import os

    env = {**os.environ, **SAFE, "DIGIKOMMUN_RULE_OVERLAYS": "kommun"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.stdout.strip() == "False ['kommun']", out.stderr


def test_staff_see_a_banner_when_the_rules_have_run_out(demo, settings):
    settings.DIGIKOMMUN_RULE_OVERLAYS = []
    year = timezone.localdate().year
    banner = f"Riksnormen för {year} finns inte i reglerna."
    staff = client_for(KARIN)
    assert banner in staff.get("/workbench/").content.decode()
    assert banner in staff.get("/services/ekonomiskt-bistand/").content.decode()
    # Residents do not see the staff's banner on the service page.
    from tests.workbench.test_workbench import ANNA

    assert banner not in client_for(ANNA).get("/services/ekonomiskt-bistand/").content.decode()
