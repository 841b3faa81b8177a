"""Files people upload: kept outside the web root, served only to those allowed to see them."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class StoredFile(models.Model):
    """One uploaded file. Its kind is judged from its content; its name is only shown.

    A file belongs to the person who uploaded it, first to a draft (an application being
    filled in) and, once the application is sent, to the case. `case_id` is a plain number,
    not a foreign key, so this app does not depend on the cases app's tables.
    """

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stored_files"
    )
    name = models.CharField(max_length=200)  # as the person named it; never used as a path
    kind = models.CharField(max_length=16)  # pdf, jpeg, png … (digikommun.files.sniff.KINDS)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    blob = models.CharField(max_length=200)  # path in the private storage
    draft_key = models.UUIDField(null=True, blank=True, db_index=True)
    field_id = models.CharField(max_length=80, blank=True)
    case_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind}, {self.size} bytes)"
