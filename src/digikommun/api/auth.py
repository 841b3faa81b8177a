"""Who is calling: a bearer token issued to an API client, checked by django-oauth-toolkit,
then counted against the client's rate limit (as Open311 keys are, in the database)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer
from oauth2_provider.oauth2_backends import get_oauthlib_core

from digikommun.limits.services import Limit, RateLimited, client_ip, limit_take

from . import scopes as api_scopes
from .models import ApiClient
from .problems import Problem


@dataclass(frozen=True)
class Caller:
    client: ApiClient
    scopes: frozenset[str] = field(default_factory=frozenset)

    def services(self, action: str) -> set[str] | None:
        return api_scopes.services_for(self.scopes, action)

    def allows(self, action: str, service_id: str | None = None) -> bool:
        return api_scopes.allows(self.scopes, action, service_id)


def _rate(scope: str, who: str, per_minute: int) -> None:
    try:
        limit_take(scope=scope, who=who, limit=Limit(count=per_minute, seconds=60))
    except RateLimited as exc:
        raise Problem(
            429,
            _("Too many calls; try again later."),
            headers={"Retry-After": str(max(1, exc.retry_after))},
        ) from exc


def unauthenticated_count(request: HttpRequest) -> None:
    """A call without a valid token, counted per client address (429 past the limit)."""
    _rate("api_unauthenticated", client_ip(request), settings.API_UNAUTHENTICATED_PER_MINUTE)


class BearerToken(HttpBearer):
    def __call__(self, request: HttpRequest):
        caller = super().__call__(request)
        if caller is None:
            unauthenticated_count(request)
        return caller

    def authenticate(self, request: HttpRequest, token: str) -> Caller | None:
        valid, oauth_request = get_oauthlib_core().verify_request(request, scopes=[])
        access = getattr(oauth_request, "access_token", None) if valid else None
        if access is None or access.application_id is None:
            return None
        client = (
            ApiClient.objects.filter(application_id=access.application_id, revoked_at=None)
            .select_related("application")
            .first()
        )
        if client is None:
            return None
        per_minute = client.per_minute or settings.API_CALLS_PER_MINUTE
        _rate("api", f"client:{client.pk}", per_minute)
        granted = set(client.scopes)
        carried = frozenset(s for s in access.scope.split() if s in granted)
        caller = Caller(client=client, scopes=carried)
        request.api_caller = caller  # type: ignore[attr-defined]  # read by the audit middleware
        return caller


def caller_of(request: HttpRequest) -> Caller:
    return request.auth  # type: ignore[attr-defined]


def require(request: HttpRequest, action: str, service_id: str | None = None) -> Caller:
    """The caller, when its scopes allow the action (on the service); 403 problem otherwise."""
    caller = caller_of(request)
    if not caller.allows(action, service_id):
        if service_id:
            detail = _("The token's scopes do not allow %(action)s on %(service)s.") % {
                "action": action,
                "service": service_id,
            }
        else:
            detail = _("The token's scopes do not allow %(action)s.") % {"action": action}
        raise Problem(403, detail)
    return caller
