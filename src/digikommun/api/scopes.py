"""The API's scopes: an action, optionally limited to one service.

A scope is `ACTION` (every service) or `ACTION:SERVICE_ID` (that service only), where the
action is one of ACTIONS. A client is given a set of scopes when it is made; a token carries
the scopes it asked for (all of the client's when it asked for none). No Django here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

SERVICES_READ = "services:read"
CASES_READ = "cases:read"
CASES_WRITE = "cases:write"
DECISIONS_WRITE = "decisions:write"

ACTIONS = {
    SERVICES_READ: "Read services, their versions, rules and register entries",
    CASES_READ: "Read cases, their events, decisions, letters and attachments",
    CASES_WRITE: "Create cases on a resident's behalf",
    DECISIONS_WRITE: "Record decisions made elsewhere",
}

_SERVICE_ID = re.compile(r"^[-a-zA-Z0-9_]{1,80}$")


class BadScope(ValueError):
    pass


def parse(scope: str) -> tuple[str, str | None]:
    """(action, service id or None); BadScope when it is not a scope of this API."""
    parts = scope.split(":")
    action = ":".join(parts[:2])
    if action not in ACTIONS or len(parts) > 3:
        raise BadScope(scope)
    if len(parts) == 3:
        if not _SERVICE_ID.match(parts[2]):
            raise BadScope(scope)
        return action, parts[2]
    return action, None


def normalise(scopes: Iterable[str]) -> list[str]:
    """The scopes checked, without repeats, in a stable order; BadScope on the first bad one."""
    found = []
    for scope in scopes:
        parse(scope)
        if scope not in found:
            found.append(scope)
    return sorted(found)


def services_for(scopes: Iterable[str], action: str) -> set[str] | None:
    """The services the scopes allow the action on: None for every service, else a set
    (empty when the action is not allowed at all)."""
    allowed: set[str] = set()
    for scope in scopes:
        try:
            found, service = parse(scope)
        except BadScope:
            continue  # a scope of another kind (openid …) gives nothing here
        if found != action:
            continue
        if service is None:
            return None
        allowed.add(service)
    return allowed


def allows(scopes: Iterable[str], action: str, service_id: str | None = None) -> bool:
    """True when the scopes allow the action (on that service, when one is named; with none
    named, on at least one service)."""
    services = services_for(scopes, action)
    if services is None:
        return True
    return bool(services) if service_id is None else service_id in services
