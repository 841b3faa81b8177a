"""Serving an uploaded file, only to those allowed to see it."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest

from . import selectors
from .services import storage


@login_required
def download(request: HttpRequest, key: uuid.UUID) -> FileResponse:
    stored = selectors.file_for_viewer(user=request.user, key=key)
    if stored is None:
        raise Http404  # the same answer whether the file exists or not
    response = FileResponse(
        storage().open(stored.blob, "rb"),
        as_attachment=True,
        filename=stored.name,
        content_type=stored.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    # Downloaded, never shown as a page of this site.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; img-src 'self'"
    return response
