"""Factories for test data."""

from __future__ import annotations

import factory

from digikommun.identity.models import User


class ResidentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("personnummer",)

    personnummer = "198507099805"
    username = factory.LazyAttribute(lambda o: f"pnr-{o.personnummer}")
    first_name = "Anna"
    last_name = "Andersson"
