"""The public register of cases (diarium): number, date, service and status, nothing personal."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from digikommun.catalog.selectors import current_versions

from .selectors import public_register_page


def register(request: HttpRequest) -> HttpResponse:
    service = request.GET.get("service", "")
    page = public_register_page(service_id=service, before=request.GET.get("before", ""))
    services = {v.service_id: v.title for v in current_versions()}
    return render(
        request,
        "cases/register.html",
        {"page": page, "services": services, "service": service},
    )
