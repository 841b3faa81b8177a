"""Middleware of the abuse limits and hardening.

- UploadGuardMiddleware refuses a request whose Content-Length passes
  UPLOAD_MAX_REQUEST_BYTES before anything reads its body (bodies are read only in
  process_view and in views, after every middleware's process_request), and answers an
  abuse limit reached in a view (RateLimited) with the 429 page.
- PersonalPagesNoStoreMiddleware marks every page served to a logged-in person
  `Cache-Control: private, no-store`: Mina sidor, drafts, the register extract, the
  workbench. A response that set its own Cache-Control (a public photo) keeps it.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import patch_vary_headers

from .services import RateLimited
from .views import rate_limited, too_large


class UploadGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.UPLOAD_MAX_REQUEST_BYTES:
            # The body is not read (the WSGI server discards it; `digikommun serve` also
            # gives waitress the same limit, so it never buffers a larger body to disk).
            return too_large(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            return rate_limited(request, exception)
        return None


class PersonalPagesNoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "private, no-store"
            patch_vary_headers(response, ["Cookie"])
        return response
