"""The API's docs page: the operations, their scopes and a link to the OpenAPI description."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import scopes as api_scopes
from .api import api


def operations() -> list[dict]:
    schema = api.get_openapi_schema(path_prefix="/api/v1")
    found = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            found.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "id": operation.get("operationId", ""),
                }
            )
    return found


@require_GET
def docs(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "api/docs.html",
        {"operations": operations(), "scopes": api_scopes.ACTIONS},
    )
