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
