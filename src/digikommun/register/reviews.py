"""The service owner's simulation before publishing: run it (as a task, with progress), look
at it (recorded here and in the audit log), and publish the draft that was looked at.

Drafts are the definition folders on disk that `digikommun services publish` would publish
(settings.SERVICES_DIR), read again at each step: the content hash says which draft a run
and a look were for, so a draft changed after the look needs a new look.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digikommun.audit.services import audit_log
from digikommun.catalog.definition import (
    DefinitionErrors,
    ServiceDefinition,
    definition_folders,
    load_definition,
)
from digikommun.catalog.selectors import current_version
from digikommun.catalog.services import PublishResult, services_publish_folder
from digikommun.common.yamlsrc import SourceError

from .models import SimulationLook, SimulationRun
from .simulation import simulate


class DraftError(Exception):
    """A draft that cannot be simulated or published, with a translated message."""


@dataclass(frozen=True)
class Draft:
    service_id: str
    folder: Path
    definition: ServiceDefinition | None  # None: the folder does not load
    current_hash: str | None  # of the published version, None when never published

    @property
    def changed(self) -> bool:
        return self.definition is not None and self.definition.content_hash != self.current_hash


def drafts(*, services: set[str] | None = None) -> list[Draft]:
    """The definition folders on disk (services None: all), with what is published now."""
    out = []
    for folder in definition_folders(Path(settings.SERVICES_DIR)):
        try:
            definition: ServiceDefinition | None = load_definition(folder)
        except (DefinitionErrors, SourceError):
            definition = None
        service_id = definition.id if definition else folder.name
        if services is not None and service_id not in services:
            continue
        version = current_version(service_id)
        out.append(Draft(service_id, folder, definition, version.content_hash if version else None))
    return out


def draft_for(service_id: str) -> Draft:
    found = [d for d in drafts() if d.service_id == service_id]
    if not found or found[0].definition is None:
        raise DraftError(_("There is no draft of this service that loads without errors."))
    return found[0]


def simulation_request(*, user, service_id: str, since: datetime.date | None) -> SimulationRun:
    """Queue a simulation of the service's draft as it is on disk now."""
    draft = draft_for(service_id)
    assert draft.definition is not None
    with transaction.atomic():
        run = SimulationRun.objects.create(
            service_id=service_id,
            content_hash=draft.definition.content_hash,
            folder=str(draft.folder),
            since=since,
            requested_by=user,
        )
        audit_log(
            actor=user,
            action="simulation.requested",
            detail={"service": service_id, "content_hash": run.content_hash, "run": run.pk},
        )
        from .tasks import run_simulation

        transaction.on_commit(lambda: run_simulation.enqueue(run.pk))
    return run


def simulation_run(*, run_id: int) -> str:
    """The task's work: simulate and store the figures; progress is written as it goes."""
    run = SimulationRun.objects.get(pk=run_id)
    if run.status == SimulationRun.Status.DONE:
        return "done already"
    SimulationRun.objects.filter(pk=run_id).update(status=SimulationRun.Status.RUNNING)
    try:
        definition = load_definition(Path(run.folder))
        if definition.content_hash != run.content_hash:
            raise DraftError("the draft changed after the simulation was asked for")

        def progress(done: int, total: int) -> None:
            SimulationRun.objects.filter(pk=run_id).update(done=done, total=total)

        sim = simulate(draft=definition, since=run.since, progress=progress)
    except Exception as exc:  # noqa: BLE001 - a failed run is shown on its page
        SimulationRun.objects.filter(pk=run_id).update(
            status=SimulationRun.Status.FAILED,
            result={"error": str(exc)[:500]},
            finished_at=timezone.now(),
        )
        return "failed"
    SimulationRun.objects.filter(pk=run_id).update(
        status=SimulationRun.Status.DONE,
        result=sim.as_json(),
        done=sim.cases,
        total=sim.cases,
        finished_at=timezone.now(),
    )
    return sim.summary


@transaction.atomic
def simulation_look(*, run: SimulationRun, user) -> SimulationLook:
    """The service owner sees a finished report: kept here and in the audit log."""
    look = SimulationLook.objects.create(run=run, user=user)
    audit_log(
        actor=user,
        action="simulation.viewed",
        detail={
            "service": run.service_id,
            "content_hash": run.content_hash,
            "run": run.pk,
            "cases": run.result.get("cases"),
            "changed": run.result.get("changed"),
        },
    )
    return look


def looked_at(service_id: str, content_hash: str) -> bool:
    return SimulationLook.objects.filter(
        run__service_id=service_id,
        run__content_hash=content_hash,
        run__status=SimulationRun.Status.DONE,
    ).exists()


def review_refusals(definitions: list[ServiceDefinition]) -> list[str]:
    """A catalog publish check: a new version of an automated service needs a look first."""
    lines = []
    for d in definitions:
        version = current_version(d.id)
        if not d.automated or version is None or version.content_hash == d.content_hash:
            continue
        if not looked_at(d.id, d.content_hash):
            lines.append(
                f"{d.id}: changes the rules of a service that decides automatically; a service "
                f"owner must look at the impact simulation of this draft ({d.content_hash[:12]}) "
                "first, at /register/simulations/"
            )
    return lines


def draft_publish(*, user, service_id: str) -> PublishResult:
    """Publish the draft on disk (every check of `digikommun services publish` applies)."""
    draft = draft_for(service_id)
    with transaction.atomic():
        # The folder's parent holds other services too: publish this one folder only.
        results = services_publish_folder(path=draft.folder)
        result = results[0]
        audit_log(
            actor=user,
            action="service.published",
            detail={
                "service": service_id,
                "content_hash": result.version.content_hash,
                "version": result.version.number,
            },
        )
    return result
