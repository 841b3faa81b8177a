"""The pages of the abuse limits: too many tries (429), too large (413), no room to store
the file (507), locked out of the password login (429, django-axes)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.defaults import bad_request as django_bad_request

from .services import RateLimited
from .uploads import RequestTooLarge, StorageFull, UploadProblem

MB = 1024 * 1024


def _machine(request: HttpRequest) -> bool:
    """A machine client (the JSON API, or one that asks for JSON) gets RFC 9457 problem
    details instead of a page."""
    accept = request.headers.get("Accept", "")
    return request.path.startswith("/api/") or ("json" in accept and "text/html" not in accept)


def _problem(status: int, title: str, detail: str) -> HttpResponse:
    return JsonResponse(
        {"type": "about:blank", "title": title, "status": status, "detail": detail},
        status=status,
        content_type="application/problem+json",
    )


def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    minutes = max(1, (exc.retry_after + 59) // 60)
    if _machine(request):
        response = _problem(
            429,
            _("Too many requests"),
            _("Try again in %(minutes)s minutes.") % {"minutes": minutes},
        )
    else:
        response = render(
            request, "limits/429.html", {"minutes": minutes, "scope": exc.scope}, status=429
        )
    response["Retry-After"] = str(exc.retry_after)
    return response


def too_large(request: HttpRequest) -> HttpResponse:
    if _machine(request):
        return _problem(
            413,
            _("The request is too large"),
            _("A request may carry at most %(max_mb)s MB.")
            % {"max_mb": settings.UPLOAD_MAX_REQUEST_BYTES // MB},
        )
    return render(
        request,
        "limits/413.html",
        {"max_mb": settings.UPLOAD_MAX_REQUEST_BYTES // MB},
        status=413,
    )


def storage_full(request: HttpRequest) -> HttpResponse:
    if _machine(request):
        return _problem(
            507,
            _("There is no room to store the file"),
            _("Nothing was stored. Try again later."),
        )
    return render(request, "limits/507.html", status=507)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """handler400: an upload problem gets its own page; anything else Django's 400."""
    if isinstance(exception, RequestTooLarge | RequestDataTooBig):
        return too_large(request)
    if isinstance(exception, StorageFull):
        return storage_full(request)
    if isinstance(exception, UploadProblem):
        if _machine(request):
            return _problem(400, _("The upload could not be taken"), _("Send it again."))
        return render(request, "limits/400.html", status=400)
    return django_bad_request(request, exception)
