"""Reads of the catalog. Definitions are parsed once per published version and kept."""

from __future__ import annotations

from functools import lru_cache

from .definition import ServiceDefinition, parse_definition
from .models import ServiceVersion


@lru_cache(maxsize=256)
def _parsed(version_id: int, content_hash: str) -> ServiceDefinition:
    # Keyed on the id and hash: a published version is immutable, so the cache never goes stale.
    version = ServiceVersion.objects.get(pk=version_id)
    return parse_definition(version.files, folder_name=version.service_id)


def definition_for(version: ServiceVersion) -> ServiceDefinition:
    return _parsed(version.pk, version.content_hash)


def current_versions() -> list[ServiceVersion]:
    return list(ServiceVersion.objects.filter(is_current=True).order_by("service_id"))


def current_version(service_id: str) -> ServiceVersion | None:
    return ServiceVersion.objects.filter(service_id=service_id, is_current=True).first()
