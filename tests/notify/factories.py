"""Notification settings as a person would save them."""

from __future__ import annotations

import factory

from digikommun.notify.models import NotificationPreference, all_events


class PreferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreference

    email = "anna.andersson@example.se"
    events = factory.LazyFunction(all_events)
    language = ""
