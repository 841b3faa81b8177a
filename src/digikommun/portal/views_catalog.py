"""The catalog: services by life situation and by department, search, and a service's page."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from digikommun.catalog import selectors as catalog
from digikommun.catalog.taxonomy import LIFE_SITUATIONS
from digikommun.identity.selectors import is_staff_member

from . import selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {"groups": catalog.services_by_life_situation(), "services": catalog.current_definitions()},
    )


def departments(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/departments.html", {"groups": catalog.services_by_department()})


def life_situation(request: HttpRequest, key: str) -> HttpResponse:
    for group_key, label, services in catalog.services_by_life_situation():
        if group_key == key:
            return render(
                request,
                "portal/life_situation.html",
                {"key": key, "label": label, "services": services},
            )
    if key in LIFE_SITUATIONS:
        return render(
            request,
            "portal/life_situation.html",
            {"key": key, "label": str(LIFE_SITUATIONS[key]), "services": []},
        )
    raise Http404


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    results = catalog.services_search(query) if query else []
    return render(
        request,
        "portal/search.html",
        {"query": query, "results": results, "groups": catalog.services_by_life_situation()},
    )


def service_page(request: HttpRequest, service_id: str) -> HttpResponse:
    version = catalog.current_version(service_id)
    if version is None:
        raise Http404
    definition = catalog.definition_for(version)
    return render(
        request,
        "portal/service.html",
        {
            "version": version,
            "service": definition,
            "timing": selectors.decision_timing(service_id=service_id),
            "situations": [
                (k, str(LIFE_SITUATIONS[k])) for k in definition.presentation.life_situations
            ],
            # Staff see when the service's rules have run out or soon will.
            "rules_banners": catalog.rules_banners(
                definitions=[definition], on=timezone.localdate(), lang=(get_language() or "sv")[:2]
            )
            if is_staff_member(request.user)
            else [],
        },
    )
