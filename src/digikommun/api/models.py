"""The API's machine clients: an OAuth2 application with the scopes it may ask for."""

from __future__ import annotations

from django.db import models


class ApiClient(models.Model):
    """A partner system or the counter's tool. Its OAuth2 application (client credentials)
    holds the id and the hashed secret; this row says what it may do."""

    name = models.CharField(max_length=100, unique=True)
    application = models.OneToOneField(
        "oauth2_provider.Application", on_delete=models.CASCADE, related_name="api_client"
    )
    scopes = models.JSONField(default=list)  # ["cases:read", "decisions:write:boendeparkering"]
    # Calls per minute; None: settings.API_CALLS_PER_MINUTE.
    per_minute = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name
