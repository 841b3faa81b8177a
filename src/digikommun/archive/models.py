"""What left the live database, and when: a delivery to the e-archive, or a thinning.

Neither keeps personal data: a record names the kind of case (the service), its diary
number, when and by which rule. The case's own rows are gone; the e-archive holds the
delivered package, and a thinned case exists nowhere.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Removal(models.Model):
    class Kind(models.TextChoices):
        DELIVERED = "delivered", _("delivered to the e-archive")
        THINNED = "thinned", _("thinned")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    service_id = models.SlugField(max_length=80)
    diary_number = models.CharField(max_length=20, unique=True)
    rule = models.TextField()  # Retention.describe() of the definition in force (free text)
    removed_at = models.DateTimeField()
    # For a delivery: the package's OBJID, the archive file's name and SHA-256.
    package_id = models.CharField(max_length=64, blank=True)
    package_file = models.CharField(max_length=200, blank=True)
    package_sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["removed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.diary_number} {self.kind} {self.removed_at:%Y-%m-%d}"
