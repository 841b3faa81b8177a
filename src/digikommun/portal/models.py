"""Applications being filled in (drafts). A draft becomes a case when it is sent."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Draft(models.Model):
    """An application being filled in. Keeps raw answers, so nothing typed is lost.

    `expires_at` follows the service definition's rule (`drafts: expire_after_days`, counted
    from the last change); an expired draft can no longer be opened and is purged.
    """

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts"
    )
    service_version = models.ForeignKey("catalog.ServiceVersion", on_delete=models.CASCADE)
    raw = models.JSONField(default=dict)  # field id -> the answer as given (text, list, rows)
    step = models.PositiveSmallIntegerField(default=0)  # steps passed, in order
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    submitted_case = models.OneToOneField(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="draft"
    )

    class Meta:
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"draft {self.key}"
