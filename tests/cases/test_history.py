"""Jobbstimulans is counted from the applicant's earlier cases: the months in an unbroken row
just before the month applied for that were granted, and the earlier months whose decision
left wages out. Computed in the cases layer, given to the rules as facts."""

from __future__ import annotations

import datetime

from digikommun.cases.history import assistance_history
from digikommun.cases.models import Decision
from digikommun.identity.models import User
from digikommun.process.steps import automated_decision
from tests.cases.test_process import BISTAND, submit

ANNA = "198507099805"


def granted(month: str, *, left_out: int = 0) -> None:
    case = submit("ekonomiskt-bistand", BISTAND)
    case.answers = {**case.answers, "month": month}
    case.save(update_fields=["answers"])
    Decision.objects.create(
        case=case,
        outcome="approved",
        amount=1000,
        reasons={"sv": ["x"]},
        appeal={"sv": ""},
        automated_by="test",
        as_of=datetime.date.fromisoformat(month + "-01"),
        trace={"decisions": [{"id": "earned_income_left_out", "value": left_out}]},
    )


def test_months_in_a_row_and_months_with_jobbstimulans(demo):
    anna = User.objects.get(personnummer=ANNA)
    for month in ("2026-03", "2026-05", "2026-06", "2026-07"):
        granted(month)
    granted("2026-08", left_out=500)
    granted("2026-09", left_out=500)
    facts = assistance_history(
        applicant=anna,
        service_id="ekonomiskt-bistand",
        period_field="month",
        month=datetime.date(2026, 10, 1),
    )
    # 2026-05 … 2026-09 is unbroken (2026-04 is missing): 5 months; two used the incentive.
    assert facts == {"assistance_months_in_row": 5, "jobbstimulans_months_used": 2}


def test_the_seventh_month_in_a_row_leaves_a_quarter_of_the_wages_out(demo, settings):
    settings.DIGIKOMMUN_DECIDE_ON_EXAMPLE_VALUES = True
    this_month = datetime.date.fromisoformat(BISTAND["month"] + "-01")
    for back in range(6, 0, -1):
        index = this_month.year * 12 + this_month.month - 1 - back
        granted(f"{index // 12:04d}-{index % 12 + 1:02d}")
    case = submit("ekonomiskt-bistand", {**BISTAND, "income": "4000", "earned_income": "4000"})
    assert automated_decision(case_id=case.pk) == "approved"
    case.refresh_from_db()
    values = {d["id"]: d["value"] for d in case.decision.trace["decisions"]}
    assert values["months_in_row"] == 6
    assert values["earned_income_left_out"] == 1000  # 25 % of 4 000
