"""Problem details (RFC 9457), one shape for every machine-facing error: the JSON API's and
the abuse limits' (429, 413, 507, 400) alike. `application/problem+json` with type, title,
status, detail, instance, and `errors` (field path -> message) where a request had bad fields.
Titles are translated into the request's language."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

PROBLEM_TYPE = "https://digikommun.se/problems/"
CONTENT_TYPE = "application/problem+json"

_TYPES = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    413: "too-large",
    422: "invalid-input",
    429: "rate-limited",
    500: "internal-error",
    507: "storage-full",
}


def _titles() -> dict[int, str]:
    return {
        400: _("Bad request"),
        401: _("Not authenticated"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        413: _("The request is too large"),
        422: _("Invalid input"),
        429: _("Too many requests"),
        500: _("Internal error"),
        507: _("There is no room to store the file"),
    }


def wants_problem_details(request: HttpRequest) -> bool:
    """A machine client (the JSON API, or one that asks for JSON and not HTML) gets problem
    details instead of a page."""
    accept = request.headers.get("Accept", "")
    return request.path.startswith("/api/") or ("json" in accept and "text/html" not in accept)


def problem_body(
    request: HttpRequest, status: int, detail: str = "", errors=None, *, title: str = ""
) -> dict[str, Any]:
    titles = _titles()
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + _TYPES.get(status, "error"),
        "title": title or titles.get(status, _("Error")),
        "status": status,
        "detail": detail or title or titles.get(status, ""),
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem_response(
    request: HttpRequest,
    status: int,
    detail: str = "",
    *,
    errors=None,
    headers=None,
    title: str = "",
) -> JsonResponse:
    response = JsonResponse(
        problem_body(request, status, detail, errors, title=title),
        status=status,
        content_type=CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response
