"""People who log in: residents by e-ID (personnummer), staff by their own accounts."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    # Twelve digits, no separator (YYYYMMDDNNNC); null for staff accounts without e-ID.
    personnummer = models.CharField(
        _("personal identity number"), max_length=12, unique=True, null=True, blank=True
    )
    preferred_language = models.CharField(_("language"), max_length=5, default="sv")
    # Fictional people offered by the built-in test identity provider (demo and tests only).
    is_demo_person = models.BooleanField(default=False)

    def display_name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.username


class Role(models.TextChoices):
    CASEWORKER = "caseworker", _("Caseworker")
    SERVICE_OWNER = "service_owner", _("Service owner")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")


class RoleGrant(models.Model):
    """A role given to a person, for one service or (service_id empty) for all services.

    Residents need no grant: everyone may apply and see their own cases. Caseworkers also
    belong to teams (workbench.Membership), which decide their queues.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=20, choices=Role.choices)
    service_id = models.SlugField(max_length=80, blank=True)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "service_id"], name="role_grant_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role} {self.service_id or '*'}"
