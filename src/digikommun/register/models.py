"""A service owner's simulation of a draft definition, and each time they looked at it.

Publishing a new version of a service that decides automatically is refused until a service
owner has looked at the simulation of exactly that draft (its content hash); the look is a
row here and an entry in the audit log.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SimulationRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    service_id = models.SlugField(max_length=80)
    content_hash = models.CharField(max_length=64)  # of the draft simulated
    folder = models.CharField(max_length=500)  # where the draft was read from
    since = models.DateField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    result = models.JSONField(default=dict)  # Simulation.as_json(); no personal data
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["service_id", "content_hash"])]

    def __str__(self) -> str:
        return f"simulation {self.pk} of {self.service_id} ({self.content_hash[:10]})"


class SimulationLook(models.Model):
    """A service owner saw the finished report of a run."""

    run = models.ForeignKey(SimulationRun, on_delete=models.CASCADE, related_name="looks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    looked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["looked_at", "pk"]

    def __str__(self) -> str:
        return f"look at simulation {self.run_id} by {self.user_id}"
