"""A service owner runs the impact simulation of a draft as a task and looks at its report;
publishing a new version of an automated service is refused until a service owner has looked
at the simulation of exactly that draft (content hash), and the look is in the audit log."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from digikommun.audit.models import Entry
from digikommun.catalog.selectors import current_version
from digikommun.cli import main
from digikommun.identity.models import Role, RoleGrant, User
from digikommun.register.models import SimulationLook, SimulationRun

from ..conftest import run_pending_tasks
from .test_simulate import _case

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def drafts(demo, settings, tmp_path):
    """The repository's services as drafts, resident parking's rules changed."""
    target = tmp_path / "services"
    shutil.copytree(ROOT / "services", target)
    rules = target / "boendeparkering" / "rules.yaml"
    rules.write_text(rules.read_text().replace("value: 1100", "value: 1250", 1))
    settings.SERVICES_DIR = target
    when = timezone.now() - datetime.timedelta(days=40)
    for n in range(3):
        _case(n, zone="inner_city", weight=1500, when=when)
    return target


@pytest.fixture
def owner(db):
    user = User.objects.create_user(username="agnes", first_name="Agnes", last_name="Ägare")
    RoleGrant.objects.create(user=user, role=Role.SERVICE_OWNER, service_id="boendeparkering")
    client = Client()
    client.force_login(user)
    return user, client


@pytest.mark.django_db
def test_publish_refused_until_the_owner_has_looked_then_allowed(
    drafts, owner, django_capture_on_commit_callbacks
):
    user, client = owner
    before = current_version("boendeparkering")
    folder = str(drafts / "boendeparkering")

    # Without a look: the command and the page both refuse.
    assert main(["services", "publish", folder]) == 1
    response = client.post(reverse("simulation_publish", args=["boendeparkering"]))
    assert response.status_code == 400
    assert "impact simulation" in response.content.decode()
    assert current_version("boendeparkering").pk == before.pk

    # Run the simulation (a task), see progress, then the report: the look is recorded.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("simulation_start", args=["boendeparkering"]))
    run = SimulationRun.objects.get()
    assert response.url == reverse("simulation_run", args=[run.pk])
    page = client.get(response.url).content.decode()
    assert "<progress" in page and not SimulationLook.objects.exists()
    assert run_pending_tasks() == 1
    page = client.get(response.url).content.decode()
    assert "<svg" in page and "simulated 3 cases: 3 changed (100.0%)" in page
    look = SimulationLook.objects.get()
    assert (look.user, look.run.content_hash) == (user, run.content_hash)
    entry = Entry.objects.get(action="simulation.viewed")
    assert entry.actor_id == user.pk
    assert entry.detail["content_hash"] == run.content_hash
    assert entry.detail["service"] == "boendeparkering"

    # After the look: published, and that is logged too.
    response = client.post(reverse("simulation_publish", args=["boendeparkering"]))
    assert response.status_code == 200, response.content.decode()
    published = current_version("boendeparkering")
    assert published.number == before.number + 1
    assert published.content_hash == run.content_hash
    assert Entry.objects.filter(action="service.published").count() == 1


@pytest.mark.django_db
def test_a_look_covers_only_that_draft(drafts, owner, django_capture_on_commit_callbacks):
    _user, client = owner
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("simulation_start", args=["boendeparkering"]))
    run_pending_tasks()
    client.get(reverse("simulation_run", args=[SimulationRun.objects.get().pk]))
    rules = drafts / "boendeparkering" / "rules.yaml"
    rules.write_text(rules.read_text().replace("value: 1250", "value: 1300", 1))
    assert main(["services", "publish", str(drafts / "boendeparkering")]) == 1


@pytest.mark.django_db
def test_only_the_services_owner_may_simulate(drafts, owner):
    other = User.objects.create_user(username="olle")
    RoleGrant.objects.create(user=other, role=Role.SERVICE_OWNER, service_id="ekonomiskt-bistand")
    client = Client()
    client.force_login(other)
    assert client.post(reverse("simulation_start", args=["boendeparkering"])).status_code == 403
    page = client.get(reverse("simulations")).content.decode()
    assert "boendeparkering" not in page
    _user, own = owner
    bad = own.post(reverse("simulation_start", args=["boendeparkering"]), {"since": "March"})
    assert bad.status_code == 400 and "March" in bad.content.decode()
