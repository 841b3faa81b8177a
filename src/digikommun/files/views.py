"""Serving an uploaded file, only to those allowed to see it."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest

from digikommun.audit.services import audit_log

from . import selectors
from .services import storage


@login_required
def download(request: HttpRequest, key: uuid.UUID) -> FileResponse:
    stored = selectors.file_for_viewer(user=request.user, key=key)
    if stored is None:
        raise Http404  # the same answer whether the file exists or not
    if stored.owner_id != request.user.pk:
        # Someone else's file (a caseworker's or an auditor's read of personal data): logged.
        audit_log(
            actor=request.user,
            action="file.read",
            case_id=stored.case_id,
            detail={"file": str(stored.key), "name": stored.name},
        )
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
