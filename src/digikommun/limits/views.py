"""The pages of the abuse limits: too many tries (429), too large (413), no room to store
the file (507), locked out of the password login (429, django-axes)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.defaults import bad_request as django_bad_request

from digikommun.common.problems import problem_response, wants_problem_details

from .services import RateLimited
from .uploads import RequestTooLarge, StorageFull, UploadProblem

MB = 1024 * 1024


def rate_limited(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    minutes = max(1, (exc.retry_after + 59) // 60)
    response: HttpResponse
    if wants_problem_details(request):
        response = problem_response(
            request, 429, _("Try again in %(minutes)s minutes.") % {"minutes": minutes}
        )
    else:
        response = render(
            request, "limits/429.html", {"minutes": minutes, "scope": exc.scope}, status=429
        )
    response["Retry-After"] = str(exc.retry_after)
    return response


def too_large(request: HttpRequest) -> HttpResponse:
    if wants_problem_details(request):
        return problem_response(
            request,
            413,
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
    if wants_problem_details(request):
        return problem_response(request, 507, _("Nothing was stored. Try again later."))
    return render(request, "limits/507.html", status=507)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """handler400: an upload problem gets its own page; anything else Django's 400."""
    if isinstance(exception, RequestTooLarge | RequestDataTooBig):
        return too_large(request)
    if isinstance(exception, StorageFull):
        return storage_full(request)
    if isinstance(exception, UploadProblem):
        if wants_problem_details(request):
            return problem_response(
                request, 400, _("Send it again."), title=_("The upload could not be taken")
            )
        return render(request, "limits/400.html", status=400)
    return django_bad_request(request, exception)
