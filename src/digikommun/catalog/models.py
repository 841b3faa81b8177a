"""Published versions of service definitions. A published version never changes."""

from __future__ import annotations

from django.db import models


class ServiceVersion(models.Model):
    service_id = models.SlugField(max_length=80)
    number = models.PositiveIntegerField()  # 1, 2, 3 … per service
    content_hash = models.CharField(max_length=64)
    files = models.JSONField()  # relative path -> text, exactly as published
    title = models.JSONField()  # {"sv": …, "en": …}, for lists without parsing the definition
    published_at = models.DateTimeField(auto_now_add=True)
    is_current = models.BooleanField(default=True)
    # Where the definition came from when it was installed from a shared package
    # (catalog.packages): package name, version, publisher, content hash, imported at; {} when
    # it was written here.
    origin = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service_id", "number"], name="service_version_unique"),
            models.UniqueConstraint(
                fields=["service_id", "content_hash"], name="service_content_unique"
            ),
            models.UniqueConstraint(
                fields=["service_id"],
                condition=models.Q(is_current=True),
                name="service_one_current_version",
            ),
        ]
        ordering = ["service_id", "-number"]

    def __str__(self) -> str:
        return f"{self.service_id} v{self.number} ({self.content_hash[:10]})"
