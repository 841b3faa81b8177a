"""Demo data for a first run: the service definitions, fictional people, the test IdP client."""

from __future__ import annotations

from django.conf import settings

from digikommun.catalog.models import ServiceVersion
from digikommun.catalog.services import services_publish_folder
from digikommun.identity import services as identity


def demo_is_loaded() -> bool:
    return ServiceVersion.objects.exists()


class DemoRefused(RuntimeError):
    """Demo data asked for where the settings do not allow it (production)."""


def demo_load(*, base_urls: list[str] | None = None) -> dict[str, int]:
    if not getattr(settings, "DEMO_DATA", False):
        raise DemoRefused("demo data is loaded only under the demo and test settings (DEMO_DATA)")
    published = services_publish_folder(path=settings.SERVICES_DIR, checks=False)
    people = identity.demo_people_ensure()
    demo_staff_ensure()
    _demo_courses()
    _demo_lending()
    if settings.TEST_IDP_ENABLED:
        bases = base_urls or ["http://127.0.0.1", "http://[::1]", "http://localhost"]
        redirects, logouts = identity.demo_redirect_uris(bases)
        identity.test_idp_client_ensure(redirect_uris=redirects, post_logout_redirect_uris=logouts)
    return {"services": len(published), "people": len(people)}


def _demo_courses() -> None:
    from digikommun.courses.demo import demo_courses_ensure
    from digikommun.identity.models import User

    # Johan Ek (a caseworker in the demo) also teaches the digital-skills courses.
    demo_courses_ensure(teacher=User.objects.filter(personnummer="197609219816").first())


def _demo_lending() -> None:
    from digikommun.lending.demo import demo_pools_ensure

    demo_pools_ensure()


# Demo teams and the staff in them: (team slug, names, services, caseworkers' personnummer).
DEMO_TEAMS = [
    (
        "socialtjanst-ekonomi",
        {"sv": "Socialtjänsten, ekonomiskt bistånd", "en": "Social services, financial assistance"},
        ["ekonomiskt-bistand"],
        ["198103129816", "197609219816"],
    ),
    (
        "trafik-tillstand",
        {"sv": "Trafikkontoret, tillstånd", "en": "Transport department, permits"},
        ["boendeparkering"],
        ["198806149814"],
    ),
    (
        "utbildning-elevstod",
        {"sv": "Utbildningsförvaltningen, elevstöd", "en": "Education department, pupil support"},
        ["telepresensrobot"],
        ["197609219816"],
    ),
    # Fault reports (felanmalan) are routed by category and district (services/felanmalan).
    (
        "stadsmiljo-gator",
        {
            "sv": "Trafikkontoret, gator och belysning",
            "en": "Transport department, streets and lighting",
        },
        ["felanmalan"],
        ["198806149814"],
    ),
    (
        "renhallning-innerstad",
        {"sv": "Renhållning, innerstaden", "en": "Cleaning, inner city"},
        ["felanmalan"],
        ["198806149814"],
    ),
    (
        "renhallning-ytterstad",
        {"sv": "Renhållning, ytterstaden", "en": "Cleaning, outer city"},
        ["felanmalan"],
        ["198806149814"],
    ),
]
DEMO_AUDITORS = ["196904059810"]


def demo_staff_ensure() -> None:
    from digikommun.identity.models import Role, RoleGrant, User
    from digikommun.workbench.models import Membership, Team

    for slug, name, service_ids, members in DEMO_TEAMS:
        team, _ = Team.objects.update_or_create(
            slug=slug, defaults={"name": name, "service_ids": service_ids}
        )
        for pnr in members:
            user = User.objects.get(personnummer=pnr)
            Membership.objects.get_or_create(team=team, user=user)
            for service_id in service_ids:
                RoleGrant.objects.get_or_create(
                    user=user, role=Role.CASEWORKER, service_id=service_id
                )
    for pnr in DEMO_AUDITORS:
        RoleGrant.objects.get_or_create(
            user=User.objects.get(personnummer=pnr), role=Role.AUDITOR, service_id=""
        )
