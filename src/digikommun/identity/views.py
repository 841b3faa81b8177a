"""Login and logout pages of the platform (the OIDC client side)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView


def login_page(request: HttpRequest) -> HttpResponse:
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    return render(request, "identity/login.html", {"next": next_url})


class EidCallbackView(OIDCAuthenticationCallbackView):
    def get(self, request):
        try:
            return super().get(request)
        except SuspiciousOperation:
            # A state that is unknown or used already (a reload, a back button, a forgery):
            # the login-failure page, where the person can simply log in again.
            return self.login_failure()

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


def _end_session(request: HttpRequest, then: str) -> HttpResponse:
    """End the session here and, when the provider supports it (RP-initiated logout), at the
    provider too, which then sends the person back to `then`."""
    id_token = request.session.get("oidc_id_token")
    logout(request)
    endpoint = getattr(settings, "OIDC_OP_LOGOUT_ENDPOINT", "")
    if id_token and endpoint:
        params = {
            "id_token_hint": id_token,
            "client_id": settings.OIDC_RP_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri(then),
        }
        return redirect(f"{endpoint}?{urlencode(params)}")
    return redirect(then)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """End the session here and, when the provider supports it, at the provider too."""
    return _end_session(request, reverse("identity:logged_out"))


@require_POST
def session_keepalive(request: HttpRequest) -> HttpResponse:
    """Stay logged in: any request renews the session (SESSION_SAVE_EVERY_REQUEST)."""
    if not request.user.is_authenticated:
        return JsonResponse({"active": False}, status=401)
    return JsonResponse({"active": True, "seconds": settings.SESSION_COOKIE_AGE})


@require_GET
def session_ended(request: HttpRequest) -> HttpResponse:
    """Where the page goes when the time without activity has run out (JavaScript on).

    The session has normally expired already; if another tab kept it alive it is ended now,
    here and at the provider, because this page said it would be.
    """
    if request.user.is_authenticated:
        return _end_session(request, reverse("portal:session_ended"))
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = ""
    return render(request, "identity/session_ended.html", {"next": next_url})


def logged_out(request: HttpRequest) -> HttpResponse:
    return render(request, "identity/logged_out.html")
