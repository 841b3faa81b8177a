"""Teams limit what a caseworker sees and does within a service: `?team=` of another team
lists none of its cases, its cases do not open, take-next does not hand them out, and no
action can be taken on them."""

from __future__ import annotations

import pytest
from django.test import Client

from digikommun.cases.models import Case, CaseNote
from digikommun.identity.models import Role, RoleGrant
from digikommun.workbench.models import Membership, Team
from tests.factories import ResidentFactory
from tests.workbench.test_workbench import review_cases

pytestmark = pytest.mark.django_db


@pytest.fixture
def outsider(demo):
    """A caseworker of the same service, in another team."""
    user = ResidentFactory(personnummer="197604049801", first_name="Ante")
    RoleGrant.objects.create(user=user, role=Role.CASEWORKER, service_id="ekonomiskt-bistand")
    team = Team.objects.create(
        slug="ekonomi-2", name={"sv": "Ekonomi 2", "en": "Finance 2"}, service_ids=[]
    )
    Membership.objects.create(team=team, user=user)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_another_teams_cases_are_not_listed_opened_or_acted_on(outsider):
    [case] = review_cases(1)
    assert case.team.slug == "socialtjanst-ekonomi"
    listed = outsider.get("/workbench/", {"team": "socialtjanst-ekonomi"}).content.decode()
    assert case.diary_number not in listed
    assert case.diary_number not in outsider.get("/workbench/").content.decode()
    assert outsider.get(f"/workbench/cases/{case.pk}/").status_code == 404
    response = outsider.post(f"/workbench/cases/{case.pk}/note/", {"note": "hej"})
    assert response.status_code == 404
    assert not CaseNote.objects.filter(case=case).exists()
    outsider.post("/workbench/take-next/")
    assert Case.objects.get(pk=case.pk).assignee is None


def test_the_teams_own_caseworker_still_sees_and_acts(demo):
    from digikommun.identity.models import User

    [case] = review_cases(1)
    karin = Client()
    karin.force_login(User.objects.get(personnummer="198103129816"))
    listed = karin.get("/workbench/", {"team": "socialtjanst-ekonomi"}).content.decode()
    assert case.diary_number in listed
    assert karin.post(f"/workbench/cases/{case.pk}/note/", {"note": "hej"}).status_code == 302
