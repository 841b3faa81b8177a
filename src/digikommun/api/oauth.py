"""django-oauth-toolkit's scopes backend: an API client may ask only for its own scopes.

Applications that are not API clients (the test identity provider's portal client) keep the
scopes named in settings (OAUTH2_PROVIDER["SCOPES"]).
"""

from __future__ import annotations

from oauth2_provider.scopes import SettingsScopes

from . import scopes


class ClientScopes(SettingsScopes):
    def get_all_scopes(self):
        return {**super().get_all_scopes(), **scopes.ACTIONS}

    def _client_scopes(self, application) -> list[str] | None:
        client = getattr(application, "api_client", None) if application is not None else None
        if client is None or client.revoked_at is not None:
            return None
        return list(client.scopes)

    def get_available_scopes(self, application=None, request=None, *args, **kwargs):
        own = self._client_scopes(application)
        return own if own is not None else super().get_available_scopes(application, request)

    def get_default_scopes(self, application=None, request=None, *args, **kwargs):
        own = self._client_scopes(application)
        return own if own is not None else super().get_default_scopes(application, request)
