"""Demo data for a first run: the service definitions, fictional people, the test IdP client."""

from __future__ import annotations

from django.conf import settings

from digikommun.catalog.models import ServiceVersion
from digikommun.catalog.services import services_publish_folder
from digikommun.identity import services as identity


def demo_is_loaded() -> bool:
    return ServiceVersion.objects.exists()


def demo_load(*, base_urls: list[str] | None = None) -> dict[str, int]:
    published = services_publish_folder(path=settings.SERVICES_DIR)
    people = identity.demo_people_ensure()
    if settings.TEST_IDP_ENABLED:
        bases = base_urls or ["http://127.0.0.1", "http://[::1]", "http://localhost"]
        redirects, logouts = identity.demo_redirect_uris(bases)
        identity.test_idp_client_ensure(redirect_uris=redirects, post_logout_redirect_uris=logouts)
    return {"services": len(published), "people": len(people)}
