"""Writes to the catalog: publishing service definitions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from .algorithm_register import publish_refusals
from .deciding import overlays_chosen
from .definition import ServiceDefinition, definition_folders, load_definition
from .models import ServiceVersion
from .package_install import installed_origin
from .packages import PackageRefused


class PublishRefused(Exception):
    """An automated definition the public register cannot describe (algorithm_register)."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        super().__init__("\n".join(lines))


# More reasons to refuse, added by higher parts in their AppConfig.ready (register: a service
# owner must have looked at the simulation of exactly this draft). Each returns one line per
# refused definition.
PUBLISH_CHECKS: list[Callable[[list[ServiceDefinition]], list[str]]] = []


def publish_checks_refusals(definitions: list[ServiceDefinition]) -> list[str]:
    return [line for check in PUBLISH_CHECKS for line in check(definitions)]


@dataclass(frozen=True)
class PublishResult:
    version: ServiceVersion
    created: bool


@transaction.atomic
def service_publish(
    *, definition: ServiceDefinition, origin: dict[str, Any] | None = None
) -> PublishResult:
    """Store the definition as a new immutable version, unless this exact content is current.

    Publishing content identical to an earlier version makes that version current again
    rather than storing a copy, so a content hash always names one version. `origin` is the
    shared package the definition was installed from (catalog.packages), kept with a new
    version; an existing version keeps the origin it was published with.
    """
    existing = (
        ServiceVersion.objects.select_for_update()
        .filter(service_id=definition.id)
        .order_by("-number")
    )
    same = next((v for v in existing if v.content_hash == definition.content_hash), None)
    if same is not None and same.is_current:
        return PublishResult(same, False)
    existing.filter(is_current=True).update(is_current=False)
    if same is not None:
        same.is_current = True
        same.save(update_fields=["is_current"])
        return PublishResult(same, False)
    latest = existing.first()
    version = ServiceVersion.objects.create(
        service_id=definition.id,
        number=(latest.number + 1) if latest else 1,
        content_hash=definition.content_hash,
        files=definition.files,
        title=definition.title,
        is_current=True,
        origin=origin or {},
    )
    return PublishResult(version, True)


def services_publish_folder(*, path: Path, checks: bool = True) -> list[PublishResult]:
    """Validate and publish every definition under path; nothing is published if any fails.

    `checks=False` leaves out PUBLISH_CHECKS: only the demo, which publishes the repository's
    own definitions at start, uses it.
    """
    # Published with the deployment's overlays' choices laid on (docs/overlays.md).
    chosen = overlays_chosen()
    definitions = [load_definition(f, overlays=chosen) for f in definition_folders(path)]
    refusals = publish_refusals(definitions)
    if checks:
        refusals += publish_checks_refusals(definitions)
    if refusals:
        raise PublishRefused(refusals)
    try:
        origins = [installed_origin(d.folder) for d in definitions]
    except PackageRefused as exc:
        raise PublishRefused(exc.lines) from None
    return [
        service_publish(definition=d, origin=o) for d, o in zip(definitions, origins, strict=True)
    ]
