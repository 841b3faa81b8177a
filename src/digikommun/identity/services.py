"""Writes to identity: the demo people and the test identity provider's registered client."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from .models import User

# Fictional people with valid personal identity numbers (serial numbers 98xx, never issued
# to real people by Skatteverket's convention for test numbers). Used only with the test IdP.
DEMO_PEOPLE = [
    ("198507099805", "Anna", "Andersson"),
    ("199003159820", "Erik", "Eriksson"),
    ("197811029847", "Fatima", "Hassan"),
    ("195502289886", "Lars", "Nilsson"),
    ("200905209862", "Maja", "Lindqvist"),  # under 18: her applications go to a caseworker
    # Staff: caseworkers in social services and in traffic, and an auditor.
    ("198103129816", "Karin", "Berg"),
    ("197609219816", "Johan", "Ek"),
    ("198806149814", "Omar", "Ali"),
    ("196904059810", "Eva", "Holm"),
]


@transaction.atomic
def demo_people_ensure() -> list[User]:
    people = []
    for pnr, first, last in DEMO_PEOPLE:
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
