"""The built-in test identity provider: a real OpenID Connect provider for demo and tests.

django-oauth-toolkit speaks the protocol; this module adds what an e-ID broker would:
a page where a fictional person is chosen (instead of BankID on a phone), and the
personal identity number as a claim, named as the Swedish OIDC profile names it.

The provider's notion of "who is logged in" is kept under its own session key, apart from
Django's login, so the platform's own login happens only when the OIDC callback succeeds.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.views import AuthorizationView

IDP_SESSION_KEY = "test_idp_person_id"
PNR_SCOPE = "https://id.oidc.se/scope/naturalPersonNumber"


class TestProviderValidator(OAuth2Validator):
    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        settings.PERSONNUMMER_CLAIM: PNR_SCOPE,
    }

    def get_additional_claims(self, request):
        user = request.user
        return {
            "given_name": user.first_name,
            "family_name": user.last_name,
            "name": f"{user.first_name} {user.last_name}".strip(),
            settings.PERSONNUMMER_CLAIM: user.personnummer or "",
        }


def _require_enabled() -> None:
    if not settings.TEST_IDP_ENABLED:
        raise Http404


class TestProviderAuthorizationView(AuthorizationView):
    """The authorize endpoint, authenticating against the provider's own session key."""

    def dispatch(self, request, *args, **kwargs):
        _require_enabled()
        person_id = request.session.get(IDP_SESSION_KEY)
        person = (
            get_user_model().objects.filter(pk=person_id, is_demo_person=True).first()
            if person_id
            else None
        )
        if person is None:
            return redirect(
                f"{reverse('idp_choose')}?{urlencode({'next': request.get_full_path()})}"
            )
        request.user = person
        return super().dispatch(request, *args, **kwargs)


@require_http_methods(["GET", "POST"])
def choose_person(request: HttpRequest) -> HttpResponse:
    """The provider's login page: pick one of the fictional demo people."""
    _require_enabled()
    next_url = request.POST.get("next") or request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    people = get_user_model().objects.filter(is_demo_person=True).order_by("last_name")
    if request.method == "POST":
        chosen = request.POST.get("person", "")
        person = people.filter(pk=int(chosen)).first() if chosen.isdigit() else None
        if person is not None:
            request.session[IDP_SESSION_KEY] = person.pk
            return redirect(next_url)
    return render(request, "identity/choose_person.html", {"people": people, "next": next_url})
