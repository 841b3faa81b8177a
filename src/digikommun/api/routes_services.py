"""Services and their published versions: definition, rules, register entry."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router

from digikommun.catalog.models import ServiceVersion
from digikommun.catalog.selectors import current_versions, definition_for
from digikommun.register.selectors import model_entry

from .auth import require
from .schemas import DefinitionOut, ProblemOut, RulesOut, ServiceOut, VersionOut
from .scopes import SERVICES_READ

router = Router(tags=["services"])
ERRORS = {401: ProblemOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut, 429: ProblemOut}


def _version(request: HttpRequest, service_id: str, number: int | None = None) -> ServiceVersion:
    services = require(request, SERVICES_READ).services(SERVICES_READ)
    if services is not None and service_id not in services:
        raise Http404
    versions = ServiceVersion.objects.filter(service_id=service_id)
    found = (
        versions.filter(is_current=True) if number is None else versions.filter(number=number)
    ).first()
    if found is None:
        raise Http404
    return found


def _version_out(v: ServiceVersion) -> dict:
    return {
        "service_id": v.service_id,
        "number": v.number,
        "content_hash": v.content_hash,
        "published_at": v.published_at,
        "is_current": v.is_current,
    }


@router.get(
    "",
    response={200: list[ServiceOut], **ERRORS},
    operation_id="services_list",
    url_name="services",
)
def services_list(request: HttpRequest):
    """The services published now, within the token's scopes."""
    services = require(request, SERVICES_READ).services(SERVICES_READ)
    return [
        {
            "id": v.service_id,
            "title": v.title,
            "version": v.number,
            "content_hash": v.content_hash,
            "published_at": v.published_at,
            "automated": definition_for(v).automated,
        }
        for v in current_versions()
        if services is None or v.service_id in services
    ]


@router.get(
    "/{service_id}/versions",
    response={200: list[VersionOut], **ERRORS},
    operation_id="service_versions",
    url_name="service_versions",
)
def service_versions(request: HttpRequest, service_id: str):
    """Every published version of a service, newest first."""
    _version(request, service_id)  # 404 when the service is unknown or out of scope
    versions = ServiceVersion.objects.filter(service_id=service_id).order_by("-number")
    return [_version_out(v) for v in versions]


@router.get(
    "/{service_id}/versions/{number}",
    response={200: DefinitionOut, **ERRORS},
    operation_id="service_version",
    url_name="service_version",
)
def service_version(request: HttpRequest, service_id: str, number: int):
    """One published version: its definition, as the files that were published."""
    v = _version(request, service_id, number)
    return {**_version_out(v), "files": v.files}


@router.get(
    "/{service_id}/versions/{number}/rules",
    response={200: RulesOut, **ERRORS},
    operation_id="service_rules",
    url_name="service_rules",
)
def service_rules(request: HttpRequest, service_id: str, number: int):
    """The rules of one version: rules.yaml and the overlays a deployment may lay on them."""
    v = _version(request, service_id, number)
    files = {
        path: text
        for path, text in v.files.items()
        if path == "rules.yaml" or path.startswith("overlays/")
    }
    return {
        "service_id": v.service_id,
        "number": v.number,
        "automated": definition_for(v).automated,
        "files": files,
    }


@router.get(
    "/{service_id}/versions/{number}/register-entry",
    response={200: dict, **ERRORS},
    operation_id="service_register_entry",
    url_name="service_register_entry",
)
def service_register_entry(request: HttpRequest, service_id: str, number: int):
    """The entry of the public register of automated decision models (404 for a service
    that decides nothing automatically)."""
    v = _version(request, service_id, number)
    if not definition_for(v).automated:
        raise Http404
    return model_entry(v, base_url=request.build_absolute_uri("/").rstrip("/"))
