"""Login and logout pages of the platform (the OIDC client side)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView


def login_page(request: HttpRequest) -> HttpResponse:
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    return render(request, "identity/login.html", {"next": next_url})


class EidCallbackView(OIDCAuthenticationCallbackView):
    def login_failure(self):
        messages.error(self.request, _("The login did not succeed. Please try again."))
        return redirect("identity:login")

    def login_success(self):
        response = super().login_success()
        language = getattr(self.request, "LANGUAGE_CODE", None)
        if language and language != self.user.preferred_language:
            self.user.preferred_language = language
            self.user.save(update_fields=["preferred_language"])
        return response


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """End the session here and, when the provider supports it, at the provider too."""
    id_token = request.session.get("oidc_id_token")
    logout(request)
    endpoint = (
        settings.OIDC_OP_LOGOUT_ENDPOINT if hasattr(settings, "OIDC_OP_LOGOUT_ENDPOINT") else ""
    )
    if id_token and endpoint:
        params = {
            "id_token_hint": id_token,
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("identity:logged_out")),
        }
        return redirect(f"{endpoint}?{urlencode(params)}")
    return redirect("identity:logged_out")


def logged_out(request: HttpRequest) -> HttpResponse:
    return render(request, "identity/logged_out.html")
