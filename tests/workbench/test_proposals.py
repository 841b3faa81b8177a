"""Approving or returning a proposed decision (four eyes) from the case page: the proposal
named in the form must be this case's; another case's proposal, a missing one or a mangled
one resolves nothing and is answered with the "someone changed the case" page, never a 500."""

from __future__ import annotations

import pytest

from digikommun.cases import handling
from digikommun.cases.models import Case, DecisionProposal
from digikommun.cases.workflow import Status
from digikommun.identity.models import User
from tests.workbench.test_workbench import KARIN, client_for, review_cases

JOHAN = "197609219816"


def proposed(case: Case) -> DecisionProposal:
    case.refresh_from_db()
    return handling.decision_make(
        case_id=case.pk, user=User.objects.get(personnummer=KARIN), outcome="rejected",
        amount=None, motivation="Arbetsförmågan är inte utredd.",
        expected_version=case.version, four_eyes=True,
    )  # fmt: skip


@pytest.mark.parametrize("proposal", ["other", "", "x", "999999"])
def test_only_this_cases_proposal_can_be_resolved_here(demo, proposal):
    here, there = review_cases(2)
    theirs = proposed(there)
    proposed(here)
    here.refresh_from_db()
    form = {
        "version": here.version,
        "proposal": str(theirs.pk) if proposal == "other" else proposal,
    }
    response = client_for(JOHAN).post(f"/workbench/cases/{here.pk}/approve/", form)
    assert response.status_code == 409
    assert not DecisionProposal.objects.filter(resolved_at__isnull=False).exists()
    assert {c.status for c in Case.objects.filter(pk__in=(here.pk, there.pk))} == {
        Status.AWAITING_APPROVAL
    }


def test_this_cases_proposal_is_approved(demo):
    [here] = review_cases(1)
    mine = proposed(here)
    here.refresh_from_db()
    form = {"version": here.version, "proposal": str(mine.pk)}
    response = client_for(JOHAN).post(f"/workbench/cases/{here.pk}/approve/", form)
    assert response.status_code == 302
    assert Case.objects.get(pk=here.pk).status == Status.DECIDED
