"""The API's errors as problem details (RFC 9457, the shape in `common.problems`): raised as
`Problem` anywhere in an operation, with `errors` (field path -> message) on a 422."""

from __future__ import annotations

from django.utils.translation import gettext as _


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
