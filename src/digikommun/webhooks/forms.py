"""Parse the form that makes a subscription: what was typed is kept, errors are translated."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from .models import EventType


@dataclass
class SubscriptionInput:
    name: str = ""
    url: str = ""
    event_types: list[str] = field(default_factory=list)
    service_id: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    # Made when the form is shown and sent back with it: the form sent twice makes one.
    key: uuid.UUID = field(default_factory=uuid.uuid4)


def _key(value: str) -> uuid.UUID:
    """The form's key; a form without one (shown before keys) gets a fresh one."""
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError, AttributeError):
        return uuid.uuid4()


def subscription_parse(post, *, service_ids: set[str]) -> SubscriptionInput:
    given = SubscriptionInput(
        name=post.get("name", "").strip(),
        url=post.get("url", "").strip(),
        event_types=[e for e in post.getlist("event_types") if e in EventType.values],
        service_id=post.get("service_id", "").strip(),
        key=_key(post.get("key", "")),
    )
    if not given.name:
        given.errors["name"] = _("Give the subscription a name.")
    elif len(given.name) > 100:
        given.errors["name"] = _("Write at most 100 characters.")
    if not given.url:
        given.errors["url"] = _("Write the address the events are sent to.")
    else:
        try:
            URLValidator(schemes=["http", "https"])(given.url)
        except ValidationError:
            given.errors["url"] = _("Write a whole web address, starting with https://.")
        else:
            if len(given.url) > 500:
                given.errors["url"] = _("Write at most 500 characters.")
            elif getattr(settings, "WEBHOOKS_REQUIRE_HTTPS", False) and (
                urlsplit(given.url).scheme != "https"
            ):
                given.errors["url"] = _("The address must start with https://.")
    if not given.event_types:
        given.errors["event_types"] = _("Choose at least one event.")
    if given.service_id and given.service_id not in service_ids:
        given.errors["service_id"] = _("Choose a service from the list.")
    return given
