"""Log a resident in from an OpenID Connect provider's answer, keyed on the personnummer."""

from __future__ import annotations

import logging

import requests
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .personnummer import InvalidPersonnummer, normalise

log = logging.getLogger(__name__)


class EidBackend(OIDCAuthenticationBackend):
    def authenticate(self, request, **kwargs):
        if request is not None and settings.TEST_IDP_ENABLED:
            # The built-in provider lives on this site: its back-channel endpoints are
            # reached on the host that served the request, whatever port that is.
            for name in (
                "OIDC_OP_TOKEN_ENDPOINT",
                "OIDC_OP_USER_ENDPOINT",
                "OIDC_OP_JWKS_ENDPOINT",
            ):
                path = getattr(settings, name)
                if path.startswith("/"):
                    setattr(self, name, request.build_absolute_uri(path))
        try:
            return super().authenticate(request, **kwargs)
        except (requests.RequestException, ValueError, SuspiciousOperation) as exc:
            # The provider refused the code, did not answer, or answered something that
            # does not verify: a failed login (the login-failure page), not a server error.
            log.warning("OIDC login failed at the token exchange: %s", type(exc).__name__)
            return None

    def _personnummer(self, claims) -> str | None:
        raw = claims.get(settings.PERSONNUMMER_CLAIM)
        if not raw:
            return None
        try:
            return normalise(str(raw))
        except InvalidPersonnummer:
            return None

    def verify_claims(self, claims) -> bool:
        return self._personnummer(claims) is not None

    def describe_user_by_claims(self, claims) -> str:
        return "a person with a personal identity number"

    def filter_users_by_claims(self, claims):
        pnr = self._personnummer(claims)
        if pnr is None:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(personnummer=pnr)

    def create_user(self, claims):
        pnr = self._personnummer(claims)
        user = self.UserModel.objects.create_user(
            username=f"pnr-{pnr}",
            personnummer=pnr,
            first_name=claims.get("given_name", "")[:150],
            last_name=claims.get("family_name", "")[:150],
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
        return user

    def update_user(self, user, claims):
        given, family = claims.get("given_name", ""), claims.get("family_name", "")
        if (given, family) != (user.first_name, user.last_name) and (given or family):
            user.first_name, user.last_name = given[:150], family[:150]
            user.save(update_fields=["first_name", "last_name"])
        return user
