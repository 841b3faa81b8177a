"""Applications being filled in (drafts). A draft becomes a case when it is sent."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Draft(models.Model):
    """An application being filled in. Keeps raw text, so nothing typed is lost."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts"
    )
    service_version = models.ForeignKey("catalog.ServiceVersion", on_delete=models.CASCADE)
    raw = models.JSONField(default=dict)  # field id -> text as typed
    step = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_case = models.OneToOneField(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="draft"
    )

    def __str__(self) -> str:
        return f"draft {self.key}"
