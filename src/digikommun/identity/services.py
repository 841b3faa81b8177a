"""Writes to identity: the demo people and the test identity provider's registered client."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .models import User

# Fictional people with valid personal identity numbers (serial numbers 98xx, never issued
# to real people by Skatteverket's convention for test numbers). Used only with the test IdP.
DEMO_PEOPLE = [
    ("198507099805", "Anna", "Andersson"),
    ("199003159820", "Erik", "Eriksson"),
    ("197811029847", "Fatima", "Hassan"),
    ("195502289886", "Lars", "Nilsson"),
    # Two guardians with joint custody of a pupil (the telepresence robot demo).
    ("198204119823", "Sara", "Lund"),
    ("198409239814", "Mikael", "Lund"),
    # Maja Lindqvist, under 18 whatever the date (her applications go to a caseworker), is
    # added by demo_people() with a number made from today's date.
    # Staff: caseworkers in social services and in traffic, and an auditor.
    ("198103129816", "Karin", "Berg"),
    ("197609219816", "Johan", "Ek"),
    ("198806149814", "Omar", "Ali"),
    ("196904059810", "Eva", "Holm"),
]


def child_personnummer(*, today: datetime.date) -> str:
    """A valid number (test serial 986) of a girl born on 1 January twelve years before today's
    year: 11 or 12 years old, so always under 18."""
    stem = f"{today.year - 12:04d}0101986"
    total = 0
    for i, digit in enumerate(stem[2:]):  # the Luhn checksum over YYMMDDNNN
        x = int(digit) * (2 if i % 2 == 0 else 1)
        total += x // 10 + x % 10
    return stem + str((10 - total % 10) % 10)


def demo_people(*, today: datetime.date) -> list[tuple[str, str, str]]:
    child = (child_personnummer(today=today), "Maja", "Lindqvist")
    return [*DEMO_PEOPLE[:6], child, *DEMO_PEOPLE[6:]]


@transaction.atomic
def demo_people_ensure() -> list[User]:
    people = []
    listed = demo_people(today=timezone.localdate())
    # A demo person no longer listed (Maja of an earlier year) is no longer offered at login.
    User.objects.filter(is_demo_person=True).exclude(
        personnummer__in=[pnr for pnr, _, _ in listed]
    ).update(is_demo_person=False)
    for pnr, first, last in listed:
        user, _created = User.objects.update_or_create(
            personnummer=pnr,
            defaults={
                "username": f"pnr-{pnr}",
                "first_name": first,
                "last_name": last,
                "is_demo_person": True,
            },
        )
        if user.has_usable_password():
            user.set_unusable_password()
            user.save(update_fields=["password"])
        people.append(user)
    return people


def test_idp_client_ensure(*, redirect_uris: list[str], post_logout_redirect_uris: list[str]):
    """Register the platform as a client of the built-in provider (demo and tests only)."""
    if not settings.TEST_IDP_ENABLED:
        raise RuntimeError("the test identity provider is not enabled")
    from oauth2_provider.models import get_application_model

    Application = get_application_model()
    app = Application.objects.filter(client_id=settings.OIDC_RP_CLIENT_ID).first() or Application(
        client_id=settings.OIDC_RP_CLIENT_ID
    )
    app.name = "Digikommun portal"
    app.client_type = Application.CLIENT_CONFIDENTIAL
    app.authorization_grant_type = Application.GRANT_AUTHORIZATION_CODE
    app.algorithm = Application.RS256_ALGORITHM
    app.skip_authorization = True
    app.redirect_uris = " ".join(redirect_uris)
    app.post_logout_redirect_uris = " ".join(post_logout_redirect_uris)
    app.client_secret = settings.OIDC_RP_CLIENT_SECRET  # hashed on save
    app.save()
    return app


def demo_redirect_uris(base_urls: list[str]) -> tuple[list[str], list[str]]:
    return (
        [f"{b.rstrip('/')}/oidc/callback/" for b in base_urls],
        [f"{b.rstrip('/')}/logged-out/" for b in base_urls],
    )


def resident_for(*, personnummer: str, first_name: str = "", last_name: str = "") -> User:
    """The resident with this personal identity number (already normalised), made as the
    e-ID login makes one when there is none yet (an application made on their behalf)."""
    user = User.objects.filter(personnummer=personnummer).first()
    if user is not None:
        return user
    user = User.objects.create_user(
        username=f"pnr-{personnummer}",
        personnummer=personnummer,
        first_name=first_name[:150],
        last_name=last_name[:150],
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return user
