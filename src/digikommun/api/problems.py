"""Errors as problem details (RFC 9457): `application/problem+json` with type, title,
status, detail and instance, and `errors` (field path -> message) on a 422."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _

PROBLEM_TYPE = "https://digikommun.se/problems/"
CONTENT_TYPE = "application/problem+json"


def _titles() -> dict[int, str]:
    return {
        400: _("Bad request"),
        401: _("Not authenticated"),
        403: _("Not allowed"),
        404: _("Not found"),
        405: _("Method not allowed"),
        409: _("Conflict"),
        422: _("Invalid input"),
        429: _("Too many requests"),
        500: _("Internal error"),
    }


_TYPES = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    409: "conflict",
    422: "invalid-input",
    429: "rate-limited",
    500: "internal-error",
}


class Problem(Exception):
    """Raised anywhere in an operation; answered as problem details."""

    def __init__(
        self,
        status: int,
        detail: str = "",
        *,
        errors: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(detail)
        self.status, self.detail = status, detail
        self.errors, self.headers = errors, headers or {}


def problem_body(request: HttpRequest, status: int, detail: str = "", errors=None) -> dict:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + _TYPES.get(status, "error"),
        "title": _titles().get(status, _("Error")),
        "status": status,
        "detail": detail or _titles().get(status, ""),
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem_response(
    request: HttpRequest, status: int, detail: str = "", *, errors=None, headers=None
) -> JsonResponse:
    response = JsonResponse(
        problem_body(request, status, detail, errors),
        status=status,
        content_type=CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def validation_errors(errors: list[dict]) -> dict[str, str]:
    """ninja's (pydantic's) errors as field path -> message; the location's kind
    (body, query, path) is left out of the path."""
    found: dict[str, str] = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] in ("body", "query", "path", "header"):
            loc = loc[1:]
        if len(loc) > 1 and loc[0] in ("payload", "filters"):
            loc = loc[1:]
        found[".".join(loc) or "body"] = str(error.get("msg", _("Invalid value.")))
    return found
