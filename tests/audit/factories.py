"""Factories for the audit tests: staff users who read and change cases."""

from __future__ import annotations

import factory

from digikommun.identity.models import User


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"handlaggare{n}")
    first_name = "Karin"
    last_name = factory.Sequence(lambda n: f"Berg{n}")
    is_staff = True
